"""Context data import («Контекст»): counts per school and academic year; empty = unknown."""

from __future__ import annotations

import io

import pytest

from schools.imports.context_resource import ContextResource
from schools.imports.kinds import CONTEXT
from schools.imports.services import import_apply, import_preview, template_xlsx
from schools.models import FACTOR_KEYS, SchoolContext
from tests.factories import MunicipalityFactory, RegionFactory, SchoolFactory

from .workbooks import CONTEXT_HEADER, context_row, fill_template, xlsx

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(SchoolContext.objects.values_list("school_id", "year", "total", *FACTOR_KEYS, "version")),
        SchoolContext.history.count(),
    )


def _apply(data: bytes, user=None):
    return import_apply(kind="context", file=io.BytesIO(data), user=user)


def test_every_factor_has_a_column_and_a_resource_field():
    keys = {c.key for c in CONTEXT.columns}
    assert set(FACTOR_KEYS) <= keys
    assert set(FACTOR_KEYS) <= set(ContextResource.fields)


def test_template_round_trip(world):
    data = fill_template(
        template_xlsx("context"),
        [
            context_row("A-1", name="Школа А-1", total=500, factors=[100, 50, 5, 10, 40, 30, 20, 3, 7, 12]),
            context_row("A-2", year=2024, total=300),
        ],
    )
    outcome = _apply(data)
    assert outcome.applied and (outcome.new, outcome.updated) == (2, 0)
    context = SchoolContext.objects.get(school=world.school_a, year=2024)
    assert (context.total, context.parents_higher_ed, context.disabilities) == (500, 100, 12)
    assert SchoolContext.objects.get(school=world.school_a2).year == 2024


def test_real_world_messy_file(world):
    rows = [
        [
            " A-1 ",
            "Школа А-1",
            "2023-2024",
            "1 234",
            "12,0",
            "5 %",
            None,
            "1\u00a0000",
            " 7 ",
            None,
            None,
            None,
            None,
            None,
        ],
        ["A-2", "Школа А-2", "2022/2023", 250.0, "0", "", "", "", "", "", "", "", "", ""],
    ]
    data = xlsx(CONTEXT_HEADER, rows, title="Контекстные данные за два года", notes=1)
    outcome = _apply(data)
    assert outcome.problems == []
    first = SchoolContext.objects.get(school=world.school_a, year=2024)
    assert (
        first.total,
        first.parents_higher_ed,
        first.single_parent,
        first.on_register,
        first.non_native,
        first.low_income,
    ) == (1234, 12, 5, None, 1000, 7)
    second = SchoolContext.objects.get(school=world.school_a2, year=2023)
    # an empty factor cell is unknown, never zero
    assert second.parents_higher_ed == 0 and second.single_parent is None


def test_dry_run_changes_nothing(world):
    before = _state()
    outcome = import_preview(kind="context", file=io.BytesIO(xlsx(CONTEXT_HEADER, [context_row("A-1")])), user=None)
    assert outcome.new == 1 and not outcome.applied
    assert _state() == before


def test_reimport_is_unchanged_and_writes_no_history(world):
    data = xlsx(CONTEXT_HEADER, [context_row("A-1"), context_row("A-2", year="2022/2023")])
    _apply(data)
    before = _state()
    outcome = _apply(data)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, 2)
    assert _state() == before


def test_corrected_file_updates_in_place_and_bumps_the_version(world):
    _apply(xlsx(CONTEXT_HEADER, [context_row("A-1", total=500)]))
    context = SchoolContext.objects.get()
    factors = [10 * (i + 1) for i in range(len(FACTOR_KEYS))]
    factors[0] = None  # the corrected file no longer knows this factor
    outcome = _apply(xlsx(CONTEXT_HEADER, [context_row("A-1", total=510, factors=factors)]))
    assert (outcome.new, outcome.updated) == (0, 1)
    context.refresh_from_db()
    assert (context.pk, context.total, context.parents_higher_ed, context.version) == (
        context.pk,
        510,
        None,
        2,
    )
    assert list(context.history.values_list("history_type", flat=True)) == ["~", "+"]


@pytest.mark.parametrize(
    ("row", "column", "value", "reason"),
    [
        (context_row("A-1", total=-5), "Обучающихся всего", "-5", "не может быть отрицательным"),
        (
            context_row("A-1", total="много"),
            "Обучающихся всего",
            "много",
            "не число: укажите целое число без букв",
        ),
        (context_row("A-1", total=None), "Обучающихся всего", "", "не заполнено: укажите число"),
        (context_row("A-1", total="12,5"), "Обучающихся всего", "12,5", "должно быть целым числом"),
        (
            context_row("A-1", total="1e12"),
            "Обучающихся всего",
            "1e12",
            "не число: укажите целое число без букв",
        ),
        (
            context_row("A-1", total=10**12),
            "Обучающихся всего",
            "1000000000000",
            "слишком большое число",
        ),
        (
            context_row("A-1", factors=[-1] + [None] * 9),
            "Оба родителя с высшим образованием",
            "-1",
            "не может быть отрицательным",
        ),
        (
            context_row("A-1", total=100, factors=[None] * 9 + [150]),
            "Обучающиеся с ОВЗ",
            "150",
            "«Обучающиеся с ОВЗ»: 150 больше, чем обучающихся всего (100).",
        ),
        (context_row("Z-404"), "Код ОО", "Z-404", "школа с таким кодом ОО не найдена в портале"),
        (
            context_row("A-1", year="2023/2025"),
            "Учебный год",
            "2023/2025",
            "«2023/2025»: второй год должен следовать за первым",
        ),
        (
            context_row("A-1", year=None),
            "Учебный год",
            "",
            "не заполнено: укажите учебный год, например 2023/2024",
        ),
    ],
)
def test_bad_values_are_reported_and_nothing_is_written(world, row, column, value, reason):
    before = _state()
    outcome = _apply(xlsx(CONTEXT_HEADER, [context_row("A-2"), row]))
    assert [(p.sheet, p.row, p.column, p.value, p.reason) for p in outcome.problems] == [
        ("Лист1", 3, column, value, reason)
    ]
    assert not outcome.applied
    assert _state() == before


def test_count_above_total_is_reported_even_when_another_cell_fails(world):
    outcome = _apply(xlsx(CONTEXT_HEADER, [context_row("A-1", total=100, factors=["x", 200] + [None] * 8)]))
    assert {p.column for p in outcome.problems} == {
        "Оба родителя с высшим образованием",
        "Из неполных семей",
    }


def test_duplicate_school_and_year_in_one_file(world):
    before = _state()
    rows = [
        context_row("A-1", year="2023/2024"),
        context_row("A-1", year=2023),
        context_row("A-1", year="2023-2024"),
    ]
    outcome = _apply(xlsx(CONTEXT_HEADER, rows))
    assert [(p.row, p.column) for p in outcome.problems] == [(4, "Код ОО")]
    assert "уже есть в строке 2" in outcome.problems[0].reason
    assert _state() == before


def test_code_shared_by_two_regions(world):
    other = MunicipalityFactory(region=RegionFactory(code="79", name="Третья область"), name="Город В")
    SchoolFactory(municipality=other, code="A-1", short_name="Школа В-1")
    outcome = _apply(xlsx(CONTEXT_HEADER, [context_row("A-1")]))  # the system cannot choose
    assert outcome.problems[0].reason.startswith("код ОО неоднозначен")
    # a committee member means their own school
    outcome = _apply(xlsx(CONTEXT_HEADER, [context_row("A-1")]), user=world.staff_a)
    assert outcome.applied
    assert SchoolContext.objects.get().school == world.school_a
