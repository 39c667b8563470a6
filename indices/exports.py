"""A run's results out, with exactly the columns of INDICES.md "Results out".

Numbers are written with Python's shortest round-trip repr, rows ordered by school code, so the
same run always gives the same bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from openpyxl import Workbook

from schools.spreadsheets import csv_text, xlsx_cell

from .models import Run, SchoolResult

COLUMNS = [
    "school_code",
    "year",
    "quality_index",
    "quality_group",
    "quality_se",
    "significantly_below",
    "wellbeing_index",
    "wellbeing_group",
    "residual",
    "category",
    "pilot",
    "stably_low",
]


def export_rows(run: Run, results=None) -> Iterator[dict]:
    """`results`: the rows to export (a user's visible part of the run); all rows by default."""
    base = SchoolResult.objects.filter(run=run) if results is None else results
    qs = base.select_related("school").order_by("school__code", "school_id").iterator(chunk_size=5000)
    for r in qs:
        yield {
            "school_code": r.school.code,
            "year": run.year,
            "quality_index": r.quality_index,
            "quality_group": r.quality_group,
            "quality_se": r.quality_se,
            "significantly_below": r.significantly_below,
            "wellbeing_index": r.wellbeing_index,
            "wellbeing_group": r.wellbeing_group,
            "residual": r.residual,
            "category": r.category,
            "pilot": r.pilot,
            "stably_low": r.stably_low,
        }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return csv_text(str(value))


def export_csv(run: Run, results=None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in export_rows(run, results):
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def export_json(run: Run, results=None) -> bytes:
    return json.dumps(list(export_rows(run, results)), ensure_ascii=False, indent=1).encode("utf-8")


def export_xlsx(run: Run, results=None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Результаты")
    sheet.freeze_panes = "B2"
    sheet.append(COLUMNS)
    for row in export_rows(run, results):
        sheet.append(
            [xlsx_cell(sheet, ("да" if row[c] else "нет") if isinstance(row[c], bool) else row[c]) for c in COLUMNS]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


EXPORTERS = {"csv": export_csv, "json": export_json, "xlsx": export_xlsx}
