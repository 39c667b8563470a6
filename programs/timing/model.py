"""The parsed form of a measure's timing ("Сроки"): `Kind` and the immutable `Schedule`.

A `Schedule` is stored next to the original text in a JSONField, so it must be plain data
(`to_dict` / `from_dict` round-trip exactly) and must be readable back to a person
(`describe`), who confirms or corrects what the parser understood.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from schools.formats import ru_plural


class Kind(StrEnum):
    RANGE = "range"  # one window: "Июнь-июль 2018", "2 квартал 2021 года", "до 01.09.2018"
    YEARLY = "yearly"  # every calendar year, optionally in given months: "Сентябрь, ежегодно"
    QUARTERLY = "quarterly"  # every calendar quarter: "ежеквартально"
    MONTHLY = "monthly"  # every month (optionally only the listed months): "ежемесячно"
    WEEKLY = "weekly"  # a weekday every week within months: "Вторник, еженедельно сентябрь-май"
    TWICE_A_YEAR = "twice_a_year"  # calendar half-years: "Два раза в год", "1 раз в полугодие"
    ACADEMIC_YEARLY = "academic_yearly"  # once per academic year: "4 квартал каждого учебного года"
    THROUGHOUT = "throughout"  # continuous: "постоянно", "в течение всего периода", "2021-2024"
    ON_REQUEST = "on_request"  # no due dates: "По запросу", "По мере необходимости", "По плану …"
    UNPARSED = "unparsed"  # a person has to restate it


#: kinds that repeat; for them `start`/`end` are optional bounds, not a window
RECURRING: frozenset[Kind] = frozenset(
    {
        Kind.YEARLY,
        Kind.QUARTERLY,
        Kind.MONTHLY,
        Kind.WEEKLY,
        Kind.TWICE_A_YEAR,
        Kind.ACADEMIC_YEARLY,
        Kind.THROUGHOUT,
    }
)

MONTHS_NOM = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
MONTHS_GEN = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS_PREP = (
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
)  # fmt: skip
WEEKDAYS_DAT_PL = (
    "понедельникам", "вторникам", "средам", "четвергам", "пятницам", "субботам", "воскресеньям",
)  # fmt: skip
#: calendar quarter -> its months; ACADEMIC_YEARLY.quarter is a *calendar* quarter (see below)
QUARTER_MONTHS: dict[int, tuple[int, int, int]] = {
    1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12),
}  # fmt: skip


#: kinds whose report may be due after its window ("до 10 числа", "через 10 дней после …")
LAGGED: frozenset[Kind] = frozenset(
    {Kind.YEARLY, Kind.QUARTERLY, Kind.MONTHLY, Kind.TWICE_A_YEAR, Kind.ACADEMIC_YEARLY}
)
MAX_OFFSET_DAYS = 365  # "в течение 400 дней после окончания квартала" is a typo, not a deadline
#: the most days each month can have (29 February: a leap year's date is a valid yearly deadline)
MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_runs(months: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Split months, in the order written, into runs of consecutive months (December → January
    continues a run). "Сентябрь-ноябрь январь-март" → [(9, 10, 11), (1, 2, 3)]: each run is one
    window with one due date, which is what the author of such a cell means."""
    runs: list[list[int]] = []
    for m in months:
        if runs and m == runs[-1][-1] % 12 + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return [tuple(r) for r in runs]


@dataclass(frozen=True)
class Schedule:
    """What a timing cell means.

    * RANGE: `start`..`end` is the window (both set); `quarter` is kept when the text named a
      calendar quarter ("2 квартал 2021 года").
    * recurring kinds (`RECURRING`): `start`/`end` are optional bounds ("с 2021 года" →
      2021-01-01, "до 2024 года" → 2024-12-31).
    * YEARLY: `months` in the order written (() = the whole calendar year); WEEKLY / MONTHLY:
      the months in which it runs (() = all); WEEKLY: `weekday` 0=Monday … 6=Sunday (None =
      "еженедельно" without a day: the week is the window, due on its Sunday).
    * ACADEMIC_YEARLY: `quarter` is the **calendar** quarter (4 = October–December) as it falls
      inside each academic year September–August; None = the whole academic year. Why calendar:
      in Russian administrative language "4 квартал" is October–December, and the Dagestanskiye
      Ogni measures with this timing (items 29–31: monitoring teachers' difficulties after the
      ГИА, the school's list of under-achievers with a consultation schedule, an interview with
      the director) belong in the autumn of a school year; an academic "4th quarter" would be
      June–August, the summer holiday, when none of that can happen.
    * ON_REQUEST: `note` says on whose request / per which plan; `weekday` may say on which day.
    * any kind: `note` keeps a remark the dates do not carry ("далее по мере необходимости").

    When the report is due, for the `LAGGED` kinds (at most one of `day` / `offset_days`; none
    = on the window's last day, as before these fields existed):

    * `day` 1..31, "до 10 числа": due on that day of the month **following** the window — the
      way Russian reporting deadlines are written ("ежеквартально, до 10 числа": the report
      for the 1st quarter is due by 10 April). The one exception is YEARLY with `months`: then
      exactly one month is allowed and `day` is a fixed date inside it, every year ("ежегодно
      до 25 декабря" = months (12,), day 25; the day must exist in that month, 29 February
      included). In a month shorter than `day` the month's last day is used.
    * `offset_days` 1..365, "в течение 10 дней после окончания квартала": due that many days
      after the window ends; `working_days` counts Monday–Friday without the fixed public
      holidays of the Labour Code (art. 112), since the yearly transfers of days off are
      decreed each year and cannot be known in advance.

    Stored dicts written before these fields existed lack the keys: they read as None/False,
    and `to_dict` writes the keys only when set, so such a schedule stores exactly as before
    (no spurious "changed" entries when program versions are compared).
    """

    kind: Kind
    start: date | None = None
    end: date | None = None
    months: tuple[int, ...] = ()
    weekday: int | None = None
    quarter: int | None = None
    note: str = ""
    day: int | None = None
    offset_days: int | None = None
    working_days: bool = False

    def __post_init__(self) -> None:
        # Coerce what JSON gives back (str kind, list months) so equality is exact, and refuse
        # impossible values early: a stored schedule is trusted by the occurrence generator.
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "months", tuple(int(m) for m in self.months))
        if any(not 1 <= m <= 12 for m in self.months) or len(set(self.months)) != len(self.months):
            raise ValueError(f"months must be distinct 1..12: {self.months!r}")
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6: {self.weekday!r}")
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1..4: {self.quarter!r}")
        if self.kind is Kind.RANGE and (self.start is None or self.end is None):
            raise ValueError("a RANGE needs both start and end")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        self._check_due()

    def _check_due(self) -> None:
        day, offset = self.day, self.offset_days
        # bool is an int: refuse it explicitly, JSON `true` is not a day
        if day is not None and (isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 31):
            raise ValueError(f"day must be 1..31: {day!r}")
        if offset is not None and (
            isinstance(offset, bool) or not isinstance(offset, int) or not 1 <= offset <= MAX_OFFSET_DAYS
        ):
            raise ValueError(f"offset_days must be 1..{MAX_OFFSET_DAYS}: {offset!r}")
        if not isinstance(self.working_days, bool):
            raise ValueError(f"working_days must be a bool: {self.working_days!r}")
        if day is not None and offset is not None:
            raise ValueError("either day or offset_days, not both")
        if self.working_days and offset is None:
            raise ValueError("working_days needs offset_days")
        if (day is not None or offset is not None) and self.kind not in LAGGED:
            raise ValueError(f"{self.kind.value} has no due day or offset")
        if day is not None and self.fixed_date:
            if len(self.months) != 1:
                raise ValueError("a yearly fixed date needs exactly one month")
            if day > MONTH_DAYS[self.months[0] - 1]:
                raise ValueError(f"no day {day} in month {self.months[0]}")

    @property
    def fixed_date(self) -> bool:
        """YEARLY in named months with a `day`: a date inside the month, not after it."""
        return self.kind is Kind.YEARLY and bool(self.months) and self.day is not None

    # --- storage -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": self.kind.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "months": list(self.months),
            "weekday": self.weekday,
            "quarter": self.quarter,
            "note": self.note,
        }
        # only when set: a schedule without them stores exactly as before they existed
        if self.day is not None:
            d["day"] = self.day
        if self.offset_days is not None:
            d["offset_days"] = self.offset_days
        if self.working_days:
            d["working_days"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Schedule:
        start, end = d.get("start"), d.get("end")
        return cls(
            kind=Kind(d["kind"]),
            start=date.fromisoformat(start) if start else None,
            end=date.fromisoformat(end) if end else None,
            months=tuple(d.get("months") or ()),
            weekday=d.get("weekday"),
            quarter=d.get("quarter"),
            note=d.get("note") or "",
            day=d.get("day"),
            offset_days=d.get("offset_days"),
            working_days=d.get("working_days") or False,
        )

    # --- for people ----------------------------------------------------------------------------

    def describe(self) -> str:
        """A short Russian description, shown beside the original text for confirmation."""
        k = self.kind
        if k is Kind.RANGE:
            text = _describe_range(self.start, self.end, self.quarter)  # type: ignore[arg-type]
        elif self.fixed_date:
            text = f"ежегодно до {self.day} {MONTHS_GEN[self.months[0] - 1]}"
        elif k is Kind.YEARLY:
            text = "ежегодно"
            if self.months:
                text += " в " + " и ".join(_run_label(run, MONTHS_PREP) for run in month_runs(self.months))
        elif k is Kind.QUARTERLY:
            text = "ежеквартально"
        elif k is Kind.MONTHLY:
            text = "ежемесячно" + (", " + _month_runs_nom(self.months) if self.months else "")
        elif k is Kind.WEEKLY:
            text = "еженедельно"
            if self.weekday is not None:
                text += " по " + WEEKDAYS_DAT_PL[self.weekday]
            if self.months:
                text += ", " + _month_runs_nom(self.months)
        elif k is Kind.TWICE_A_YEAR:
            text = "два раза в год"
        elif k is Kind.ACADEMIC_YEARLY:
            if self.quarter is None:
                text = "каждый учебный год"
            else:
                a, _, b = QUARTER_MONTHS[self.quarter]
                text = (
                    f"ежегодно в {self.quarter} квартале каждого учебного года"
                    f" ({MONTHS_NOM[a - 1]}–{MONTHS_NOM[b - 1]})"
                )
        elif k is Kind.THROUGHOUT:
            bounded = self.start is not None or self.end is not None
            text = "постоянно" if bounded else "в течение всего периода"
        elif k is Kind.ON_REQUEST:
            text = self.note or "по мере необходимости"
            if self.weekday is not None:
                text += ", по " + WEEKDAYS_DAT_PL[self.weekday]
            return text
        else:
            return "не распознано" + (f": {self.note}" if self.note else "")
        if k in RECURRING:
            text += _describe_bounds(self.start, self.end)
        text += self._describe_due()
        if self.note:
            text += f"; {self.note}"
        return text

    def period_unit(self) -> str:
        """The window a `day`/`offset_days` counts from, as a key of `UNIT_WORDS`."""
        if self.kind is Kind.MONTHLY:
            return "month"
        if self.kind is Kind.QUARTERLY or (self.kind is Kind.ACADEMIC_YEARLY and self.quarter is not None):
            return "quarter"
        if self.kind is Kind.TWICE_A_YEAR:
            return "half"
        if self.kind is Kind.ACADEMIC_YEARLY:
            return "academic_year"
        if self.kind is Kind.YEARLY and not self.months:
            return "year"
        return "period"  # YEARLY in given months: the months written are the window

    def _describe_due(self) -> str:
        if self.day is not None and not self.fixed_date:
            return f", до {self.day} числа месяца, следующего за {UNIT_WORDS[self.period_unit()][1]}"
        if self.offset_days is not None:
            n = self.offset_days
            days = plural(n, "день", "дня", "дней")
            if self.working_days:
                days = plural(n, "рабочий", "рабочих", "рабочих") + " " + days
            return f", через {n} {days} после окончания {UNIT_WORDS[self.period_unit()][0]}"
        return ""


#: unit -> (genitive "после окончания квартала", instrumental "следующего за кварталом")
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "month": ("месяца", "месяцем"),
    "quarter": ("квартала", "кварталом"),
    "half": ("полугодия", "полугодием"),
    "year": ("года", "годом"),
    "academic_year": ("учебного года", "учебным годом"),
    "period": ("периода", "периодом"),
}


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural agreement: 1 день, 2 дня, 5 дней, 11 дней, 21 день (schools.formats)."""
    return ru_plural(n, one, few, many)


def _run_label(run: tuple[int, ...], names: tuple[str, ...]) -> str:
    first, last = names[run[0] - 1], names[run[-1] - 1]
    return first if len(run) == 1 else f"{first}–{last}"


def _month_runs_nom(months: tuple[int, ...]) -> str:
    return ", ".join(_run_label(run, MONTHS_NOM) for run in month_runs(months))


def _describe_bounds(start: date | None, end: date | None) -> str:
    text = ""
    if start is not None:
        text += f" с {start.year} года" if (start.month, start.day) == (1, 1) else f" с {start:%d.%m.%Y}"
    if end is not None:
        text += f" до {end.year} года" if (end.month, end.day) == (12, 31) else f" до {end:%d.%m.%Y}"
    return text


def _describe_range(start: date, end: date, quarter: int | None) -> str:
    whole_months = start.day == 1 and end == last_day(end.year, end.month)
    if start == end:
        return f"{start:%d.%m.%Y}"
    if quarter is not None and whole_months and start.year == end.year:
        if QUARTER_MONTHS[quarter][::2] == (start.month, end.month):
            return f"{quarter} квартал {start.year} года"
    if whole_months and (start.month, end.month) == (1, 12):
        return f"{start.year} год" if start.year == end.year else f"{start.year}–{end.year} годы"
    if whole_months and (start.month, end.month) == (9, 8) and end.year == start.year + 1:
        return f"{start.year}/{end.year} учебный год"
    if whole_months:
        a, b = MONTHS_NOM[start.month - 1], MONTHS_NOM[end.month - 1]
        if start.year != end.year:
            return f"{a} {start.year} – {b} {end.year}"
        return f"{a} {start.year}" if start.month == end.month else f"{a}–{b} {start.year}"
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
