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

A schedule with `day` or `offset_days` ("ежеквартально, до 10 числа", "в течение 10 дней
после окончания квартала") is due that long after its (clipped) window ends: `report_due`.
The windows are chosen exactly as above, so the due date of the program's last window may
fall after the period's end — by at most that lag: the report on the 4th quarter of the
program's last year is still due on 10 January, because the quarter's work cannot be reported
before the quarter is over; dropping it would leave the last quarter unreported, and moving it
to 31 December would ask for a report before the period it covers has ended. A window cut by
the period's end lags from the cut (a program ending 15 November: the 4th quarter's report is
due 10 December). So the dates lie in [period start, report_due(period end)], sorted and
without duplicates. A yearly fixed date ("ежегодно до 25 декабря") is not a lag: its window is
the month up to that day, and the usual rules apply.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import MAXYEAR, MINYEAR, date, timedelta

from .model import QUARTER_MONTHS, RECURRING, Kind, Schedule, last_day, month_runs, plural

_Window = tuple[date, date]

#: non-working public holidays fixed by the Labour Code (art. 112) as (month, day); the yearly
#: transfers of days off are decreed each year and are not known here
HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}
)


def occurrences(schedule: Schedule, *, period_start: date, period_end: date) -> list[date]:
    """Sorted, distinct due dates of `schedule` within [period_start, period_end] — or, for a
    schedule with a lag (`day` / `offset_days`), up to `report_due(schedule, period_end)`."""
    lo, hi = _bounds(schedule, period_start, period_end)
    if lo > hi:
        return []
    due: set[date] = set()
    for start, end in _windows(schedule, lo, hi):
        if start <= hi and end >= lo:
            d = _report_due(schedule, min(end, hi))
            if d is not None:  # only None past year 9999
                due.add(d)
    return sorted(due)


def _bounds(schedule: Schedule, period_start: date, period_end: date) -> tuple[date, date]:
    lo, hi = period_start, period_end
    if schedule.kind in RECURRING:
        lo = max(lo, schedule.start) if schedule.start else lo
        hi = min(hi, schedule.end) if schedule.end else hi
    return lo, hi


def report_due(schedule: Schedule, window_end: date) -> date:
    """When the report on a window ending `window_end` is due. Monotonic in `window_end`, so
    `report_due(schedule, period_end)` bounds every occurrence (see the module docstring)."""
    d = _report_due(schedule, window_end)
    return date.max if d is None else d


def _report_due(s: Schedule, end: date) -> date | None:
    try:
        if s.day is not None and not s.fixed_date:
            year, month = (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
            return date(year, month, min(s.day, last_day(year, month).day))
        if s.offset_days is not None:
            return _add_working_days(end, s.offset_days) if s.working_days else end + timedelta(days=s.offset_days)
    except (OverflowError, ValueError):  # beyond year 9999: no such date, never an exception
        return None
    return end


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and (d.month, d.day) not in HOLIDAYS


def _add_working_days(d: date, n: int) -> date:
    while n:
        d += timedelta(days=1)
        n -= is_working_day(d)
    return d


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
                end = last_day(end_year, run[-1])
                if s.fixed_date:  # "ежегодно до 25 декабря": the month up to that day
                    end = end.replace(day=min(s.day, end.day))  # type: ignore[type-var]
                yield date(y, run[0], 1), end
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
    So is any other schedule with dates that gives none in the period ("в сентябре" in a
    program of January–June, Tuesdays in a program of one Monday): the committee would never
    see the measure due. ON_REQUEST has no dates by design; UNPARSED is flagged for review.
    """
    label = _period_label(period_start, period_end)
    if schedule.kind is Kind.RANGE:
        assert schedule.start is not None and schedule.end is not None
        if schedule.start < period_start or schedule.end > period_end:
            return f"Срок «{schedule.describe()}» выходит за период программы {label}"
    elif schedule.kind in RECURRING:
        if (schedule.start and schedule.start > period_end) or (schedule.end and schedule.end < period_start):
            return f"Срок «{schedule.describe()}» не пересекается с периодом программы {label}"
    if schedule.kind in (Kind.ON_REQUEST, Kind.UNPARSED):
        return None
    if not occurrences(schedule, period_start=period_start, period_end=period_end):
        return f"Срок «{schedule.describe()}» не даёт ни одной даты отчёта в период программы {label}"
    return None


def schedule_notes(schedule: Schedule, *, period_start: date, period_end: date) -> list[str]:
    """Russian remarks on how the due dates were derived, for the person confirming them:
    what `occurrences` did silently (a missing day of a month, working days, a last report
    after the program's end)."""
    notes: list[str] = []
    due = occurrences(schedule, period_start=period_start, period_end=period_end)
    day = schedule.day
    # a date cut short by its month (not by the period's end): the month's last day, before `day`
    if day is not None and any(d.day < day and d == last_day(d.year, d.month) for d in due):
        days = plural(day, "дня", "дней", "дней")
        notes.append(f"В месяцах, где меньше {day} {days}, срок — последний день месяца.")
    if schedule.working_days:
        notes.append(
            "Рабочие дни считаются без суббот, воскресений и праздников (ст. 112 ТК РФ); "
            "ежегодные переносы выходных не учитываются."
        )
    late = [d for d in due if d > period_end]
    if late:
        notes.append(
            f"Отчёт за последний период — {late[-1]:%d.%m.%Y}, после окончания программы ({period_end:%d.%m.%Y})."
        )
    return notes
