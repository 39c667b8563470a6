"""Normalisation of what real spreadsheets contain: header titles and cell values.

Files drift from templates — a title typed with «ё» or a trailing colon, numbers stored as text
with thousands separators, decimal commas and "%" signs, non-breaking spaces pasted from Word.
Everything here is pure (no Django) so it can be tested on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..formats import parse_decimal
from ..text import strip_invisible
from .registry import CellKind

# Every kind of space Excel and Word put into cells, including the narrow no-break space used
# as a thousands separator by Russian number formats.
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u200b\ufeff]+")
_TRAILING_PUNCT = re.compile(r"[\s.,:;*!?]+$")
_SLASH = re.compile(r"\s*/\s*")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-"})


def collapse_spaces(text: str) -> str:
    """Whitespace collapsed, and bidi controls and zero-width characters removed first
    (``schools.text.strip_invisible``): «А\u200bБ» is «АБ», not «А Б»."""
    return _SPACES.sub(" ", strip_invisible(text)).strip()


def normalise_title(value: Any) -> str:
    """The comparable form of a header title or a dictionary value (region, type, …):
    casefolded, «ё» read as «е», whitespace collapsed, no trailing punctuation."""
    if value is None:
        return ""
    text = collapse_spaces(str(value)).casefold().replace("ё", "е").translate(_DASHES)
    text = _SLASH.sub("/", text)
    return _TRAILING_PUNCT.sub("", text)


def normalise_text(value: Any) -> str | None:
    """A text cell: trimmed, inner whitespace collapsed, empty → None. A number typed into a
    text column (a school code stored as a number) becomes its digits, without ".0"."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    text = collapse_spaces(str(value))
    return text or None


def normalise_number(value: Any) -> Any:
    """A numeric cell: real numbers pass; text such as "1 234", "12,0", "45 %" becomes a number
    (``schools.formats.parse_decimal``). Text that still is not a number is returned trimmed, for
    the widget to reject with a message that quotes it."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return value
    text = collapse_spaces(str(value))
    if not text:
        return None
    try:
        number = parse_decimal(text)
    except ValueError:
        return text
    return int(number) if number.as_tuple().exponent >= 0 else float(number)


def normalise_cell(value: Any, kind: CellKind) -> Any:
    if kind is CellKind.NUMBER:
        return normalise_number(value)
    if kind is CellKind.YEAR:
        return value if isinstance(value, int | float) and not isinstance(value, bool) else (normalise_text(value))
    return normalise_text(value)


def normalise_column(values: list[Any], kind: CellKind) -> list[Any]:
    """``normalise_cell`` over a whole column. Whole numbers and empty cells pass as they are and
    each distinct text is normalised once: a column repeats few texts (a year, a type, "да")."""
    done: dict[str, Any] = {}
    out: list[Any] = []
    append = out.append
    for value in values:
        if value is None:
            append(None)
        elif type(value) is str:
            if value not in done:
                done[value] = normalise_cell(value, kind)
            append(done[value])
        elif type(value) is int and kind is not CellKind.TEXT:
            append(value)
        else:
            append(normalise_cell(value, kind))
    return out


def display_value(value: Any) -> str:
    """A raw cell as the user typed it, for the report."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value)
