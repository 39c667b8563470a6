"""Measure timing: the due dates each kind of schedule gives within a program period (table tests)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from programs.timing import (
    Schedule,
    occurrences,
    parse_timing,
    validate_within_period,
)
from programs.timing.model import QUARTER_MONTHS
from tests.programs.timing_phrases import (
    P2018,
    P2021,
    SEED_PHRASES,
    SEP_MAY,
    TUESDAY,
    D,
    K,
    dates,
    occ,
    rng,
)


def test_yearly_in_a_month_is_due_on_its_last_day_every_year():
    assert occ(Schedule(K.YEARLY, months=(9,)), "2018-01-01", "2020-12-31") == dates(
        "2018-09-30", "2019-09-30", "2020-09-30"
    )
    # a leap year's February
    assert occ(Schedule(K.YEARLY, months=(2,)), "2019-01-01", "2020-12-31") == dates("2019-02-28", "2020-02-29")
    # two windows a year, each due at its end
    assert occ(Schedule(K.YEARLY, months=(9, 10, 11, 1, 2, 3)), "2018-09-01", "2019-08-31") == (
        dates("2018-11-30", "2019-03-31")
    )
    # a window over New Year is due in January
    assert occ(Schedule(K.YEARLY, months=(11, 12, 1)), "2018-09-01", "2020-08-31") == dates("2019-01-31", "2020-01-31")
    # no months: the calendar year
    assert occ(Schedule(K.YEARLY), "2021-01-01", "2024-12-31") == dates(
        "2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31"
    )


def test_academic_year_boundaries():
    whole = Schedule(K.ACADEMIC_YEARLY)  # September–August
    assert occ(whole, "2018-09-01", "2020-08-31") == dates("2019-08-31", "2020-08-31")
    # the academic year 2017/18 overlaps the period's start: due 31.08.2018; the year 2020/21
    # is cut by the period's end: due on that end
    assert occ(whole, "2018-01-01", "2020-12-31") == dates("2018-08-31", "2019-08-31", "2020-08-31", "2020-12-31")
    # III (July–September) starts in the academic year and is due 30 September
    # (2017/18's runs July–September 2018, so it overlaps the period's first month)
    assert occ(Schedule(K.ACADEMIC_YEARLY, quarter=3), "2018-09-01", "2020-08-31") == dates(
        "2018-09-30", "2019-09-30", "2020-08-31"
    )
    # I of the academic year 2021/22 is January–March 2022
    assert occ(Schedule(K.ACADEMIC_YEARLY, quarter=1), "2021-09-01", "2022-08-31") == dates("2022-03-31")


def test_fourth_quarter_of_the_academic_year_is_october_to_december():
    """CHOICE: "4 квартал каждого учебного года" (Dagestanskiye Ogni 29–31) is the *calendar*
    4th quarter, October–December, the one inside each academic year — not the academic
    year's own 4th quarter counted from September (June–August, the summer holiday). The
    measures it times (a monitoring of teachers' difficulties after the ГИА, the school's
    list of under-achievers with a consultation schedule, an interview with the director) are
    autumn work, and "4 квартал" means October–December in Russian administrative usage."""
    s = parse_timing("4 квартал каждого учебного года", period_start=P2021[0], period_end=P2021[1])
    assert s == Schedule(K.ACADEMIC_YEARLY, quarter=4)
    assert QUARTER_MONTHS[s.quarter] == (10, 11, 12)
    due = occurrences(s, period_start=P2021[0], period_end=P2021[1])
    assert due == dates("2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31")
    assert all(d.month == 12 for d in due)  # never August
    # on an academic-year-aligned period: one per academic year
    assert occ(s, "2021-09-01", "2024-08-31") == dates("2021-12-31", "2022-12-31", "2023-12-31")
    # so, in dates, it equals "every year in October–December"
    assert due == occurrences(Schedule(K.YEARLY, months=(10, 11, 12)), period_start=P2021[0], period_end=P2021[1])


def test_quarters():
    q = Schedule(K.QUARTERLY)
    assert occ(q, "2021-01-01", "2021-12-31") == dates("2021-03-31", "2021-06-30", "2021-09-30", "2021-12-31")
    # a quarter already running at the start is due at its end; one cut by the end at the end
    assert occ(q, "2021-05-15", "2021-11-15") == dates("2021-06-30", "2021-09-30", "2021-11-15")
    # "Ежеквартально с 2021 года" in a 2020–2021 program
    assert occ(Schedule(K.QUARTERLY, start=D("2021-01-01")), "2020-01-01", "2021-12-31") == dates(
        "2021-03-31", "2021-06-30", "2021-09-30", "2021-12-31"
    )
    assert len(occurrences(q, period_start=P2021[0], period_end=P2021[1])) == 16
    # a RANGE built from a quarter: one due date
    assert occ(rng("2021-04-01", "2021-06-30", quarter=2), *map(str, P2021)) == dates("2021-06-30")


def brute_force_days(start: date, end: date, weekday: int, months: tuple[int, ...]) -> list[date]:
    days = (start + timedelta(n) for n in range((end - start).days + 1))
    return [d for d in days if d.weekday() == weekday and d.month in months]


def test_weekly_tuesdays_september_to_may():
    s = parse_timing("Вторник,еженедельно сентябрь-май", period_start=P2018[0], period_end=P2018[1])
    year = occ(s, "2018-09-01", "2019-05-31")
    assert year == brute_force_days(D("2018-09-01"), D("2019-05-31"), TUESDAY, SEP_MAY)
    assert len(year) == 39
    assert all(d.weekday() == TUESDAY and d.month not in (6, 7, 8) for d in year)
    whole = occurrences(s, period_start=P2018[0], period_end=P2018[1])
    assert whole == brute_force_days(*P2018, TUESDAY, SEP_MAY)
    assert whole[0] == D("2018-01-02") and whole[-1] == D("2020-12-29")


def test_weekly_without_a_day_is_due_on_sundays():
    due = occ(Schedule(K.WEEKLY), "2021-03-01", "2021-03-31")  # Monday … Wednesday
    assert due == dates("2021-03-07", "2021-03-14", "2021-03-21", "2021-03-28", "2021-03-31")


def test_monthly_and_twice_a_year():
    assert len(occ(Schedule(K.MONTHLY), "2018-01-01", "2020-12-31")) == 36
    assert occ(Schedule(K.MONTHLY, months=(9, 10)), "2018-01-01", "2018-12-31") == dates("2018-09-30", "2018-10-31")
    assert occ(Schedule(K.TWICE_A_YEAR), "2018-01-01", "2019-12-31") == dates(
        "2018-06-30", "2018-12-31", "2019-06-30", "2019-12-31"
    )


def test_throughout_is_reported_yearly_and_clipped_to_the_program_end():
    """CHOICE: a continuous measure is due every 31 December, the last one on the period's
    end: the committee collects a yearly report on continuous measures, and without due
    dates such a measure could never be overdue."""
    assert occ(Schedule(K.THROUGHOUT), "2018-06-01", "2020-06-30") == dates("2018-12-31", "2019-12-31", "2020-06-30")
    assert occ(Schedule(K.THROUGHOUT, start=D("2021-01-01")), "2020-01-01", "2021-12-31") == (dates("2021-12-31"))
    assert occ(Schedule(K.THROUGHOUT, end=D("2019-12-31")), "2018-01-01", "2020-12-31") == (
        dates("2018-12-31", "2019-12-31")
    )


def test_end_of_program_clipping():
    # the June–July window of 2020 starts inside the period and ends after it
    assert occ(Schedule(K.YEARLY, months=(6, 7)), "2018-01-01", "2020-07-15") == dates(
        "2018-07-31", "2019-07-31", "2020-07-15"
    )
    # a window entirely after the end is dropped
    assert occ(Schedule(K.YEARLY, months=(9,)), "2018-01-01", "2020-07-15") == dates("2018-09-30", "2019-09-30")
    assert occ(Schedule(K.MONTHLY), "2020-11-01", "2020-12-15") == dates("2020-11-30", "2020-12-15")


def test_ranges_and_the_period():
    period = ("2018-01-01", "2020-12-31")
    # a range crossing the end is due on the end …
    crossing = rng("2020-09-01", "2021-05-31")
    assert occ(crossing, *period) == dates("2020-12-31")
    # … one crossing the start at its own end, one outside not at all
    assert occ(rng("2017-09-01", "2018-05-31"), *period) == dates("2018-05-31")
    assert occ(rng("2021-01-01", "2021-03-31"), *period) == []
    assert occ(rng("2018-06-01", "2018-07-31"), *period) == dates("2018-07-31")
    # and the form says what is wrong
    assert validate_within_period(crossing, period_start=P2018[0], period_end=P2018[1]) == (
        "Срок «сентябрь 2020 – май 2021» выходит за период программы 2018–2020"
    )
    assert validate_within_period(rng("2018-06-01", "2018-07-31"), period_start=P2018[0], period_end=P2018[1]) is None
    wrong_years = parse_timing("2021-2024 годы", period_start=P2018[0], period_end=P2018[1])
    assert validate_within_period(wrong_years, period_start=P2018[0], period_end=P2018[1]) == (
        "Срок «2021–2024 годы» выходит за период программы 2018–2020"
    )
    # recurring schedules: bounds beyond the period are fine, bounds missing it are not
    fine = Schedule(K.YEARLY, end=D("2026-12-31"))
    assert validate_within_period(fine, period_start=P2021[0], period_end=P2021[1]) is None
    missing = Schedule(K.YEARLY, start=D("2030-01-01"))
    assert validate_within_period(missing, period_start=P2021[0], period_end=P2021[1]) == (
        "Срок «ежегодно с 2030 года» не пересекается с периодом программы 2021–2024"
    )
    assert (
        validate_within_period(Schedule(K.THROUGHOUT), period_start=D("2018-06-01"), period_end=D("2020-12-31")) is None
    )


def test_no_due_dates_on_request_or_unparsed():
    for s in (Schedule(K.ON_REQUEST, note="по запросу"), Schedule(K.UNPARSED, note="?")):
        assert occ(s, "2018-01-01", "2020-12-31") == []


def test_every_seed_phrase_yields_dates_inside_its_period():
    for _, text, (start, end), _ in SEED_PHRASES:
        s = parse_timing(text, period_start=start, period_end=end)
        due = occurrences(s, period_start=start, period_end=end)
        assert all(start <= d <= end for d in due), text
        if s.kind not in (K.ON_REQUEST, K.UNPARSED):
            assert due, text  # every firm seed timing gives at least one due date


def test_storage_round_trip_is_json():
    s = Schedule(K.WEEKLY, start=D("2018-09-01"), months=SEP_MAY, weekday=TUESDAY, note="x")
    stored = json.loads(json.dumps(s.to_dict()))
    assert stored["kind"] == "weekly" and stored["months"] == list(SEP_MAY)
    assert Schedule.from_dict(stored) == s
    with pytest.raises(ValueError):
        Schedule.from_dict({**stored, "weekday": 9})
