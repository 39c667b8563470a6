"""Every export keeps text that starts like a formula as text (XLSX) or quoted (CSV)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from schools.spreadsheets import csv_text, guard_cells, looks_like_formula, xlsx_cell

pytestmark = pytest.mark.django_db
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_and_xlsx_helpers_neutralise(text):
    assert looks_like_formula(text) and csv_text(text).startswith("'")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append([xlsx_cell(sheet, text)])
    out = io.BytesIO()
    book.save(out)
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value == text.replace("\t", "\t")


def test_numbers_are_not_mangled():
    assert csv_text("-12,5") == "-12,5" and not looks_like_formula("+7")


def test_guard_cells_on_ordinary_sheets():
    book = Workbook()
    book.active.append(["=1+1", "обычный текст"])
    guard_cells(book.active[1])
    assert book.active["A1"].data_type == "s" and book.active["A1"].quotePrefix


def test_indices_csv_export_neutralises_a_hostile_school_code(world):
    from indices.exports import export_csv
    from indices.models import Run
    from tests.factories import RunFactory, SchoolResultFactory

    world.school_a.code = "=cmd|' /C calc'!A0"
    world.school_a.save()
    run = RunFactory(region=world.region, year=2025, status=Run.Status.DONE)
    SchoolResultFactory(run=run, school=world.school_a)
    text = export_csv(run).decode()
    assert "\n'=cmd" in text or "\"'=cmd" in text
