"""The tolerant XLSX reader: finds the header, maps columns to keys, normalises cells.

It keeps what the report needs to speak the user's language: the original sheet name, the Excel
row number of every data row and the row exactly as it was typed. It never touches the database.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .normalise import display_value, normalise_column, normalise_title
from .registry import ImportKind
from .sheets import OpenpyxlSheet as _OpenpyxlSheet
from .sheets import Sheet, calamine_sheets

HEADER_SCAN_ROWS = 20  # a header sits below at most a title, a subtitle and some notes
MAX_DATA_ROWS = 100_000
# A 20 MB xlsx that unpacks to gigabytes is a zip bomb, not a registry.
MAX_UNPACKED_RATIO = 25

FileInput = str | os.PathLike | IO[bytes]


class ImportFileError(Exception):
    """The file as a whole cannot be read: the message is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class SourceRow:
    number: int  # the row number Excel shows, 1-based
    values: dict[str, Any]  # column key → normalised value (only the columns present)
    raw: tuple[Any, ...]  # the whole row as read, for the error report


@dataclass
class ParsedSheet:
    sheet: str
    header_row: int
    header: tuple[Any, ...]
    columns: dict[str, int]  # key → 0-based column index
    titles: dict[str, str]  # key → the title as written in the file
    ignored: list[str] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)


def file_size(file: FileInput) -> int:
    if isinstance(file, str | os.PathLike):
        return os.path.getsize(file)
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    position = file.tell()
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def too_large_message(size: int) -> str | None:
    """The refusal of a file over PORTAL_MAX_UPLOAD_BYTES (the form asks before the upload is
    stored, check_upload again before parsing), or None."""
    limit = settings.PORTAL_MAX_UPLOAD_BYTES
    if size <= limit:
        return None
    return _(
        "Файл слишком большой: %(size)s МБ, допускается не больше %(limit)s МБ. Разделите его на несколько файлов."
    ) % {"size": _megabytes(size), "limit": _megabytes(limit)}


def check_upload(file: FileInput) -> None:
    """Reject what must not be parsed at all, cheaply and before openpyxl sees it: files that
    are too large, empty, not a zip or a zip that is not a workbook (an executable renamed to
    .xlsx, a .docx), the legacy .xls, password-protected books and zip bombs."""
    size = file_size(file)
    message = too_large_message(size)
    if message:
        raise ImportFileError(message)
    if size == 0:
        raise ImportFileError(_("Файл пуст (0 байт)."))
    handle = open(file, "rb") if isinstance(file, str | os.PathLike) else file  # noqa: SIM115
    try:
        handle.seek(0)
        head = handle.read(8)
        handle.seek(0)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            # OLE2: the old .xls format, or an .xlsx encrypted with a password.
            raise ImportFileError(
                _(
                    "Файл не является книгой Excel (.xlsx): это старый формат .xls или книга, "
                    "защищённая паролем. Откройте его в Excel и сохраните как "
                    "«Книга Excel (.xlsx)» без пароля."
                )
            )
        if not zipfile.is_zipfile(handle):
            raise ImportFileError(_("Файл не является книгой Excel (.xlsx)."))
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
        names = {info.filename for info in infos}
        is_workbook = "[Content_Types].xml" in names and any(
            name.startswith("xl/") and name.endswith("workbook.xml") for name in names
        )
        if not is_workbook:
            raise ImportFileError(_("Файл не является книгой Excel (.xlsx)."))
        if sum(info.file_size for info in infos) > MAX_UNPACKED_RATIO * settings.PORTAL_MAX_UPLOAD_BYTES:
            raise ImportFileError(_("Книга Excel слишком велика после распаковки: разделите её на несколько файлов."))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_("Файл не является книгой Excel (.xlsx).")) from exc
    finally:
        if handle is not file:
            handle.close()
        else:
            handle.seek(0)


def _title_lookup(kind: ImportKind) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in kind.columns:
        for title in (column.title, *column.aliases):
            lookup.setdefault(normalise_title(title), column.key)
    return lookup


@dataclass
class _HeaderCandidate:
    sheet_index: int
    sheet: str
    row: int
    cells: tuple[Any, ...]
    columns: dict[str, int]
    duplicates: dict[str, list[int]]

    def score(self, kind: ImportKind) -> tuple[int, int, int]:
        required = sum(1 for c in kind.required_columns if c.key in self.columns)
        return (required, len(self.columns), -self.sheet_index)


def _match(cells: Iterable[Any], lookup: dict[str, str]) -> tuple[dict[str, int], dict[str, list[int]]]:
    columns: dict[str, int] = {}
    duplicates: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        key = lookup.get(normalise_title(cell)) if cell is not None else None
        if key is None:
            continue
        if key in columns:
            duplicates.setdefault(key, [columns[key]]).append(index)
        else:
            columns[key] = index
    return columns, duplicates


def _quoted(titles: Iterable[str]) -> str:
    return ", ".join(f"«{t}»" for t in titles)


def read_sheet(file: FileInput, kind: ImportKind) -> ParsedSheet:
    """Read the sheet of ``file`` that carries ``kind``'s header. Raises ImportFileError.

    calamine (Rust) reads the book several times faster than openpyxl; openpyxl still reads what
    calamine refuses (its messages for damaged books are the ones users know) and sheets too
    long to hold in memory at once, which it streams."""
    check_upload(file)
    sheets = calamine_sheets(file)
    if sheets is not None:
        try:
            return _read(sheets, kind)
        except ImportFileError:
            raise
        except Exception as exc:
            raise ImportFileError(_("Не удалось прочитать книгу Excel: файл повреждён.")) from exc
    if not isinstance(file, str | os.PathLike):
        file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on a damaged package
        raise ImportFileError(
            _("Не удалось прочитать книгу Excel: файл повреждён или сохранён не в формате .xlsx.")
        ) from exc
    try:
        return _read([_OpenpyxlSheet(ws) for ws in workbook.worksheets if hasattr(ws, "iter_rows")], kind)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(_("Не удалось прочитать книгу Excel: файл повреждён.")) from exc
    finally:
        workbook.close()


def _read(sheets: list[Sheet], kind: ImportKind) -> ParsedSheet:
    lookup = _title_lookup(kind)
    best: _HeaderCandidate | None = None
    anything = False
    for sheet_index, ws in enumerate(sheets):
        for number, cells in enumerate(ws.head(HEADER_SCAN_ROWS), start=1):
            cells = tuple(cells)
            anything = anything or any(c not in (None, "") for c in cells)
            columns, duplicates = _match(cells, lookup)
            if not columns:
                continue
            candidate = _HeaderCandidate(sheet_index, ws.title, number, cells, columns, duplicates)
            if best is None or candidate.score(kind) > best.score(kind):
                best = candidate
    if not anything:
        raise ImportFileError(_("Файл пуст: в книге нет данных."))
    if best is None:
        raise ImportFileError(
            _(
                "Не найдена строка заголовков: в первых %(n)s строках нет ни одного столбца "
                "шаблона «%(template)s». Ожидаются столбцы: %(columns)s. Скачайте шаблон на "
                "странице загрузки."
            )
            % {
                "n": HEADER_SCAN_ROWS,
                "template": kind.sheet_title,
                "columns": _quoted(c.title for c in kind.columns),
            }
        )
    missing = [c.title for c in kind.required_columns if c.key not in best.columns]
    if missing:
        raise ImportFileError(
            _("Лист «%(sheet)s», строка заголовков %(row)s: нет обязательных столбцов %(missing)s.")
            % {"sheet": best.sheet, "row": best.row, "missing": _quoted(missing)}
        )
    if best.duplicates:
        key, indexes = next(iter(best.duplicates.items()))
        raise ImportFileError(
            _("Лист «%(sheet)s», строка заголовков %(row)s: столбец «%(title)s» повторяется (столбцы %(letters)s).")
            % {
                "sheet": best.sheet,
                "row": best.row,
                "title": kind.column(key).title,
                "letters": ", ".join(get_column_letter(i + 1) for i in indexes),
            }
        )
    return _read_rows(sheets[best.sheet_index], best, kind)


def _read_rows(ws: Sheet, header: _HeaderCandidate, kind: ImportKind) -> ParsedSheet:
    mapped = set(header.columns.values())
    parsed = ParsedSheet(
        sheet=header.sheet,
        header_row=header.row,
        header=header.cells,
        columns=header.columns,
        titles={key: display_value(header.cells[i]) for key, i in header.columns.items()},
        ignored=[display_value(c) for i, c in enumerate(header.cells) if i not in mapped and c not in (None, "")],
    )
    keys = list(header.columns)
    for start, block in ws.blocks(header.row + 1):
        # Whole columns at a time: one normaliser call per distinct cell of a column, not per
        # cell (a year, a municipality or an empty factor repeats thousands of times).
        columns = [
            normalise_column([cells[index] if index < len(cells) else None for cells in block], kind.column(key).kind)
            for key, index in header.columns.items()
        ]
        for offset, (cells, values) in enumerate(zip(block, zip(*columns, strict=True), strict=True)):
            if all(v is None for v in values):
                continue  # blank lines and notes outside the template's columns
            if len(parsed.rows) >= MAX_DATA_ROWS:
                raise ImportFileError(
                    _("Слишком много строк на листе «%(sheet)s»: больше %(max)s. Разделите файл на несколько.")
                    % {"sheet": header.sheet, "max": f"{MAX_DATA_ROWS:,}".replace(",", " ")}
                )
            parsed.rows.append(SourceRow(number=start + offset, values=dict(zip(keys, values, strict=True)), raw=cells))
    if not parsed.rows:
        raise ImportFileError(
            _("На листе «%(sheet)s» нет строк с данными под заголовком (строка %(row)s).")
            % {"sheet": header.sheet, "row": header.row}
        )
    return parsed
