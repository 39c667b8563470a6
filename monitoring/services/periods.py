"""Periods of indicator values: a calendar year, its quarter, or an academic year (named by the
year it ends in). ``period_parse`` reads a period as people write it, ``period_get_or_create``
creates it with its first and last day on first use."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schools.years import academic_year_bounds

from ..models import Period


class PeriodError(ValueError):
    """A period that cannot be read; ``str(exc)`` is the Russian reason."""


MIN_YEAR, MAX_YEAR = 2000, 2100
WHOLE_YEAR = 0  # Period.quarter of calendar and academic years
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = re.compile(
    r"^(?:(?P<q1>[1-4]|i{1,3}|iv)\s*-?\s*(?:й|ый|ой)?\s*(?:квартал|кв\.?)|q\s*(?P<q2>[1-4]))\s*,?\s*(?P<y1>\d{4})\s*(?:г\.?|года?)?$"
    r"|^(?P<y2>\d{4})\s*(?:г\.?|года?)?\s*,?\s*(?:(?P<q3>[1-4]|i{1,3}|iv)\s*-?\s*(?:й|ый|ой)?\s*(?:квартал|кв\.?)|q\s*(?P<q4>[1-4]))$"
)
_ACADEMIC = re.compile(
    r"^(?P<start>\d{4})\s*[/\-–—]\s*(?P<end>\d{4}|\d{2})\s*(?:уч\.?\s*г(?:\.|од)?|учебный\s+год)?\.?$"
)
_CALENDAR = re.compile(r"^(?P<year>\d{4})(?:[.,]0+)?\s*(?:г\.?|год)?$")


def period_bounds(*, kind: str, year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day: a calendar year, its quarter, or the academic year 1 September
    (year − 1) – 31 August (year) — academic years are named by the year they end in."""
    if kind == Period.Kind.YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == Period.Kind.ACADEMIC_YEAR:
        return academic_year_bounds(year)
    if kind == Period.Kind.QUARTER and quarter in (1, 2, 3, 4):
        first_month = 3 * (quarter - 1) + 1
        start = dt.date(year, first_month, 1)
        after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, first_month + 3, 1)
        return start, after - dt.timedelta(days=1)
    raise PeriodError(_("квартал должен быть числом от 1 до 4"))


def _check_period(kind: str, year: int, quarter: int | None) -> int:
    """The period's quarter as stored (0 for a whole year), or PeriodError."""
    if kind not in Period.Kind.values:
        raise PeriodError(_("неизвестный вид периода"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(_("год вне допустимого диапазона %(min)s–%(max)s") % {"min": MIN_YEAR, "max": MAX_YEAR})
    if kind == Period.Kind.QUARTER:
        if quarter not in (1, 2, 3, 4):
            raise PeriodError(_("квартал должен быть числом от 1 до 4"))
        return quarter
    if quarter not in (None, 0):
        raise PeriodError(_("номер квартала указывается только для квартала"))
    return WHOLE_YEAR


def period_get_or_create(*, kind: str, year: int, quarter: int | None = None) -> Period:
    """The period, created with its start and end on first use (``quarter`` only for quarters;
    whole years store 0). Safe under concurrency: the unique constraint decides, the loser reads
    the winner's row."""
    quarter = _check_period(kind, year, quarter)
    start, end = period_bounds(kind=kind, year=year, quarter=quarter)
    try:
        with transaction.atomic():
            period, _created = Period.objects.get_or_create(
                kind=kind, year=year, quarter=quarter, defaults={"start": start, "end": end}
            )
    except IntegrityError:
        period = Period.objects.get(kind=kind, year=year, quarter=quarter)
    return period


def period_parse(value: Any) -> tuple[str, int, int]:
    """(kind, year, quarter — 0 for whole years) of a period as people write it: «2024» or «2024 г.» (calendar year),
    «2023/2024», «2023-24» or «2023/2024 уч. г.» (academic year, named by its last year),
    «1 квартал 2024», «I кв. 2024», «2024, 3 квартал» or «Q2 2024» (quarter)."""
    if isinstance(value, bool) or value is None:
        raise PeriodError(_("не заполнено: укажите период, например 2024, 2023/2024 или 1 квартал 2024"))
    if isinstance(value, int | float | Decimal):
        if float(value).is_integer():
            value = str(int(value))
        else:
            raise PeriodError(_("период должен быть вида 2024, 2023/2024 или 1 квартал 2024"))
    text = re.sub(r"\s+", " ", str(value)).strip().casefold().replace("ё", "е")
    if match := _QUARTER.match(text):
        raw = next(g for g in (match["q1"], match["q2"], match["q3"], match["q4"]) if g)
        quarter = ROMAN.get(raw) or int(raw)
        result = (Period.Kind.QUARTER.value, int(match["y1"] or match["y2"]), quarter)
    elif match := _ACADEMIC.match(text):
        start, end_raw = int(match["start"]), match["end"]
        end = int(end_raw) if len(end_raw) == 4 else (start // 100) * 100 + int(end_raw)
        if end != start + 1:
            raise PeriodError(_("в учебном году второй год должен следовать за первым, например 2023/2024"))
        result = (Period.Kind.ACADEMIC_YEAR.value, end, WHOLE_YEAR)
    elif match := _CALENDAR.match(text):
        result = (Period.Kind.YEAR.value, int(match["year"]), WHOLE_YEAR)
    else:
        raise PeriodError(_("период должен быть вида 2024, 2023/2024 или 1 квартал 2024"))
    _check_period(*result)
    return result
