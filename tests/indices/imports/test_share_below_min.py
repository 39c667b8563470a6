"""The results template's «Доля не преодолевших минимальный порог, %»: stored as read, checked
like the other shares, nothing half-applied on a bad row."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from indices.models import AssessmentResult
from schools.imports.services import import_apply

from .rows import RESULT_HEADER, result_row, results_state

pytestmark = pytest.mark.django_db
TITLE = "Доля не преодолевших минимальный порог, %"


def _apply(data: bytes):
    return import_apply(kind="results", file=io.BytesIO(data), user=None)


def _xlsx(rows, header=RESULT_HEADER, percent_columns: range | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Результаты"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for number in percent_columns or ():
        for cells in sheet.iter_rows(min_row=2):
            cells[number].number_format = "0%"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_column_is_in_the_template_after_the_marks():
    assert RESULT_HEADER[-1] == TITLE


def test_stored_for_oge_and_ege(world):
    rows = [
        result_row("A-1", below_min="3,5"),
        result_row("A-1", procedure="ЕГЭ", grade=11, subject="Русский язык", mean=61, shares=[None] * 4, below_min=12),
        result_row("A-2", below_min=None),
    ]
    outcome = _apply(_xlsx(rows))
    assert outcome.problems == [] and outcome.applied
    stored = dict(AssessmentResult.objects.values_list("procedure", "share_below_min").filter(school=world.school_a))
    assert stored == {"ОГЭ": Decimal("3.5"), "ЕГЭ": Decimal("12")}
    assert AssessmentResult.objects.get(school=world.school_a2).share_below_min is None


def test_percent_formatted_cells_beside_percent_formatted_marks(world):
    rows = [result_row("A-1", shares=[0.04, 0.36, 0.4, 0.2], below_min=0.05)]
    assert _apply(_xlsx(rows, percent_columns=range(9, 14))).applied
    assert AssessmentResult.objects.get().share_below_min == Decimal("5")


def test_a_file_without_the_column_keeps_the_stored_share(world):
    assert _apply(_xlsx([result_row("A-1", below_min=7)])).applied
    outcome = _apply(_xlsx([result_row("A-1", participants=51)[:-1]], header=RESULT_HEADER[:-1]))
    assert (outcome.updated, outcome.problems) == (1, [])
    assert AssessmentResult.objects.get().share_below_min == Decimal("7")


@pytest.mark.parametrize(
    ("row", "column", "value", "reason"),
    [
        pytest.param(
            result_row("A-1", below_min=120),
            TITLE,
            "120",
            "доля не преодолевших минимальный порог должна быть от 0 до 100 %",
            id="above-100",
        ),
        pytest.param(
            result_row("A-1", below_min="-2"),
            TITLE,
            "-2",
            "доля не преодолевших минимальный порог должна быть от 0 до 100 %",
            id="negative",
        ),
        pytest.param(
            result_row("A-1", below_min="много"),
            TITLE,
            "много",
            "не число: укажите число без букв (дробную часть — через запятую)",
            id="text",
        ),
        pytest.param(
            result_row("A-1", shares=["101", None, None, None]),
            "Доля «2», %",
            "101",
            "доля должна быть от 0 до 100 %",
            id="more-2-than-participants",
        ),
        pytest.param(
            result_row("A-1", shares=[60, 30, 20, 10], below_min=60),
            "Доля «2», %",
            "60",
            "сумма долей «2», «3», «4» и «5» равна 120 %, а должна быть 100 % (± 0,5)",
            id="shares-over-100",
        ),
        pytest.param(
            result_row("A-1", participants=0, mean=None, sd=None, shares=[None] * 4, below_min=0),
            TITLE,
            "0",
            "при 0 участников доли должны быть пустыми",
            id="share-without-participants",
        ),
    ],
)
def test_bad_values_are_reported_and_nothing_is_written(world, row, column, value, reason):
    assert _apply(_xlsx([result_row("A-1", below_min=4)])).applied
    before = results_state()
    outcome = _apply(_xlsx([result_row("A-2", below_min=10), row]))
    assert [(p.row, p.column, p.value, p.reason) for p in outcome.problems] == [(3, column, value, reason)]
    assert not outcome.applied
    assert results_state() == before
