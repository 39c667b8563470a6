"""A run's results out, with exactly the columns of docs/indices.md, «Results out».

CSV and JSON are the exchange formats for other systems: their keys (``school_code``,
``category`` = ``low_on_both`` …) are a stable contract. Numbers are written with Python's shortest
round-trip repr, rows ordered by school code, so the same run always gives the same bytes. The
XLSX is read by people: the same columns under Russian headings, categories by their names and the
academic year as «2025/2026»."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook

from schools.spreadsheets import csv_text, xlsx_cell
from schools.years import format_academic_year

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


# The XLSX headings of COLUMNS, in the same order.
XLSX_HEADINGS = {
    "school_code": _lazy("Код ОО"),
    "year": _lazy("Учебный год"),
    "quality_index": _lazy("Индекс качества"),
    "quality_group": _lazy("Группа качества"),
    "quality_se": _lazy("Стандартная ошибка индекса качества"),
    "significantly_below": _lazy("Значимо ниже среднего"),
    "wellbeing_index": _lazy("ИСБШ"),
    "wellbeing_group": _lazy("Группа ИСБШ"),
    "residual": _lazy("Остаток"),
    "category": _lazy("Категория"),
    "pilot": _lazy("Пилотная площадка"),
    "stably_low": _lazy("Устойчиво низкие результаты"),
}


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
    sheet = workbook.create_sheet(_("Результаты"))
    sheet.freeze_panes = "B2"
    sheet.append([str(XLSX_HEADINGS[c]) for c in COLUMNS])
    categories = dict(SchoolResult.Category.choices)
    for row in export_rows(run, results):
        row = {**row, "year": format_academic_year(row["year"]), "category": str(categories.get(row["category"], ""))}
        sheet.append(
            [
                xlsx_cell(sheet, (_("да") if row[c] else _("нет")) if isinstance(row[c], bool) else row[c])
                for c in COLUMNS
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


EXPORTERS = {"csv": export_csv, "json": export_json, "xlsx": export_xlsx}
