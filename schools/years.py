"""Years: how they are read and the one way the portal writes them.

An academic year (учебный год, September–August) is stored as the calendar year in which it ends.
On input "2023/2024", "2023-2024", "2023–2024 уч. г." and 2024 all mean the year that ends in 2024.

Written, everywhere (pages, messages, exports, reports):
- an academic year is «2023/2024» — two full years and a slash, never «2023-2024», «2023–24» or
  the bare ending year. Standing alone in text or a heading it reads «2023/2024 уч. г.»
  (``academic_year_label``); in a table cell, a choice or after a label that already says
  «учебный год» the short «2023/2024» (``format_academic_year``), which also round-trips through
  spreadsheets;
- a calendar year is «2025 г.» in text (``calendar_year_label``) and the bare «2025» in a cell or
  after a label that says «год».
Templates use the ``academic_year``, ``academic_year_long`` and ``calendar_year`` filters.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

_PAIR = re.compile(r"^\s*(\d{4})\s*[/\-–—]\s*(\d{4}|\d{2})")
_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?\s*$|^\s*\d{1,2}\.\d{1,2}\.\d{4}\s*$")
_SINGLE = re.compile(r"^\s*(\d{4})(?:[.,]0+)?\s*(?:г\.?|год)?\s*$")

MIN_YEAR, MAX_YEAR = 2000, 2100


class AcademicYearError(ValueError):
    pass


def parse_academic_year(value) -> int:
    """The ending year of an academic year written in any of the accepted forms."""
    if isinstance(value, bool):
        raise AcademicYearError("учебный год должен быть вида 2023/2024 или 2024")
    if isinstance(value, int | float):
        if float(value).is_integer():
            value = str(int(value))
        else:
            raise AcademicYearError("учебный год должен быть вида 2023/2024 или 2024")
    text = str(value or "").strip()
    if isinstance(value, dt.date) or _DATE.match(text):
        # A spreadsheet turns «2023/2024» typed into a date-formatted cell into a date; reading
        # «2024-09-01» as the pair 2024/09 would blame the years, not the cell.
        raise AcademicYearError(
            f"«{text}»: в ячейке дата, а нужен учебный год вида 2023/2024 или 2024 (формат ячейки — текст или число)"
        )
    if m := _PAIR.match(text):
        start = int(m.group(1))
        end_raw = m.group(2)
        end = int(end_raw) if len(end_raw) == 4 else (start // 100) * 100 + int(end_raw)
        if end != start + 1:
            raise AcademicYearError(f"«{text}»: второй год должен следовать за первым")
        year = end
    elif m := _SINGLE.match(text):
        year = int(m.group(1))
    else:
        raise AcademicYearError(f"«{text}»: учебный год должен быть вида 2023/2024 или 2024")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise AcademicYearError(f"«{text}»: год вне допустимого диапазона {MIN_YEAR}–{MAX_YEAR}")
    return year


def format_academic_year(end_year: int | None) -> str:
    """«2023/2024»: in a cell, a choice, after a label that says «учебный год»."""
    if end_year in (None, ""):
        return ""
    end_year = int(end_year)
    return f"{end_year - 1}/{end_year}"


def academic_year_label(end_year: int | None) -> str:
    """«2023/2024 уч. г.»: an academic year standing alone in text or a heading."""
    return "" if end_year in (None, "") else f"{format_academic_year(end_year)}\u00a0уч.\u00a0г."


def calendar_year_label(year: int | None) -> str:
    """«2025 г.»: a calendar year in text."""
    return "" if year in (None, "") else f"{int(year)}\u00a0г."


def academic_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the academic year ending in ``year``: 1 September – 31 August."""
    return dt.date(year - 1, 9, 1), dt.date(year, 8, 31)


def current_academic_year(today=None) -> int:
    """The academic year in progress: from September on, the one ending next calendar year."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 9 else today.year


def academic_year_choices(span: int = 6) -> list[tuple[int, str]]:
    last = current_academic_year()
    return [(y, format_academic_year(y)) for y in range(last, last - span, -1)]
