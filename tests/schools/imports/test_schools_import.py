"""The school registry import («Школы»): template round trip, idempotence, updates in place,
unknown regions and municipalities, duplicates, wrong values — and never a half import."""

from __future__ import annotations

import io
from unittest import mock

import pytest

from schools.imports.services import import_apply, import_preview, template_xlsx
from schools.models import Municipality, Region, School

from .workbooks import REGION, SCHOOL_HEADER, fill_template, school_row, xlsx

pytestmark = pytest.mark.django_db


def _state():
    """Everything an import could touch, to assert that nothing changed."""
    return (
        sorted(
            School.objects.values_list(
                "region_id",
                "code",
                "name",
                "short_name",
                "type",
                "municipality_id",
                "locality",
                "small_class",
                "remote",
            )
        ),
        sorted(Region.objects.values_list("code", "name")),
        sorted(Municipality.objects.values_list("region_id", "code", "name")),
        School.history.count(),
        Municipality.history.count(),
    )


def _apply(data: bytes, user=None, **kwargs):
    return import_apply(kind="schools", file=io.BytesIO(data), user=user, **kwargs)


def test_template_round_trip(world):
    data = fill_template(
        template_xlsx("schools"),
        [
            school_row(
                "A-10",
                short="Школа А-10",
                type="гимназия",
                small="да",
                address="ул. Мира, 1",
                director="Петрова А. А.",
            ),
            school_row("A-11", type="лицей", locality="сельская", remote="да"),
        ],
    )
    outcome = _apply(data)
    assert outcome.applied and not outcome.problems
    assert (outcome.new, outcome.updated, outcome.unchanged) == (2, 0, 0)
    school = School.objects.get(code="A-10")
    assert (
        school.short_name,
        school.type,
        school.small_class,
        school.address,
        school.director,
    ) == ("Школа А-10", School.Type.GYMNASIUM, True, "ул. Мира, 1", "Петрова А. А.")
    assert school.municipality == world.mun_a and school.region == world.region
    other = School.objects.get(code="A-11")
    assert (other.locality, other.remote, other.small_class) == (School.Locality.RURAL, True, False)
    # every created school has its historical record, with the import as the reason
    assert school.history.get().history_change_reason == "Загрузка файла «xlsx»"


def test_real_world_messy_file(world):
    rows = [
        [
            " A-20 ",
            "  МБОУ  «Гимназия № 20» ",
            "Гимназия № 20",
            "ГИМНАЗИЯ",
            "тестовая  область",
            "город а",
            None,
            "Городская",
            "Да",
            None,
            None,
            None,
        ],
        [
            12345,
            "МБОУ ООШ",
            "ООШ 12345",
            "основная общеобразовательная школа",
            REGION,
            "Город А",
            "с. Берёзовка",
            "сельская",
            "нет",
            "да",
            "",
            "",
        ],
        [
            "A-22",
            "МБОУ СОШ",
            "СОШ A-22",
            "средняя общеобразовательная школа (СОШ)",
            REGION,
            "Город А",
            "",
            "городская",
            "",
            "",
            "",
            "",
        ],
    ]
    data = xlsx(
        ["Полное наименование ", *SCHOOL_HEADER[2:], "Код ОО:"],
        [r[1:] + r[:1] for r in rows],
        title="Реестр образовательных организаций",
        notes=1,
    )
    outcome = _apply(data)
    assert outcome.problems == []
    assert outcome.new == 3
    gymnasium = School.objects.get(code="A-20")
    assert (gymnasium.name, gymnasium.type, gymnasium.small_class, gymnasium.municipality) == (
        "МБОУ «Гимназия № 20»",
        School.Type.GYMNASIUM,
        True,
        world.mun_a,
    )
    assert School.objects.get(code="12345").type == School.Type.OOSH
    assert School.objects.get(code="A-22").type == School.Type.SOSH


def test_dry_run_changes_nothing(world):
    before = _state()
    outcome = import_preview(kind="schools", file=io.BytesIO(xlsx(SCHOOL_HEADER, [school_row("A-30")])), user=None)
    assert outcome.new == 1 and not outcome.applied
    assert _state() == before


def test_reimport_is_unchanged_and_writes_no_history(world):
    data = xlsx(SCHOOL_HEADER, [school_row("A-40"), school_row("A-41")])
    _apply(data)
    before = _state()
    outcome = _apply(data)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, 2)
    assert _state() == before


def test_corrected_file_updates_in_place(world):
    _apply(xlsx(SCHOOL_HEADER, [school_row("A-50", director="Старый Д. Д.")]))
    school = School.objects.get(code="A-50")
    outcome = _apply(xlsx(SCHOOL_HEADER, [school_row("A-50", director="Новый Н. Н.", type="лицей")]))
    assert (outcome.new, outcome.updated) == (0, 1)
    school.refresh_from_db()
    assert (school.director, school.type) == ("Новый Н. Н.", School.Type.LYCEUM)
    assert School.objects.filter(code="A-50").count() == 1
    assert list(school.history.values_list("history_type", flat=True)) == ["~", "+"]


def test_existing_school_of_the_world_is_updated_by_region_and_code(world):
    outcome = _apply(xlsx(SCHOOL_HEADER, [school_row("A-1", short="Школа А-1 (новое имя)")]))
    assert outcome.updated == 1
    world.school_a.refresh_from_db()
    assert world.school_a.short_name == "Школа А-1 (новое имя)"


def test_absent_optional_column_is_left_alone(world):
    School.objects.filter(pk=world.school_a.pk).update(address="ул. Садовая, 5")
    header = [t for t in SCHOOL_HEADER if t != "Адрес"]
    row = [v for t, v in zip(SCHOOL_HEADER, school_row("A-1", short="Школа А-1"), strict=True) if t != "Адрес"]
    _apply(xlsx(header, [row]))
    world.school_a.refresh_from_db()
    assert world.school_a.address == "ул. Садовая, 5"


def test_unknown_region_and_municipality_are_errors_without_create_missing(world):
    before = _state()
    data = xlsx(
        SCHOOL_HEADER,
        [
            school_row("N-1", region="Новая область", municipality="Новоград"),
            school_row("N-2", municipality="Посёлок Новый"),
        ],
    )
    outcome = _apply(data)
    assert not outcome.applied
    reasons = {(p.row, p.column): p.reason for p in outcome.problems}
    assert reasons[(2, "Регион")].startswith("регион не найден в портале")
    assert reasons[(3, "Муниципалитет")].startswith("муниципалитет не найден в регионе «Тестовая область»")
    assert "--create-missing" in reasons[(2, "Регион")]
    assert _state() == before


def test_create_missing_preview_lists_then_apply_creates(world):
    data = xlsx(
        SCHOOL_HEADER,
        [
            school_row("N-1", region="Новая область", municipality="Новоград"),
            school_row("N-2", municipality="Посёлок Новый"),
            school_row("N-3", municipality="посёлок  новый"),
        ],
    )
    before = _state()
    preview = import_preview(kind="schools", file=io.BytesIO(data), user=None)
    assert preview.problems == []
    assert preview.to_create == {
        "regions": ["Новая область"],
        "municipalities": ["Новоград (Новая область)", "Посёлок Новый (Тестовая область)"],
    }
    assert _state() == before
    outcome = _apply(data, create_missing=True)
    assert outcome.applied and outcome.new == 3
    region = Region.objects.get(name="Новая область")
    novograd = Municipality.objects.get(name="Новоград")
    assert novograd.region == region and novograd.history.count() == 1
    assert School.objects.get(code="N-1").municipality == novograd
    assert School.objects.filter(municipality__name="Посёлок Новый").count() == 2


def test_duplicate_codes_in_one_file(world):
    before = _state()
    outcome = _apply(xlsx(SCHOOL_HEADER, [school_row("A-60"), school_row("A-61"), school_row("A-60")]))
    assert [(p.row, p.column, p.value) for p in outcome.problems] == [(4, "Код ОО", "A-60")]
    assert "уже есть в строке 2" in outcome.problems[0].reason
    assert _state() == before


def test_wrong_values_are_reported_per_cell_and_nothing_is_written(world):
    before = _state()
    rows = [
        school_row("A-70"),  # valid, must not be written either
        school_row("A-71", type="колледж", locality="пригород", small="может быть"),
        ["", "МБОУ без кода", None, *school_row("x")[3:]],
    ]
    outcome = _apply(xlsx(SCHOOL_HEADER, rows))
    problems = {(p.row, p.column): (p.value, p.reason) for p in outcome.problems}
    assert problems[(3, "Тип")][0] == "колледж"
    assert problems[(3, "Тип")][1].startswith("недопустимое значение; допустимые: НОШ, ООШ, СОШ")
    assert problems[(3, "Городская/сельская")][1] == ("недопустимое значение; допустимые: городская, сельская")
    assert problems[(3, "Малокомплектная")][1] == "недопустимое значение; допустимые: да, нет или пусто"
    assert problems[(4, "Код ОО")][1] == "не заполнено"
    assert problems[(4, "Краткое наименование")][1] == "не заполнено"
    assert outcome.invalid_rows == 2 and not outcome.applied
    assert _state() == before


def test_text_longer_than_the_field(world):
    outcome = _apply(xlsx(SCHOOL_HEADER, [school_row("К" * 40)]))
    assert outcome.problems[0].column == "Код ОО"
    assert "не более 32 символов" in outcome.problems[0].reason


def test_a_database_failure_while_writing_rolls_everything_back(world):
    from django.db import IntegrityError

    before = _state()
    data = xlsx(SCHOOL_HEADER, [school_row("A-80"), school_row("A-1", short="Школа А-1 (новое)")])
    with mock.patch(
        "schools.imports.resource_base.bulk_update_with_history",
        side_effect=IntegrityError("duplicate key value violates unique constraint"),
    ):
        outcome = _apply(data)
    assert not outcome.applied
    assert outcome.problems[0].row is None
    assert outcome.problems[0].reason.startswith("Не удалось записать данные: все изменения отменены")
    assert "duplicate key" not in outcome.problems[0].reason  # internals stay in the log
    assert _state() == before  # the schools created before the failing update are gone too
