"""What an import found: the outcome (counts, problems, what would be created) and the error
report — on screen, on the command line and as XLSX (the original rows plus «Ошибка»).

Report generation (which rows, which reasons) is kept apart from formatting (how they look).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from io import BytesIO
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from ..spreadsheets import xlsx_cell
from .normalise import display_value
from .reader import ParsedSheet
from .registry import ImportKind

logger = logging.getLogger(__name__)

# Enough to fix any real file; a file with more problems is the wrong file, and the summary JSON
# of its batch must stay small.
MAX_STORED_PROBLEMS = 5000
ERROR_COLUMN = "Ошибка"
ROW_COLUMN = "Строка в исходном файле"


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None  # the Excel row number; None for the file as a whole
    column: str  # the column title as written in the file; "" for the whole row
    value: str
    reason: str

    def __str__(self) -> str:
        where = [_("лист «%(sheet)s»") % {"sheet": self.sheet}] if self.sheet else []
        if self.row is not None:
            where.append(_("строка %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("столбец «%(column)s»") % {"column": self.column})
        if self.column or self.value:
            where.append(_("значение «%(value)s»") % {"value": self.value})
        text = f"{', '.join(where)}: {self.reason}" if where else self.reason
        return text[:1].upper() + text[1:]


@dataclass
class ImportOutcome:
    kind: str
    file_name: str = ""
    sheet: str = ""
    header_row: int | None = None
    total_rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    to_create: dict[str, list[str]] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = True
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.problems)

    @property
    def has_to_create(self) -> bool:
        return any(self.to_create.values())

    def as_summary(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = data["problems"][:MAX_STORED_PROBLEMS]
        data["problems_total"] = max(self.problems_total, len(self.problems))
        return data

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> ImportOutcome:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        values["problems"] = [Problem(**p) for p in data.get("problems", [])]
        return cls(**values)


def problems_from_result(result, parsed: ParsedSheet, resource, kind: ImportKind) -> list[Problem]:
    """Turn import-export's Result into problems that name sheet, row, column, value, reason."""
    problems: list[Problem] = []
    order = dict(parsed.columns)

    def title_of(key: str | None) -> str:
        if key is None:
            return ""
        if key in parsed.titles:
            return parsed.titles[key]
        try:
            return kind.column(key).title
        except KeyError:
            return ""

    def value_of(raw: tuple, key: str | None) -> str:
        index = parsed.columns.get(key) if key else None
        return display_value(raw[index]) if index is not None and index < len(raw) else ""

    for invalid in result.invalid_rows:
        source = parsed.rows[invalid.number - 1]
        items = []
        for attribute, messages in invalid.error_dict.items():
            key = None if attribute == NON_FIELD_ERRORS else (resource.column_of(attribute) or attribute)
            for message in messages:
                items.append(
                    (
                        order.get(key, len(order)) if key else len(order) + 1,
                        Problem(
                            parsed.sheet,
                            source.number,
                            title_of(key),
                            value_of(source.raw, key),
                            str(message),
                        ),
                    )
                )
        problems.extend(p for _pos, p in sorted(items, key=lambda item: item[0]))
    for error_row in result.error_rows:
        source = parsed.rows[error_row.number - 1]
        for error in error_row.errors:
            # The details are for the log, not for the page: they may name database internals.
            logger.error("import row %s failed", source.number, exc_info=error.error)
            problems.append(
                Problem(
                    parsed.sheet,
                    source.number,
                    "",
                    "",
                    _("внутренняя ошибка при обработке строки; сообщите администратору портала"),
                )
            )
    general = []
    for error in result.base_errors:
        logger.error("import failed", exc_info=error.error)
        general.append(
            Problem(
                parsed.sheet,
                None,
                "",
                "",
                _(
                    "Не удалось записать данные: все изменения отменены. Повторите загрузку; "
                    "если ошибка повторится, сообщите администратору портала."
                ),
            )
        )
    return general + problems


# --- XLSX formatting ------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_ERROR_FILL = PatternFill("solid", start_color="F8D7DA", end_color="F8D7DA")


def safe_cell(ws, value: Any, *, bold: bool = False, fill: PatternFill | None = None) -> WriteOnlyCell:
    """A write-only cell that can never become a formula (CSV/formula injection): text starting
    with =, +, -, @ is stored as a string with Excel's quote prefix, exactly as if the user had
    typed an apostrophe before it."""
    cell = xlsx_cell(ws, value)
    if bold:
        cell.font = _HEADER_FONT
    if fill is not None:
        cell.fill = fill
    return cell


def report_workbook(parsed: ParsedSheet, problems: list[Problem]) -> bytes:
    """The sheet's header and every data row as they were, plus «Ошибка» with the reasons of
    the row and the row's number in the original file; rows with errors are highlighted."""
    reasons: dict[int, list[str]] = defaultdict(list)
    general: list[str] = []
    for problem in problems:
        if problem.row is None:
            general.append(problem.reason)
        else:
            reasons[problem.row].append(f"«{problem.column}»: {problem.reason}" if problem.column else problem.reason)
    header = list(parsed.header)
    while header and header[-1] in (None, ""):
        header.pop()
    width = max(len(header), max(parsed.columns.values(), default=-1) + 1)
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(parsed.sheet[:31] or "Лист1")
    ws.freeze_panes = "A2"
    ws.append(
        [
            safe_cell(ws, display_value(v) if v is not None else None, bold=True)
            for v in header + [None] * (width - len(header))
        ]
        + [safe_cell(ws, ERROR_COLUMN, bold=True), safe_cell(ws, ROW_COLUMN, bold=True)]
    )
    for row in parsed.rows:
        row_reasons = reasons.get(row.number)
        fill = _ERROR_FILL if row_reasons else None
        values = list(row.raw[:width]) + [None] * (width - min(len(row.raw), width))
        ws.append(
            [safe_cell(ws, v, fill=fill) for v in values]
            + [
                safe_cell(ws, "; ".join(row_reasons) if row_reasons else None, fill=fill),
                safe_cell(ws, row.number),
            ]
        )
    if general:
        sheet = workbook.create_sheet(_("Ошибки файла"))
        sheet.append([safe_cell(sheet, ERROR_COLUMN, bold=True)])
        for reason in general:
            sheet.append([safe_cell(sheet, reason)])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
