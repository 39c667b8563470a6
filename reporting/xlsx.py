"""The XLSX formatter: a summary sheet, then one sheet per table.

Numbers stay numbers (int/float/Decimal cells with a number format, dates as dates), so a
committee specialist can sum and filter them; every table sheet has a bold, frozen header row,
column widths and an autofilter. The workbook is written in openpyxl's write-only mode, which
streams rows instead of keeping the whole sheet in memory, so a large run stays cheap.

Text is never evaluated: a text cell that begins with = + - @ (or a tab / carriage return) is
written as a string cell with Excel's own quote-prefix flag, so neither Excel nor LibreOffice
treat it as a formula, even after the user edits the cell — and the text itself stays exactly
as written (the seeds' «- пункт» list items do not grow a stray apostrophe).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from schools.spreadsheets import xlsx_cell

from .document import DATE, INT, NUMBER, PERCENT, Column, Document, Fields, Group, Table, Text

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="E9ECEF")
GROUP_FILL = PatternFill("solid", fgColor="F8F9FA")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
FORMAT = "xlsx"


def number_format(column: Column) -> str | None:
    decimals = "." + "0" * column.decimals if column.decimals else ""
    if column.kind == INT:
        return "#,##0"
    if column.kind == NUMBER:
        return f"#,##0{decimals}"
    if column.kind == PERCENT:
        return f"0{decimals}%"
    if column.kind == DATE:
        return "DD.MM.YYYY"
    return None


def cell(ws, value: Any, column: Column | None = None, *, font: Font | None = None, fill=None) -> WriteOnlyCell:
    if isinstance(value, bool):
        value = _("да") if value else _("нет")
    elif isinstance(value, dt.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    elif value is not None and not isinstance(value, int | float | Decimal | dt.date | str):
        value = str(value)
    c = xlsx_cell(ws, value)  # never a formula (schools/spreadsheets.py)
    if column is not None:
        fmt = number_format(column)
        if fmt and not isinstance(value, str):
            c.number_format = fmt
        c.alignment = WRAP if column.width >= 24 and not column.numeric else TOP
    if font is not None:
        c.font = font
    if fill is not None:
        c.fill = fill
    return c


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub(" ", title).strip().strip("'")[:31] or _("Лист")
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _summary(wb: Workbook, document: Document, used: set[str], table_sheets: dict[int, str]) -> None:
    ws = wb.create_sheet(sheet_name(_("Отчёт"), used))
    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 100
    wide = Column("", width=100)
    if document.approval:
        for line in document.approval.lines:
            ws.append([None, cell(ws, line)])
    ws.append([cell(ws, document.title, font=TITLE)])
    if document.subtitle:
        ws.append([cell(ws, document.subtitle)])
    for label, value in document.meta:
        ws.append([cell(ws, label, font=BOLD), cell(ws, value, wide)])
    for index, section in enumerate(document.sections):
        ws.append([])
        ws.append([cell(ws, section.title, font=BOLD)])
        if isinstance(section, Fields):
            for label, value in section.items:
                text = "\n".join(str(v) for v in value) if isinstance(value, list | tuple) else value
                ws.append([cell(ws, label, Column("", width=42)), cell(ws, text, wide)])
        elif isinstance(section, Text):
            for n, paragraph in enumerate(section.paragraphs, start=1):
                ws.append([cell(ws, f"{n}." if section.numbered else None), cell(ws, paragraph, wide)])
        elif isinstance(section, Table):
            ws.append([None, cell(ws, _("См. лист «%(sheet)s».") % {"sheet": table_sheets[index]})])
        else:
            ws.append([None, cell(ws, _("Рисунок приведён в PDF-версии отчёта; его данные — в таблицах."))])


def _table(wb: Workbook, table: Table, name: str) -> None:
    ws = wb.create_sheet(name)
    columns = [c for _i, c in table.visible(FORMAT)]
    indexes = [i for i, _c in table.visible(FORMAT)]
    offset = 1 if table.group_column else 0
    # Column widths and the frozen header must be set before the first row in write-only mode.
    if table.group_column:
        ws.column_dimensions["A"].width = 40
    for n, column in enumerate(columns, start=1 + offset):
        ws.column_dimensions[get_column_letter(n)].width = column.width
    ws.freeze_panes = "A2"
    header = ([table.group_column] if table.group_column else []) + [c.title for c in columns]
    ws.append([cell(ws, title, font=BOLD, fill=HEADER_FILL) for title in header])
    group, count = "", 0
    for row in table.rows:
        if isinstance(row, Group):
            group = row.title
            if not table.group_column:
                ws.append([cell(ws, group, font=BOLD, fill=GROUP_FILL)])
                count += 1
            continue
        values = [cell(ws, row[i], column) for i, column in zip(indexes, columns, strict=True)]
        ws.append(([cell(ws, group, Column("", width=40))] if table.group_column else []) + values)
        count += 1
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"


def render(document: Document) -> bytes:
    wb = Workbook(write_only=True)
    used: set[str] = set()
    # Sheet names are decided first so that the summary can point to them.
    used_for_tables: set[str] = {_("отчёт")}
    table_sheets = {
        i: sheet_name(s.sheet or s.title, used_for_tables)
        for i, s in enumerate(document.sections)
        if isinstance(s, Table)
    }
    _summary(wb, document, used, table_sheets)
    for index, section in enumerate(document.sections):
        if isinstance(section, Table):
            _table(wb, section, table_sheets[index])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
