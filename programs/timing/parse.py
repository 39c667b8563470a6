"""`parse_timing`: the free text of a measure's "Сроки" cell → a `Schedule`.

How it reads a cell:

1. normalise: dashes → "-", digits glued to words split ("2018года" → "2018 года"), spaces
   collapsed; a lower-cased copy with ё → е is what the patterns see;
2. cut out "as needed / on request / per another plan" clauses ("по запросу родителей",
   "далее по мере необходимости", "по плану МОМО"): they become the `note`;
3. tokenise the rest (months, years, dates, quarters, half-years, weekdays, "с"/"до",
   periodicity keywords, filler words);
4. group tokens into expressions (a month group, a dated span, a yearless quarter …);
5. decide the kind from what was found.

It is strict about *words*: a word it does not know makes the cell UNPARSED rather than
silently ignored, because a wrong due date raises false "overdue" alarms, while UNPARSED only
asks a person to restate the timing. It is lenient about *form*: case, ё, dashes, spaces,
punctuation, "г."/"года"/"гг.", parentheses, inflected month names.

Choices (the tests state each of them):

* a month (or quarter, half-year) without a year means "every year in that month" — a
  program runs several years, and a measures table that writes "Сентябрь" or "Февраль" next to
  "Сентябрь, ежегодно" means the same recurring slot; for a one-year program both readings give
  the same single due date;
* years written in a month group fill in chronologically: "Сентябрь – май 2019" is
  September 2018 – May 2019, "Август сентябрь 2018" is August–September 2018;
* bare years that equal or cover the program period ("2021-2024 годы", "2020-2024" in a
  2021–2024 program) mean THROUGHOUT, other bare years a RANGE;
* "с <год>" / "до <год>" alone are bounds of a continuous measure (THROUGHOUT), "до" read
  inclusively ("до 2024 года" → through 31.12.2024); "до <дата>" is a deadline: a RANGE from
  the program start to that date;
* a firm timing plus an "as needed" clause keeps the firm timing and puts the clause in
  `note` ("Август-сентябрь 2018, далее по мере необходимости"); the clause runs to the next
  comma/slash/semicolon but not over a month, year, date, weekday or periodicity word;
* several separate dated windows ("Январь 2019 года, сентябрь 2019 года") are UNPARSED: one
  `Schedule` cannot hold them, and merging them into one range would invent a deadline.

When the report is due (`Schedule.day` / `offset_days`):

* "до 10 числа" with a periodicity is the 10th of the month *following* each window — the
  way reporting deadlines are written ("ежеквартально, до 10 числа": Q1 by 10 April); "до 5
  числа" alone, or "не позднее 5 числа месяца, следующего за отчётным", is monthly; "… месяца,
  следующего за кварталом / полугодием / годом" names the periodicity itself, and one that
  contradicts the written periodicity is UNPARSED;
* "до 25 декабря", "ежегодно, до 1 сентября", "в декабре до 25 числа", "до 25.12" are a fixed
  date every year (a month with no year recurs, as above); with a year ("до 25 декабря 2019
  года") it is a deadline like "до 25.12.2019"; a date that does not exist ("31 апреля") is
  UNPARSED, while "до 31 числа" is accepted and falls on the last day of shorter months;
* "в течение 10 дней после окончания квартала", "не позднее 15 дней после окончания
  полугодия", "через 10 дней …" are the window's end plus N days (the window named gives the
  periodicity when none is written); "рабочих дней" counts Monday–Friday without the Labour
  Code's fixed holidays (the yearly transfers of days off are unknowable in advance, the
  preview says so);
* with such a lag the report on the program's last window is due after the period's end, by
  at most that lag (the 4th quarter of the last year: 10 January), and it is kept: the work
  of a quarter cannot be reported before the quarter ends, and dropping it would leave the
  last quarter unreported (see occur.py);
* "до"/"не позднее" before such a deadline is the deadline's word, not an upper bound.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .model import LAGGED, MONTH_DAYS, QUARTER_MONTHS, Kind, Schedule, month_runs
from .reader import AcadQuarter, Reader, Span, Yearless, dedupe, expand_months
from .tokens import UNIT_KINDS, Fail, clean_text, cut_requests, lower_text, tokenise

MAX_TEXT = 1000  # a timing cell is a few words; anything longer is a paste error


# ---- deciding the kind ----------------------------------------------------------------------


def _merge(spans: list[Span]) -> Span:
    spans = sorted(spans, key=lambda s: s.start)
    merged = spans[0]
    for s in spans[1:]:
        if s.start > merged.end + timedelta(days=1):
            raise Fail("несколько отдельных сроков: разделите мероприятие или уточните срок")
        merged = Span(
            merged.start,
            max(merged.end, s.end),
            year_only=merged.year_only and s.year_only,
            months=dedupe([*merged.months, *s.months]),
        )
    if len(spans) == 1:
        return spans[0]
    return merged


def _decide(r: Reader, notes: list[str], period_start: date, period_end: date) -> Schedule:
    units = [o.unit for o in r.offsets] + r.next_units
    named = [u for u in dict.fromkeys(units) if u != "period"]
    if len(named) > 1:
        raise Fail("срок сдачи отсчитывается от разных периодов")
    if not r.kinds and not r.exprs and not r.academic:
        # "в течение 10 дней после окончания квартала", "до 10 числа месяца, следующего за
        # кварталом": the window named is the periodicity; a bare "до 5 числа" is monthly
        if named:
            r.kinds.append(UNIT_KINDS[named[0]])
            r.academic = named[0] == "academic_year"
        elif r.days:
            r.kinds.append(Kind.MONTHLY)
    return _with_due(_decide_dates(r, notes, period_start, period_end), r, named[0] if named else None)


def _with_due(base: Schedule, r: Reader, unit: str | None) -> Schedule:
    """Add what the cell says about when the report is due to the schedule of its windows."""
    if len(r.days) + len(r.fixed) + len(r.offsets) > 1:
        raise Fail("указано несколько сроков сдачи")
    if r.next_units and not r.days:
        raise Fail("«следующего за …» без числа месяца")
    if not (r.days or r.fixed or r.offsets):
        return base
    if base.kind not in LAGGED:
        raise Fail("срок сдачи («до … числа», «через … дней») не сочетается с таким сроком")
    if base.kind is Kind.YEARLY and base.months and not r.offsets:
        # a date inside the month every year: "ежегодно до 25 декабря", "в декабре до 25 числа"
        if len(base.months) != 1 or r.next_units:
            raise Fail("число месяца указано для нескольких месяцев")
        day = r.fixed[0][0] if r.fixed else r.days[0]
        if day > MONTH_DAYS[base.months[0] - 1]:
            raise Fail("нет такой даты")
        return replace(base, day=day)
    if r.fixed:
        raise Fail("дата «до … » не сочетается с такой периодичностью: укажите «до … числа»")
    if unit is not None and unit != base.period_unit():
        raise Fail("срок сдачи отсчитывается не от того периода, что указан в периодичности")
    if r.days:
        return replace(base, day=r.days[0])
    return replace(base, offset_days=r.offsets[0].days, working_days=r.offsets[0].working)


def _decide_dates(r: Reader, notes: list[str], period_start: date, period_end: date) -> Schedule:
    note = "; ".join(notes)
    kinds = list(dict.fromkeys(r.kinds))
    if Kind.THROUGHOUT in kinds and len(kinds) > 1:  # "ежегодно в течение всего периода"
        kinds.remove(Kind.THROUGHOUT)
    if len(kinds) > 1:
        raise Fail("указано несколько периодичностей")
    kind = kinds[0] if kinds else None
    if len(set(r.weekdays)) > 1:
        raise Fail("указано несколько дней недели")
    weekday = r.weekdays[0] if r.weekdays else None
    if len(r.lowers) > 1 or len(r.uppers) > 1:
        raise Fail("несколько границ «с»/«до»")
    lower = r.lowers[0] if r.lowers else None
    upper = r.uppers[0] if r.uppers else None

    months: list[int] = [m for e in r.exprs if isinstance(e, Yearless) for m in e.months]
    if isinstance(lower, Yearless) and isinstance(upper, Yearless):  # "с сентября по май"
        months += expand_months(lower.months[0], upper.months[-1])
        lower = upper = None
    if not all(b is None or isinstance(b, list) for b in (lower, upper)):
        raise Fail("граница «с»/«до» без года")
    lo_span = lower[0] if isinstance(lower, list) else None
    up_span = upper[-1] if isinstance(upper, list) else None
    bound_start = lo_span.start if lo_span else None
    bound_end = up_span.end if up_span else None
    if bound_start and bound_end and bound_start > bound_end:
        raise Fail("конец срока раньше начала")
    month_tuple = dedupe(months)

    spans = [s for e in r.exprs if isinstance(e, list) for s in e]
    span = _merge(spans) if spans else None
    if span and (lo_span or up_span):
        raise Fail("срок указан и датами, и границами «с»/«до»")

    acad = [e for e in r.exprs if isinstance(e, AcadQuarter)]
    if acad and acad[0].quarter and month_tuple == QUARTER_MONTHS[acad[0].quarter]:
        month_tuple = ()  # "4 квартал каждого учебного года (октябрь–декабрь)" only explains
    if acad:
        others = month_tuple or span or weekday is not None
        if len(acad) > 1 or others or kind not in (None, Kind.YEARLY):
            raise Fail("квартал учебного года вместе с другими сроками")
        return Schedule(
            Kind.ACADEMIC_YEARLY,
            start=bound_start,
            end=bound_end,
            quarter=acad[0].quarter,
            note=note,
        )

    if kind is None and weekday is not None and (month_tuple or span or lo_span or up_span or not notes):
        kind = Kind.WEEKLY  # a weekday names a weekly slot: "Вторник, сентябрь-май"

    if kind is None:
        if span is not None:
            if month_tuple:
                raise Fail("месяцы с годом и без года вместе")
            if span.year_only and span.start <= period_start and span.end >= period_end:
                return Schedule(Kind.THROUGHOUT, note=note)
            return Schedule(Kind.RANGE, start=span.start, end=span.end, quarter=span.quarter, note=note)
        if month_tuple:
            return Schedule(Kind.YEARLY, start=bound_start, end=bound_end, months=month_tuple, note=note)
        if r.academic:  # "каждый учебный год (с 2021 года)"
            return Schedule(Kind.ACADEMIC_YEARLY, start=bound_start, end=bound_end, note=note)
        if lo_span and up_span:  # "с 2019 по 2020 год", "с 01.09.2018 по 31.05.2019"
            window = Span(lo_span.start, up_span.end, lo_span.year_only and up_span.year_only)
            if window.year_only and window.start <= period_start and window.end >= period_end:
                return Schedule(Kind.THROUGHOUT, note=note)
            return Schedule(Kind.RANGE, start=window.start, end=window.end, note=note)
        if up_span and not lo_span and not up_span.year_only:
            # "до 01.09.2018", "до сентября 2019": a deadline, from the program start
            return Schedule(Kind.RANGE, start=min(period_start, up_span.end), end=up_span.end, note=note)
        if lo_span or up_span:  # "С 2021 года", "До 2024 года": a continuous measure's bounds
            return Schedule(Kind.THROUGHOUT, start=bound_start, end=bound_end, note=note)
        if notes:
            return Schedule(Kind.ON_REQUEST, weekday=weekday, note=note)
        raise Fail("нет ни срока, ни периодичности")

    if weekday is not None and kind is not Kind.WEEKLY:
        raise Fail("день недели не сочетается с такой периодичностью")
    if span is not None:  # a recurring measure bounded by a dated window
        if kind is Kind.YEARLY and not month_tuple and span.months and not span.year_only:
            # "Сентябрь 2018, далее ежегодно": every September from 2018 on
            month_tuple, bound_start = span.months, span.start
        else:
            bound_start, bound_end = span.start, span.end
    if month_tuple and kind not in (Kind.YEARLY, Kind.WEEKLY, Kind.MONTHLY):
        if kind is Kind.TWICE_A_YEAR and len(month_runs(month_tuple)) == 2:
            kind = Kind.YEARLY  # "два раза в год (декабрь, май)": the two months given
        else:
            raise Fail("месяцы не сочетаются с такой периодичностью")
    if kind is Kind.YEARLY and r.academic and not month_tuple:
        return Schedule(Kind.ACADEMIC_YEARLY, start=bound_start, end=bound_end, note=note)
    return Schedule(
        kind,
        start=bound_start,
        end=bound_end,
        months=month_tuple,
        weekday=weekday if kind is Kind.WEEKLY else None,
        note=note,
    )


def parse_timing(text: str, *, period_start: date, period_end: date) -> Schedule:
    """Read a "Сроки" cell. Never raises: what cannot be read is `Kind.UNPARSED`, with the
    reason in `note`, for a person to restate."""
    try:
        if not isinstance(text, str):
            raise Fail("срок не указан")
        if len(text) > MAX_TEXT:
            raise Fail("слишком длинный текст срока")
        clean = clean_text(text)
        low, notes = cut_requests(clean, lower_text(clean))
        reader = Reader(tokenise(low)).read()
        return _decide(reader, notes, period_start, period_end)
    except Fail as exc:
        return Schedule(Kind.UNPARSED, note=str(exc))
    except Exception:  # noqa: BLE001 - the contract is "never raises"; a person fixes the cell
        return Schedule(Kind.UNPARSED, note="не удалось разобрать срок")
