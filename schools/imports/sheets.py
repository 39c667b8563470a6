"""The worksheets the reader scans, from either XLSX reader, as rows of plain Python values.

calamine (python-calamine, Rust) parses a sheet several times faster than openpyxl; its cells are
made to look like openpyxl's (``None`` for an empty cell, ``int`` for a whole number,
``datetime`` for a date), so the reader, the reports and the widgets see the same values
whichever reader read the file. openpyxl stays for the books calamine refuses.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Iterator
from typing import IO, Any, Protocol

from python_calamine import CalamineWorkbook, SheetTypeEnum

# Rows converted to Python at a time: the reader normalises a block column by column.
BLOCK_ROWS = 5000
# calamine holds a whole sheet in memory; a sheet longer than this (a file far over the row
# limit, or a million formatted blank rows) is left to openpyxl, which streams it.
MAX_SHEET_ROWS = 250_000

# A DTD sits in the prolog, before the root element.
PROLOG_BYTES = 4096

Row = tuple[Any, ...]


class TooLong(Exception):
    """The sheet is too long to hold at once: read it with openpyxl instead."""


class Sheet(Protocol):
    title: str

    def head(self, rows: int) -> list[Row]: ...

    def blocks(self, first_row: int) -> Iterator[tuple[int, list[Row]]]:
        """(Excel number of the block's first row, its rows) from ``first_row`` (1-based) on."""
        ...


def _cell(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def _row(cells: list[Any]) -> Row:
    return tuple([_cell(c) for c in cells])


class CalamineSheet:
    def __init__(self, sheet: Any):
        self.title: str = sheet.name
        self._sheet = sheet
        if sheet.total_height > MAX_SHEET_ROWS:
            raise TooLong

    def head(self, rows: int) -> list[Row]:
        return [_row(r) for r in self._sheet.to_python(skip_empty_area=False, nrows=rows)]

    def blocks(self, first_row: int) -> Iterator[tuple[int, list[Row]]]:
        # Rows from A1 (skip_empty_area=False), so list positions are Excel row numbers - 1.
        rows = self._sheet.to_python(skip_empty_area=False)
        for start in range(first_row - 1, len(rows), BLOCK_ROWS):
            yield start + 1, [_row(r) for r in rows[start : start + BLOCK_ROWS]]


def _declares_doctype(file: str | os.PathLike | IO[bytes]) -> bool:
    """Whether an XML part of the book declares a DTD. A workbook never needs one; a DTD is how
    external entities (XXE) and entity bombs come in. openpyxl reads through defusedxml, which
    refuses them, so such a book is left to it rather than to calamine."""
    with zipfile.ZipFile(file) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels", ".vml")):
                with archive.open(info) as part:
                    if b"<!DOCTYPE" in part.read(PROLOG_BYTES):
                        return True
    return False


def calamine_sheets(file: str | os.PathLike | IO[bytes]) -> list[Sheet] | None:
    """The book's worksheets (chart and macro sheets left out), or None when calamine cannot
    read the book or a sheet is too long for it: openpyxl reads it then."""
    try:
        if not isinstance(file, str | os.PathLike):
            file.seek(0)
        if _declares_doctype(file):
            return None
        if isinstance(file, str | os.PathLike):
            book = CalamineWorkbook.from_path(os.fspath(file))
        else:
            file.seek(0)
            book = CalamineWorkbook.from_filelike(file)
        return [
            CalamineSheet(book.get_sheet_by_index(index))
            for index, meta in enumerate(book.sheets_metadata)
            if meta.typ == SheetTypeEnum.WorkSheet
        ]
    except Exception:  # calamine raises its own types on a damaged or unusual package
        return None


class OpenpyxlSheet:
    def __init__(self, ws: Any):
        self.title: str = ws.title
        self._ws = ws
        # Some writers store a wrong <dimension>; read_only mode trusts it unless reset.
        ws.reset_dimensions()

    def head(self, rows: int) -> list[Row]:
        return [tuple(r) for r in self._ws.iter_rows(min_row=1, max_row=rows, values_only=True)]

    def blocks(self, first_row: int) -> Iterator[tuple[int, list[Row]]]:
        block: list[Row] = []
        start = first_row
        for cells in self._ws.iter_rows(min_row=first_row, values_only=True):
            block.append(tuple(cells))
            if len(block) == BLOCK_ROWS:
                yield start, block
                start += len(block)
                block = []
        if block:
            yield start, block
