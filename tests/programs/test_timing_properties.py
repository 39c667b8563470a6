"""Measure timing: properties over generated schedules and texts — occurrences lie in the period,
storage and descriptions round-trip, the parser never raises."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from programs.timing import (
    Kind,
    Schedule,
    occurrences,
    parse_timing,
    report_due,
)
from programs.timing.model import LAGGED, MONTH_DAYS, last_day
from tests.programs.timing_phrases import (
    P2018,
    P2021,
    K,
)

LO, HI = date(1995, 1, 1), date(2060, 12, 31)
REQUEST_NOTES = [
    "по запросу",
    "по мере необходимости",
    "по плану Комитета образования",
    "по запросу родителей (законных представителей)",
]


@st.composite
def periods(draw) -> tuple[date, date]:
    start = draw(st.dates(LO, HI))
    return start, start + timedelta(days=draw(st.integers(0, 5 * 366)))


@st.composite
def bounds(draw) -> tuple[date | None, date | None]:
    a = draw(st.none() | st.dates(LO, HI))
    b = draw(st.none() | st.dates(LO, HI))
    if a and b and a > b:
        a, b = b, a
    return a, b


@st.composite
def ranges(draw) -> Schedule:
    if draw(st.booleans()):  # a quarter of a year, as "2 квартал 2021 года" gives
        year, q = draw(st.integers(LO.year, HI.year)), draw(st.integers(1, 4))
        return Schedule(K.RANGE, date(year, 3 * q - 2, 1), last_day(year, 3 * q), quarter=q)
    a, b = sorted(draw(st.lists(st.dates(LO, HI), min_size=2, max_size=2)))
    return Schedule(K.RANGE, a, b)


months_lists = st.lists(st.integers(1, 12), unique=True, max_size=12).map(tuple)


NO_NOTE = st.just("")


@st.composite
def schedules(draw, notes: st.SearchStrategy[str] = NO_NOTE) -> Schedule:
    kind = draw(st.sampled_from([k for k in Kind if k is not K.UNPARSED]))
    if kind is K.RANGE:
        return draw(ranges())
    if kind is K.ON_REQUEST:
        return Schedule(
            K.ON_REQUEST,
            weekday=draw(st.none() | st.integers(0, 6)),
            note=draw(st.sampled_from(REQUEST_NOTES)),
        )
    start, end = draw(bounds())
    kw: dict = {"start": start, "end": end}
    if kind in (K.YEARLY, K.MONTHLY, K.WEEKLY):
        kw["months"] = draw(months_lists)
    if kind is K.WEEKLY:
        kw["weekday"] = draw(st.none() | st.integers(0, 6))
    if kind is K.ACADEMIC_YEARLY:
        kw["quarter"] = draw(st.none() | st.integers(1, 4))
    if kind in LAGGED:
        kw.update(draw(due_fields(kind, kw.get("months", ()))))
    return Schedule(kind, **kw, note=draw(notes))


@st.composite
def due_fields(draw, kind: Kind, months: tuple[int, ...]) -> dict:
    """None, a day (a fixed date for YEARLY in one month) or an offset in (working) days."""
    choice = draw(st.sampled_from(["none", "day", "offset"]))
    if choice == "day":
        if kind is K.YEARLY and months:
            if len(months) != 1:
                return {}
            return {"day": draw(st.integers(1, MONTH_DAYS[months[0] - 1]))}
        return {"day": draw(st.integers(1, 31))}
    if choice == "offset":
        return {"offset_days": draw(st.integers(1, 365)), "working_days": draw(st.booleans())}
    return {}


any_schedules = schedules(notes=st.text(max_size=40)) | st.builds(
    Schedule, st.just(K.UNPARSED), note=st.text(max_size=40)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule=any_schedules, period=periods())
def test_occurrences_lie_in_the_period_sorted_and_unique(schedule: Schedule, period):
    start, end = period
    due = occurrences(schedule, period_start=start, period_end=end)
    # a lag (`day` after the window, `offset_days`) may pass the end by at most itself
    assert all(start <= d <= report_due(schedule, end) for d in due)
    if schedule.offset_days is None and (schedule.day is None or schedule.fixed_date):
        assert all(d <= end for d in due)
    assert due == sorted(set(due))
    if schedule.kind not in (K.RANGE, K.ON_REQUEST, K.UNPARSED):
        # and inside the schedule's own bounds, lagged the same way
        own_end = min(end, schedule.end or end)
        assert all((schedule.start or start) <= d <= report_due(schedule, own_end) for d in due)
    if schedule.fixed_date:
        assert all(d.month == schedule.months[0] for d in due)
    if schedule.day is not None and not schedule.fixed_date:
        assert all(d.day == min(schedule.day, last_day(d.year, d.month).day) for d in due)
    if schedule.working_days:
        assert all(d.weekday() < 5 for d in due)
    if schedule.kind is K.WEEKLY and schedule.weekday is not None:
        assert all(d.weekday() == schedule.weekday for d in due)


@settings(max_examples=200, deadline=None)
@given(schedule=any_schedules)
def test_to_dict_round_trips_exactly(schedule: Schedule):
    stored = json.loads(json.dumps(schedule.to_dict(), ensure_ascii=False))
    assert Schedule.from_dict(stored) == schedule


@settings(max_examples=300, deadline=None)
@given(schedule=schedules(), period=periods())
def test_parsing_the_description_gives_the_schedule_back(schedule: Schedule, period):
    """`describe()` is unambiguous: a person may paste it back as the corrected timing. A
    period wider than any generated range keeps bare years a RANGE rather than THROUGHOUT."""
    text = schedule.describe()
    parsed = parse_timing(text, period_start=date(1900, 1, 1), period_end=date(2099, 12, 31))
    assert parsed == schedule, text


@settings(max_examples=500, deadline=None)
@given(text=st.text(max_size=200))
def test_parse_never_raises(text: str):
    s = parse_timing(text, period_start=P2018[0], period_end=P2018[1])
    assert isinstance(s, Schedule)
    occurrences(s, period_start=P2018[0], period_end=P2018[1])


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.sampled_from("абвгдежзийклмнопрстуфхцчшщъыьэюя .,;:-–()/"), max_size=60))
def test_parse_never_raises_on_russian_looking_text(text: str):
    assert isinstance(parse_timing(text, period_start=P2021[0], period_end=P2021[1]), Schedule)


# Stems of every month, weekday and timing keyword, written here independently of the parser.
KEYWORD_STEMS = (
    "янв", "фев", "мар", "апр", "май", "мая", "мае", "маю", "июн", "июл", "авг", "сен", "окт",
    "ноя", "дек", "понедельн", "вторн", "сред", "четв", "пятниц", "суббот", "воскрес",
    "ежег", "ежекв", "ежемес", "ежене", "ежепол", "постоян", "систематич", "непрерыв",
    "круглогод", "течени", "период", "срок", "раз", "дважды", "полугод", "квартал", "учебн",
    "запрос", "мере", "необходим", "план", "график", "требов", "заявк", "соглас", "весь",
    "протяжени", "кажд", "перв", "втор", "трет", "четв",
)  # fmt: skip
garbage = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCXYZ абвгдеёжзийклмнопрстуфхцчшщъыьэюя .,;:!?-–()/«»\"'\n"),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(text=garbage)
def test_garbage_without_dates_or_keywords_is_unparsed(text: str):
    assume(not any(stem in text.lower().replace("ё", "е") for stem in KEYWORD_STEMS))
    s = parse_timing(text, period_start=P2018[0], period_end=P2018[1])
    assert s.kind is K.UNPARSED, (text, s)
