"""The fast path of imports: calamine reads the book, a file without problems is validated
column by column and written in bulk with history; any problem leaves the file to the per-row
path, whose report is the one users know. Checked against openpyxl reading the same file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from schools.imports import reader
from schools.imports.context_resource import ContextResource
from schools.imports.kinds import CONTEXT, SCHOOLS
from schools.imports.services import import_apply, import_preview
from schools.models import FACTOR_KEYS, SchoolContext
from tests.factories import SchoolFactory

from .workbooks import CONTEXT_HEADER, SCHOOL_HEADER, context_row, school_row, xlsx

pytestmark = pytest.mark.django_db


def _per_row_forbidden(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the per-row path ran for a file without problems")

    monkeypatch.setattr(ContextResource, "import_data", refuse)


def _expected(data: bytes, school_ids: dict[str, int]) -> list[tuple]:
    """The file as openpyxl reads it, turned into stored rows by hand."""
    rows = list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True))[1:]
    out = []
    for code, _name, year, total, *factors in rows:
        end = int(str(year).split("/")[-1])
        out.append((school_ids[code], end, int(float(str(total).replace(" ", ""))), *factors))
    return sorted(out)


def test_a_clean_file_is_written_column_wise_with_history(world, monkeypatch):
    _per_row_forbidden(monkeypatch)
    rows = [
        context_row("A-1", year="2022/2023", total="1 200", factors=[5, None, 7, 0, 1, 2, 3, 4, 5, 6]),
        context_row("A-1", year="2023/2024", total=640.0),
        context_row("A-2", year="2023/2024", total=300),
    ]
    data = xlsx(CONTEXT_HEADER, rows)
    preview = import_preview(kind="context", file=io.BytesIO(data), user=world.staff_a)
    assert (preview.new, preview.problems, SchoolContext.objects.count()) == (3, [], 0)

    outcome = import_apply(kind="context", file=io.BytesIO(data), user=world.staff_a, file_name="k.xlsx")
    assert outcome.applied and (outcome.new, outcome.updated, outcome.unchanged) == (3, 0, 0)
    stored = sorted(SchoolContext.objects.values_list("school_id", "year", "total", *FACTOR_KEYS))
    assert stored == _expected(data, {"A-1": world.school_a.pk, "A-2": world.school_a2.pk})
    history = list(SchoolContext.history.order_by("school_id", "year"))
    assert [(h.history_type, h.history_user_id, h.version) for h in history] == [("+", world.staff_a.pk, 1)] * 3
    assert {h.history_change_reason for h in history} == {"Загрузка файла «k.xlsx»"}
    assert {(h.id, h.total) for h in history} == set(SchoolContext.objects.values_list("id", "total"))


def test_a_changed_row_is_updated_with_a_new_version_and_the_rest_is_unchanged(world, monkeypatch):
    _per_row_forbidden(monkeypatch)
    import_apply(
        kind="context", file=io.BytesIO(xlsx(CONTEXT_HEADER, [context_row("A-1"), context_row("A-2")])), user=None
    )
    outcome = import_apply(
        kind="context",
        file=io.BytesIO(xlsx(CONTEXT_HEADER, [context_row("A-1", total=999), context_row("A-2")])),
        user=None,
    )
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 1)
    changed = SchoolContext.objects.get(school=world.school_a)
    assert (changed.total, changed.version) == (999, 2)
    assert SchoolContext.objects.get(school=world.school_a2).version == 1
    assert sorted(SchoolContext.history.values_list("history_type", flat=True)) == ["+", "+", "~"]


def test_any_problem_leaves_the_file_to_the_per_row_report(world):
    rows = [context_row("A-1"), context_row("A-2", factors=[10_000, *range(9)]), context_row("B-1")]
    outcome = import_apply(kind="context", file=io.BytesIO(xlsx(CONTEXT_HEADER, rows)), user=world.staff_a)
    assert not outcome.applied and SchoolContext.objects.count() == 0
    assert any(p.row == 3 and "больше, чем обучающихся всего" in p.reason for p in outcome.problems)
    assert any(p.row == 4 and "нет прав" in p.reason for p in outcome.problems)


def test_queries_do_not_grow_with_the_rows(world):
    def queries(count: int) -> int:
        for i in range(count):
            SchoolFactory(municipality=world.mun_a, code=f"Q{count}-{i}")
        data = xlsx(CONTEXT_HEADER, [context_row(f"Q{count}-{i}") for i in range(count)])
        with CaptureQueriesContext(connection) as captured:
            assert import_apply(kind="context", file=io.BytesIO(data), user=None).new == count
        return len(captured)

    assert queries(5) == queries(60)


def test_calamine_reads_what_openpyxl_reads(monkeypatch):
    rows = [
        school_row("12345", name="  МБОУ\u00a0 СОШ  № 1 "),
        [
            12346.0,
            "Гимназия",
            "Гимназия",
            "гимназия",
            "Тестовая область",
            "Город А",
            "",
            "сельская",
            True,
            "нет",
            dt.datetime(2024, 1, 2),
            7.5,
        ],
    ]
    data = xlsx(SCHOOL_HEADER, rows, title="Реестр", notes=1)
    fast = reader.read_sheet(io.BytesIO(data), SCHOOLS)
    monkeypatch.setattr(reader, "calamine_sheets", lambda file: None)
    slow = reader.read_sheet(io.BytesIO(data), SCHOOLS)
    assert (fast.sheet, fast.header_row, fast.columns, fast.titles) == (
        slow.sheet,
        slow.header_row,
        slow.columns,
        slow.titles,
    )
    assert [(r.number, r.values) for r in fast.rows] == [(r.number, r.values) for r in slow.rows]
    width = len(SCHOOL_HEADER)
    assert [r.raw[:width] for r in fast.rows] == [r.raw[:width] for r in slow.rows]
    assert fast.rows[1].values["code"] == "12346" and fast.rows[1].values["address"] == "2024-01-02"


def test_context_header_is_found_on_both_readers(monkeypatch):
    data = xlsx(CONTEXT_HEADER, [context_row("A-1"), [], context_row("A-2")], notes=2)
    fast = reader.read_sheet(io.BytesIO(data), CONTEXT)
    monkeypatch.setattr(reader, "calamine_sheets", lambda file: None)
    slow = reader.read_sheet(io.BytesIO(data), CONTEXT)
    assert [(r.number, r.values) for r in fast.rows] == [(r.number, r.values) for r in slow.rows]
