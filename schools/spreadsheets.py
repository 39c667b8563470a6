"""Spreadsheet safety shared by every export (XLSX and CSV): a cell that starts like a formula
(=, +, -, @, tab, CR) is never stored as one — CSV/formula injection."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
MAX_CELL = 32767  # Excel's limit of characters in a cell


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text)


def csv_text(text: str) -> str:
    """For CSV, which has no cell types: prefix an apostrophe, as a person would in Excel."""
    return "'" + text if looks_like_formula(text) else text


def csv_value(value: Any) -> str:
    """One scalar as a CSV cell, the same in every CSV the portal writes (``results_export`` and
    the API): empty for None, ``true``/``false`` for booleans (never Python's True/False), a
    decimal the shortest way (30, not 30.00), text guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, int | float):
        return str(value)
    return csv_text(str(value))


def xlsx_cell(ws, value: Any) -> WriteOnlyCell:
    """A write-only cell that can never become a formula: text that looks like one is kept as a
    string flagged with Excel's quote prefix, so the text itself stays unchanged."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL]
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def guard_cells(cells) -> None:
    """For ordinary (not write-only) worksheets: turn any cell openpyxl took for a formula back
    into quoted text."""
    for cell in cells:
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)):
            cell.data_type = "s"
            cell.quotePrefix = True
