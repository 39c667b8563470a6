"""How the portal writes numbers and counted nouns — one helper for pages, messages and reports.

Numbers: a decimal comma and no trailing zeros («62,5», «62», never «62.0000» or «62,50»); a real
minus sign, U+2212 («−3»), and no sign on a value that rounds to zero; thousands grouped by a
no-break space from five digits on («12 345», but «1234»); «—» when there is no value. Shares
are written as percentages («17,2 %») and their differences in percentage points («+3,1 п. п.»).

Reading is the mirror of writing: ``parse_decimal`` takes a number as a spreadsheet cell or a
person gives it («1 234,5», «−3», «45 %») — every import, form and stored plan reads numbers
through it.

Counted nouns take the Russian plural form: ``ru_plural(2, "строка", "строки", "строк")`` is
«строки» (Django's ``pluralize`` knows only two forms). Years: see ``schools.years``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "—"

# Between digit groups: every kind of space Excel and Word put into cells (the narrow no-break
# space of Russian number formats among them) and the apostrophe some people type.
_GROUP_SEPARATORS = re.compile(r"[\s\u00a0\u2007\u202f\u2009\u200b\ufeff']+")
_MINUSES = str.maketrans({MINUS: "-", "–": "-", "—": "-", "‐": "-"})
# ASCII digits only: «\d» would take Arabic-Indic or full-width digits, which nobody types into a
# Russian spreadsheet and which Decimal would quietly read as a number.
_PLAIN_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def format_number(value, digits: int = 2, *, signed: bool = False, empty: str = DASH) -> str:
    """``value`` rounded to ``digits`` decimals in the portal's way (see the module docstring);
    ``signed`` puts «+» before a positive number. Text that is not a number is returned as is."""
    if value is None or value == "":
        return empty
    if isinstance(value, bool):
        return str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return empty
    number = number.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    text = format(abs(number).normalize(), "f") if number else "0"
    whole, _dot, fraction = text.partition(".")
    if len(whole) > 4:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = NBSP.join([whole, *groups])
    sign = MINUS if number < 0 else ("+" if signed and number > 0 else "")
    return f"{sign}{whole}{',' + fraction if fraction else ''}"


def parse_decimal(value: Any, *, invalid_as_none: bool = False) -> Decimal | None:
    """A number as a spreadsheet cell or a person gives it, as a Decimal; None for no value (None,
    empty or blank text).

    Numbers pass (a float by its shortest form: 15.3, not 15.2999…). Text may group digits with
    spaces or apostrophes, use a decimal comma, a real minus sign or a dash, and end in «%» (the
    number as written: «45 %» is 45). Anything else raises ValueError (words, booleans, NaN,
    infinities, exponents), or gives None with ``invalid_as_none``."""
    try:
        return _parse_decimal(value)
    except ValueError:
        if invalid_as_none:
            return None
        raise


def _parse_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = _GROUP_SEPARATORS.sub("", str(value)).translate(_MINUSES)
        if not text:
            return None
        text = text.removesuffix("%").replace(",", ".")
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise ValueError(f"not a number: {value!r}")
        number = Decimal(text)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def format_percent(share, digits: int = 1) -> str:
    """A share (0.172) as a percentage: «17,2 %»."""
    if share is None or share == "":
        return DASH
    return f"{format_number(float(share) * 100, digits)}{NBSP}%"


def format_points(share_difference, digits: int = 1) -> str:
    """A difference of shares in percentage points: «+3,1 п. п.», «−2 п. п.», «0 п. п.»."""
    if share_difference is None or share_difference == "":
        return DASH
    return f"{format_number(float(share_difference) * 100, digits, signed=True)}{NBSP}п.{NBSP}п."


def ru_plural(n, one: str, few: str, many: str) -> str:
    """The form of a noun after the number ``n``: 1 строка, 2 строки, 5 строк, 21 строка, 11 строк."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count_of(n, one: str, few: str, many: str) -> str:
    """The number with its noun: «1 строка», «2 строки», «5 строк»."""
    return f"{n} {ru_plural(n, one, few, many)}"
