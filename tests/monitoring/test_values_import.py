"""The «Значения показателей» import: clean and messy files, broken files (unknown indicator,
value out of range, text in a number cell, unknown school, …) that change nothing and say why in
Russian, per-row permissions for every persona, and a query count that does not grow with rows."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.imports import VALUES
from monitoring.models import IndicatorValue, Period
from schools.access import scope_of
from schools.imports.registry import get_kind
from schools.imports.services import import_apply, import_preview, template_xlsx
from tests.factories import SchoolFactory
from tests.schools.imports.workbooks import as_file, fill_template, read_back, xlsx

from .indicator_helpers import academic, media_root, put  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
D = Decimal
HEADER = ["Код ОО", "Наименование ОО", "Муниципалитет", "Показатель", "Период", "Значение"]


def row(code, indicator, period, value, *, municipality=None, name=""):
    return [code, name, municipality, indicator, period, value]


def _apply(rows, user=None, header=HEADER, **kwargs):
    return import_apply(kind="values", file=io.BytesIO(xlsx(header, rows, **kwargs)), user=user)


def _state():
    return sorted(
        IndicatorValue.objects.values_list(
            "indicator__code", "school_id", "municipality_id", "period_id", "value", "version"
        )
    )


def _reasons(outcome) -> dict[tuple[int | None, str], str]:
    return {(p.row, p.column): p.reason for p in outcome.problems}


def test_kind_is_registered_with_its_permission():
    kind = get_kind("values")
    assert kind is VALUES
    assert kind.permission == "monitoring.import_values"
    assert [c.title for c in kind.columns] == HEADER


def test_template_round_trip_and_computed_shares(world):
    data = fill_template(
        template_xlsx("values"),
        [
            row("A-1", "teachers_total", "2023/2024", 40),
            row("A-1", "teachers_trained", "2023/2024", 10),
            row(None, "schools_supported", "2023/2024", 2, municipality="Город А"),
        ],
    )
    outcome = import_apply(kind="values", file=io.BytesIO(data), user=world.staff_a, file_name="значения.xlsx")
    assert outcome.applied and (outcome.new, outcome.updated) == (3, 0), outcome.problems
    total = IndicatorValue.objects.get(indicator__code="teachers_total")
    assert (total.school, total.value, total.source, total.entered_by) == (
        world.school_a,
        D(40),
        "import",
        world.staff_a,
    )
    assert total.period.kind == Period.Kind.ACADEMIC_YEAR and total.period.year == 2024
    assert "значения.xlsx" in total.source_ref
    assert total.history.get().history_user == world.staff_a
    # The share computed from the two counts, in the same transaction.
    share = IndicatorValue.objects.get(indicator__code="share_teachers_trained")
    assert (share.school, share.value, share.source) == (world.school_a, D(25), "computed")
    assert IndicatorValue.objects.get(indicator__code="schools_supported").municipality == world.mun_a


def test_messy_real_world_file(world):
    rows = [
        [" A-1 ", "Школа А-1", "Город А", "Численность педагогических работников", "2024 г.", "1 234"],
        ["A-1", "", "", "TEACHER_POSITIONS", "1 квартал 2024", "12,5"],
        ["A-2", "", None, "service_quality_score", "2023-2024", "87,5 %"],
    ]
    outcome = _apply(rows, world.staff_a, title="Мониторинг за 2024 год", notes=1)
    assert outcome.problems == [] and outcome.new == 3
    values = {v.indicator.code: v for v in IndicatorValue.objects.select_related("indicator", "period")}
    assert values["teachers_total"].value == D(1234) and values["teachers_total"].period.kind == "year"
    assert values["teacher_positions"].value == D("12.5")
    assert (values["teacher_positions"].period.kind, values["teacher_positions"].period.quarter) == ("quarter", 1)
    assert values["service_quality_score"].value == D("87.5")


def test_reimporting_the_same_file_changes_nothing(world):
    rows = [row("A-1", "teachers_total", "2023/2024", 40)]
    _apply(rows, world.staff_a)
    outcome = _apply(rows, world.staff_a)
    assert outcome.applied and (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, 1)
    outcome = _apply([row("A-1", "teachers_total", "2023/2024", 41)], world.staff_a)
    assert outcome.updated == 1
    assert IndicatorValue.objects.get().version == 2


# --- broken files: nothing changes, every reason in Russian ------------------------------------


@pytest.mark.parametrize(
    ("bad", "column", "fragment"),
    [
        (row("A-1", "no_such_indicator", "2023/2024", 5), "Показатель", "показатель не найден в каталоге"),
        (
            row("A-1", "service_quality_score", "2023/2024", 120),
            "Значение",
            "вне допустимого диапазона (от 0 до 100): введено 120",
        ),
        (row("A-1", "teachers_total", "2023/2024", -3), "Значение", "не меньше 0"),
        (row("A-1", "teachers_total", "2023/2024", "сорок"), "Значение", "не число"),
        (row("A-1", "teachers_total", "2023/2024", "12,5"), "Значение", "целым числом"),
        (row("A-1", "teachers_total", "2023/2024", None), "Значение", "не заполнено"),
        (row("Z-404", "teachers_total", "2023/2024", 5), "Код ОО", "школа с таким кодом ОО не найдена"),
        (row("A-1", "teachers_total", "весна", 5), "Период", "период должен быть вида"),
        (row("A-1", "share_teachers_trained", "2023/2024", 50), "Показатель", "вычисляется по формуле"),
        (row("A-1", "quality_group", "2023/2024", 5), "Показатель", "из расчётов портала"),
        (row("A-1", "schools_supported", "2023/2024", 5), "Код ОО", "по муниципалитету"),
        (row(None, "teachers_total", "2023/2024", 5, municipality="Город А"), "Муниципалитет", "по школам"),
        (
            row(None, "schools_supported", "2023/2024", 5, municipality="Атлантида"),
            "Муниципалитет",
            "муниципалитет не найден",
        ),
        (row(None, "teachers_total", "2023/2024", 5), "Код ОО", "не заполнено: укажите код ОО"),
        (
            row("A-1", "teachers_total", "2023/2024", 5, municipality="Город Б"),
            "Муниципалитет",
            "относится к муниципалитету «Город А»",
        ),
    ],
)
def test_broken_row_changes_nothing(world, bad, column, fragment):
    put("teachers_total", academic(2023), 30, school=world.school_a2)
    before = _state()
    good = row("A-2", "teachers_total", "2023/2024", 35)
    outcome = _apply([good, bad], world.staff_a)
    assert not outcome.applied
    reasons = _reasons(outcome)
    assert fragment in reasons[(3, column)], reasons
    assert _state() == before  # the valid row is not written either: all or nothing
    assert outcome.invalid_rows == 1


def test_problem_names_sheet_row_column_value(world):
    outcome = _apply([row("A-1", "teachers_total", "2023/2024", "сорок")], world.staff_a, sheet="Данные")
    [problem] = outcome.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("Данные", 2, "Значение", "сорок")
    assert str(problem).startswith("Лист «Данные», строка 2, столбец «Значение», значение «сорок»: не число")


def test_numerator_above_denominator_in_the_same_file(world):
    outcome = _apply(
        [row("A-1", "teachers_total", "2023/2024", 20), row("A-1", "teachers_trained", "2023/2024", 30)], world.staff_a
    )
    # The indicators by their names, not their catalogue codes.
    assert "(30) больше, чем «Численность педагогических работников» (20)" in _reasons(outcome)[(3, "Значение")]
    assert "teachers_" not in _reasons(outcome)[(3, "Значение")]
    assert IndicatorValue.objects.count() == 0


def test_numerator_above_the_stored_denominator(world):
    put("teachers_total", academic(2024), 20, school=world.school_a)
    outcome = _apply([row("A-1", "teachers_trained", "2023/2024", 21)], world.staff_a)
    assert "больше, чем «Численность педагогических работников» (20)" in _reasons(outcome)[(2, "Значение")]
    # The file's own denominator wins over the stored one.
    outcome = _apply(
        [row("A-1", "teachers_trained", "2023/2024", 21), row("A-1", "teachers_total", "2023/2024", 25)], world.staff_a
    )
    assert outcome.applied, outcome.problems


def test_duplicate_rows(world):
    outcome = _apply(
        [
            row("A-1", "teachers_total", "2023/2024", 20),
            row("A-1", "teachers_total", "2024", 21),
            row("A-1", "teachers_total", "2023-2024", 22),
        ],
        world.staff_a,
    )
    assert "уже есть в строке 2" in _reasons(outcome)[(4, "Показатель")]
    assert len(outcome.problems) == 1


def test_file_without_the_required_columns():
    from schools.imports.reader import ImportFileError

    with pytest.raises(ImportFileError) as caught:
        _apply([["A-1", 5]], header=["Код ОО", "Значение"])
    assert "нет обязательных столбцов" in str(caught.value) and "«Показатель»" in str(caught.value)


def test_error_report_workbook_in_the_web_flow(world, client_for, media_root):  # noqa: F811
    data = xlsx(HEADER, [row("A-1", "teachers_total", "2023/2024", 5), row("Z-404", "teachers_total", "2023/2024", 5)])
    client = client_for(world.staff_a)
    response = client.post("/import/values/", {"file": as_file(data)})
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "школа с таким кодом ОО не найдена в портале" in detail.content.decode()
    batch_id = int(response["Location"].rstrip("/").split("/")[-1])
    report = read_back(b"".join(client.get(f"/import/batch/{batch_id}/errors.xlsx").streaming_content))
    assert report[0][-2:] == ("Ошибка", "Строка в исходном файле")
    assert IndicatorValue.objects.count() == 0


# --- permissions, per persona --------------------------------------------------------------------


def test_staff_b_cannot_import_values_of_municipality_a(world):
    outcome = _apply(
        [
            row("A-1", "teachers_total", "2023/2024", 5),
            row(None, "schools_supported", "2023/2024", 2, municipality="Город А"),
        ],
        world.staff_b,
    )
    reasons = _reasons(outcome)
    assert reasons[(2, "Код ОО")] == "нет прав на значения показателей «Школа А-1» (Город А)"
    assert reasons[(3, "Муниципалитет")] == "нет прав на значения показателей «Город А» (Тестовая область)"
    assert IndicatorValue.objects.count() == 0


def test_staff_a_cannot_import_into_municipality_b_but_region_staff_imports_a(world):
    assert "нет прав" in _reasons(_apply([row("B-1", "teachers_total", "2024", 5)], world.staff_a))[(2, "Код ОО")]
    outcome = _apply([row("A-2", "teachers_total", "2024", 5)], world.region_staff)
    assert outcome.applied


@pytest.mark.parametrize("persona", ["team_a", "methodologist_a", "api_a"])
def test_only_committee_staff_may_use_the_import(world, persona):
    assert not VALUES.can_import(getattr(world, persona))
    assert VALUES.can_import(world.staff_a) and VALUES.can_import(world.region_staff)


def test_import_page_offers_the_kind_to_committee_only(world, client_for):  # noqa: F811
    assert "Значения показателей" in client_for(world.staff_a).get("/import/").content.decode()
    assert client_for(world.team_a).get("/import/values/").status_code == 403
    assert client_for(world.staff_a).get("/import/values/template.xlsx").status_code == 200


# --- a constant number of queries ----------------------------------------------------------------


@pytest.fixture
def schools_100(world):
    return [SchoolFactory(municipality=world.mun_a, code=f"Q-{i:03d}") for i in range(100)]


def _rows(schools, n):
    codes = ("teachers_total", "teacher_positions")
    return [row(s.code, code, "2023/2024", 40) for s in schools[: n // 2] for code in codes]


def test_preview_queries_are_the_same_for_20_and_200_rows(world, schools_100):
    scope_of(world.staff_a)

    def count(n):
        data = xlsx(HEADER, _rows(schools_100, n))
        with CaptureQueriesContext(connection) as captured:
            outcome = import_preview(kind="values", file=io.BytesIO(data), user=world.staff_a)
        assert not outcome.problems, outcome.problems[:3]
        return len(captured)

    count(20)  # the periods are created once, in the first preview's rolled-back transaction
    assert count(20) == count(200)
