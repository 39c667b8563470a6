"""Due dates of a `Schedule` inside a program period, and the period check for the form.

Each occurrence has a *window* (a month, a quarter, a year, one Tuesday …) and is due on the
window's last day: progress on "Сентябрь, ежегодно" is due on 30 September, on a range at its
end. Windows are clipped to the program period (and to a recurring schedule's own bounds):
one that overlaps the period but ends after it is due on the period's last day — the program
is over then, and its final report cannot wait; one that began before the period but ends
inside it is due as usual (its end is a date of the program); windows entirely outside are
dropped. Hence the dates always lie in the period, sorted and without duplicates.

THROUGHOUT ("постоянно", "в течение всего периода") has no natural window, but the committee
still collects a yearly report on continuous measures, so it is due every 31 December (the
last one at the end of the period) — otherwise such measures could never be overdue.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import MAXYEAR, MINYEAR, date, timedelta

from .model import QUARTER_MONTHS, RECURRING, Kind, Schedule, last_day, month_runs

_Window = tuple[date, date]


def occurrences(schedule: Schedule, *, period_start: date, period_end: date) -> list[date]:
    """Sorted, distinct due dates of `schedule` within [period_start, period_end]."""
    lo, hi = period_start, period_end
    if schedule.kind in RECURRING:
        lo = max(lo, schedule.start) if schedule.start else lo
        hi = min(hi, schedule.end) if schedule.end else hi
    if lo > hi:
        return []
    due = {min(end, hi) for start, end in _windows(schedule, lo, hi) if start <= hi and end >= lo}
    return sorted(due)


def _years(lo: date, hi: date) -> range:
    # one year of margin each side: windows that wrap a year end (Nov–Jan, academic years)
    return range(max(MINYEAR, lo.year - 1), min(MAXYEAR - 1, hi.year + 1) + 1)


def _windows(s: Schedule, lo: date, hi: date) -> Iterator[_Window]:
    k = s.kind
    if k is Kind.RANGE:
        yield s.start, s.end  # type: ignore[misc]
    elif k in (Kind.THROUGHOUT,) or (k is Kind.YEARLY and not s.months):
        for y in _years(lo, hi):
            yield date(y, 1, 1), date(y, 12, 31)
    elif k is Kind.YEARLY:
        for y in _years(lo, hi):
            for run in month_runs(s.months):
                end_year = y + 1 if run[-1] < run[0] else y  # "ноябрь-январь" ends next year
                yield date(y, run[0], 1), last_day(end_year, run[-1])
    elif k is Kind.QUARTERLY:
        for y in _years(lo, hi):
            for first, _, last in QUARTER_MONTHS.values():
                yield date(y, first, 1), last_day(y, last)
    elif k is Kind.MONTHLY:
        for y in _years(lo, hi):
            for m in range(1, 13):
                if not s.months or m in s.months:
                    yield date(y, m, 1), last_day(y, m)
    elif k is Kind.TWICE_A_YEAR:
        for y in _years(lo, hi):
            yield date(y, 1, 1), date(y, 6, 30)
            yield date(y, 7, 1), date(y, 12, 31)
    elif k is Kind.WEEKLY:
        yield from _weekly(s, lo, hi)
    elif k is Kind.ACADEMIC_YEARLY:
        for a in _years(lo, hi):  # academic year a/a+1: September a – August a+1
            if s.quarter is None:
                yield date(a, 9, 1), date(a + 1, 8, 31)
            else:
                # the calendar quarter's instance that starts inside the academic year:
                # IV → Oct–Dec a; I, II → Jan–Jun a+1; III → Jul–Sep a+1
                first = QUARTER_MONTHS[s.quarter][0]
                y = a if first >= 9 else a + 1
                yield date(y, first, 1), last_day(y, first + 2)
    # ON_REQUEST and UNPARSED have no windows


def _weekly(s: Schedule, lo: date, hi: date) -> Iterator[_Window]:
    # With a weekday the window is that day; without one ("еженедельно") it is the week
    # Monday–Sunday, due on Sunday. Months filter by the due day's month.
    wd = 6 if s.weekday is None else s.weekday
    length = 0 if s.weekday is not None else 6
    day = lo + timedelta(days=(wd - lo.weekday()) % 7)
    while True:
        if not s.months or day.month in s.months:
            yield day - timedelta(days=length), day
        if day >= hi:
            return
        try:
            day += timedelta(days=7)
        except OverflowError:
            return


def _period_label(period_start: date, period_end: date) -> str:
    if (period_start.month, period_start.day, period_end.month, period_end.day) == (1, 1, 12, 31):
        if period_start.year == period_end.year:
            return str(period_start.year)
        return f"{period_start.year}–{period_end.year}"
    return f"{period_start:%d.%m.%Y}–{period_end:%d.%m.%Y}"


def validate_within_period(schedule: Schedule, *, period_start: date, period_end: date) -> str | None:
    """A Russian error for the measure form, or None.

    A RANGE must lie inside the program period (a typo like "2108" or a stage copied from
    another program). A recurring schedule may have bounds beyond the period ("ежегодно до
    2026 года" in a 2021–2024 program is harmless: occurrences are clipped), but bounds that
    miss the period entirely leave the measure without any due date, which is an error too.
    """
    label = _period_label(period_start, period_end)
    if schedule.kind is Kind.RANGE:
        assert schedule.start is not None and schedule.end is not None
        if schedule.start < period_start or schedule.end > period_end:
            return f"Срок «{schedule.describe()}» выходит за период программы {label}"
    elif schedule.kind in RECURRING:
        if (schedule.start and schedule.start > period_end) or (schedule.end and schedule.end < period_start):
            return f"Срок «{schedule.describe()}» не пересекается с периодом программы {label}"
    return None
