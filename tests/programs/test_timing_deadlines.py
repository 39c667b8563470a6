"""Measure timing: when the report is due — deadlines as reporting orders write them ("до 10
числа", "в течение 10 дней после окончания квартала"), their notes and the period's end."""

from __future__ import annotations

from datetime import date

import pytest

from programs.timing import (
    Schedule,
    occurrences,
    parse_timing,
    report_due,
    schedule_notes,
    validate_within_period,
)
from tests.programs.timing_phrases import (
    D,
    K,
    dates,
    occ,
    rng,
)

P2025 = (date(2025, 1, 1), date(2025, 12, 31))

# Deadlines as reporting orders write them: (text, what it means, its due dates in P2025).
DEADLINES: list[tuple[str, Schedule, list[str]]] = [
    # the 10th of the month FOLLOWING each quarter; Q4's report is due after the program ends
    ("ежеквартально, до 10 числа", Schedule(K.QUARTERLY, day=10),
     ["2025-04-10", "2025-07-10", "2025-10-10", "2026-01-10"]),
    ("Ежеквартально до 10-го числа месяца, следующего за отчётным кварталом",
     Schedule(K.QUARTERLY, day=10), ["2025-04-10", "2025-07-10", "2025-10-10", "2026-01-10"]),
    # the window named is the periodicity
    ("до 10 числа месяца, следующего за кварталом", Schedule(K.QUARTERLY, day=10),
     ["2025-04-10", "2025-07-10", "2025-10-10", "2026-01-10"]),
    ("ежемесячно, до 5 числа", Schedule(K.MONTHLY, day=5),
     [f"2025-{m:02}-05" for m in range(2, 13)] + ["2026-01-05"]),
    ("не позднее 5 числа месяца, следующего за отчётным", Schedule(K.MONTHLY, day=5),
     [f"2025-{m:02}-05" for m in range(2, 13)] + ["2026-01-05"]),
    ("до 5 числа следующего месяца", Schedule(K.MONTHLY, day=5),
     [f"2025-{m:02}-05" for m in range(2, 13)] + ["2026-01-05"]),
    # 31: the last day of shorter months (February 28, April 30 …)
    ("ежемесячно, до 31 числа", Schedule(K.MONTHLY, day=31),
     ["2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30", "2025-07-31",
      "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31", "2026-01-31"]),
    ("два раза в год, до 15 числа месяца, следующего за полугодием",
     Schedule(K.TWICE_A_YEAR, day=15), ["2025-07-15", "2026-01-15"]),
    # a fixed date every year (a month with no year recurs)
    ("до 25 декабря", Schedule(K.YEARLY, months=(12,), day=25), ["2025-12-25"]),
    ("ежегодно до 25 декабря", Schedule(K.YEARLY, months=(12,), day=25), ["2025-12-25"]),
    ("ежегодно, до 1 сентября", Schedule(K.YEARLY, months=(9,), day=1), ["2025-09-01"]),
    ("Ежегодно, не позднее 1-го сентября", Schedule(K.YEARLY, months=(9,), day=1), ["2025-09-01"]),
    ("в декабре до 25 числа", Schedule(K.YEARLY, months=(12,), day=25), ["2025-12-25"]),
    ("до 25.12 ежегодно", Schedule(K.YEARLY, months=(12,), day=25), ["2025-12-25"]),
    ("ежегодно до 25 декабря с 2021 года", Schedule(K.YEARLY, start=D("2021-01-01"), months=(12,), day=25),
     ["2025-12-25"]),
    # with a year: a deadline, as "до 25.12.2025"
    ("до 25 декабря 2025 года", rng("2025-01-01", "2025-12-25"), ["2025-12-25"]),
    # N days after the window ends
    ("в течение 10 дней после окончания квартала", Schedule(K.QUARTERLY, offset_days=10),
     ["2025-04-10", "2025-07-10", "2025-10-10", "2026-01-10"]),
    ("через 10 дней после окончания квартала", Schedule(K.QUARTERLY, offset_days=10),
     ["2025-04-10", "2025-07-10", "2025-10-10", "2026-01-10"]),
    ("не позднее 15 дней после окончания полугодия", Schedule(K.TWICE_A_YEAR, offset_days=15),
     ["2025-07-15", "2026-01-15"]),
    ("ежеквартально, в течение 30 календарных дней по окончании квартала",
     Schedule(K.QUARTERLY, offset_days=30), ["2025-04-30", "2025-07-30", "2025-10-30", "2026-01-30"]),
    # working days: Monday–Friday without the fixed holidays (1–8 January, 1 May, 4 November …)
    ("в течение 5 рабочих дней после окончания квартала",
     Schedule(K.QUARTERLY, offset_days=5, working_days=True),
     ["2025-04-07", "2025-07-07", "2025-10-07", "2026-01-15"]),
    ("в течение 5 рабочих дней после окончания месяца", Schedule(K.MONTHLY, offset_days=5, working_days=True),
     ["2025-02-07", "2025-03-07", "2025-04-07", "2025-05-08", "2025-06-06", "2025-07-07", "2025-08-07",
      "2025-09-05", "2025-10-07", "2025-11-10", "2025-12-05", "2026-01-15"]),
    ("ежегодно, через 1 день после окончания года", Schedule(K.YEARLY, offset_days=1), ["2026-01-01"]),
    ("каждый учебный год, в течение 10 дней после окончания учебного года",
     Schedule(K.ACADEMIC_YEARLY, offset_days=10), ["2025-09-10", "2026-01-10"]),
    ("4 квартал каждого учебного года, до 10 числа месяца, следующего за кварталом",
     Schedule(K.ACADEMIC_YEARLY, quarter=4, day=10), ["2026-01-10"]),
]  # fmt: skip

DEADLINES_UNREADABLE = [
    "до 31 апреля",  # no such date
    "до 29 февраля 2025 года",  # not a leap year
    "до 32 числа",
    "ежемесячно, до 10 числа месяца, следующего за кварталом",  # contradicts the periodicity
    "ежеквартально, до 10 числа, через 5 дней после окончания квартала",  # two deadlines
    "постоянно, до 10 числа",  # a continuous measure has no window to report after
    "июнь 2025, до 10 числа",
    "вторник, еженедельно, до 10 числа",
    "ежеквартально, до 25 декабря",
    "ежегодно в сентябре-октябре до 5 числа",  # which month's 5th?
    "в течение 400 дней после окончания квартала",
    "в течение 10 дней после окончания квартала, ежемесячно",
    "следующего за кварталом",
    "с 1 сентября",
    "до 10 числа по усмотрению",  # an unknown word is still not ignored
]


@pytest.mark.parametrize(("text", "expected", "due"), DEADLINES, ids=[d[0] for d in DEADLINES])
def test_deadlines_as_reporting_orders_write_them(text: str, expected: Schedule, due: list[str]):
    s = parse_timing(text, period_start=P2025[0], period_end=P2025[1])
    assert s == expected
    assert occurrences(s, period_start=P2025[0], period_end=P2025[1]) == dates(*due)
    assert validate_within_period(s, period_start=P2025[0], period_end=P2025[1]) is None
    # the description reads back to the same schedule (a person may paste it as the correction)
    assert parse_timing(s.describe(), period_start=P2025[0], period_end=P2025[1]) == s


@pytest.mark.parametrize("text", DEADLINES_UNREADABLE)
def test_deadlines_that_cannot_be_read_are_unparsed(text: str):
    s = parse_timing(text, period_start=P2025[0], period_end=P2025[1])
    assert s.kind is K.UNPARSED and s.note, s


def test_deadlines_describe_themselves_in_russian():
    def describe(text: str) -> str:
        return parse_timing(text, period_start=P2025[0], period_end=P2025[1]).describe()

    assert describe("ежеквартально, до 10 числа") == "ежеквартально, до 10 числа месяца, следующего за кварталом"
    assert describe("до 25 декабря") == "ежегодно до 25 декабря"
    assert describe("в течение 10 дней после окончания квартала") == (
        "ежеквартально, через 10 дней после окончания квартала"
    )
    assert describe("не позднее 1 рабочего дня после окончания месяца") == (
        "ежемесячно, через 1 рабочий день после окончания месяца"
    )
    assert describe("в течение 2 рабочих дней после окончания месяца").endswith(
        "через 2 рабочих дня после окончания месяца"
    )
    assert describe("через 21 день после окончания квартала").endswith("через 21 день после окончания квартала")
    assert describe("ежеквартально до 2024 года, до 10 числа") == (
        "ежеквартально до 2024 года, до 10 числа месяца, следующего за кварталом"
    )


def test_deadline_notes_for_the_person_confirming_them():
    def notes(s: Schedule, period=P2025) -> list[str]:
        return schedule_notes(s, period_start=period[0], period_end=period[1])

    assert "В месяцах, где меньше 31 дня, срок — последний день месяца." in notes(Schedule(K.MONTHLY, day=31))
    assert "В месяцах, где меньше 30 дней, срок — последний день месяца." in notes(Schedule(K.MONTHLY, day=30))
    # the 31st after each quarter falls in January, April, July, October: April has 30 days
    assert any("меньше 31 дня" in n for n in notes(Schedule(K.QUARTERLY, day=31)))
    # a day every month has: no note; the last report after the program's end is said
    assert notes(Schedule(K.QUARTERLY, day=10)) == [
        "Отчёт за последний период — 10.01.2026, после окончания программы (31.12.2025)."
    ]
    assert notes(Schedule(K.YEARLY, months=(12,), day=25)) == []
    # 29 February every year: 28 February in common years
    leap = Schedule(K.YEARLY, months=(2,), day=29)
    assert occ(leap, "2023-01-01", "2024-12-31") == dates("2023-02-28", "2024-02-29")
    assert notes(leap, (D("2023-01-01"), D("2024-12-31"))) == [
        "В месяцах, где меньше 29 дней, срок — последний день месяца."
    ]
    # a fixed date cut by the period's end is not a short month
    assert notes(Schedule(K.YEARLY, months=(12,), day=31), (D("2025-01-01"), D("2025-12-20"))) == []
    assert any("рабочие дни" in n.lower() for n in notes(Schedule(K.MONTHLY, offset_days=5, working_days=True)))


def test_lagged_due_dates_and_the_period_end():
    """CHOICE: a report due after its window keeps its lag even past the program's end — by
    at most that lag (`report_due(schedule, period_end)`): the last quarter's work cannot be
    reported before the quarter ends. A window cut by the period's end lags from the cut."""
    q10 = Schedule(K.QUARTERLY, day=10)
    assert occ(q10, "2025-01-01", "2025-11-15") == dates("2025-04-10", "2025-07-10", "2025-10-10", "2025-12-10")
    assert report_due(q10, D("2025-12-31")) == D("2026-01-10")
    # a quarter already running at the start is reported after its end, as before
    assert occ(q10, "2025-02-15", "2025-06-30") == dates("2025-04-10", "2025-07-10")
    # bounds of the schedule clip the windows the same way
    assert occ(Schedule(K.QUARTERLY, end=D("2025-06-30"), offset_days=10), *map(str, P2025)) == dates(
        "2025-04-10", "2025-07-10"
    )
    # a fixed date is inside its month: the period's end cuts it as any window
    assert occ(Schedule(K.YEARLY, months=(12,), day=25), "2024-06-01", "2025-12-20") == dates(
        "2024-12-25", "2025-12-20"
    )
    assert occ(Schedule(K.YEARLY, months=(9,), day=1), "2021-09-01", "2024-08-31") == dates(
        "2021-09-01", "2022-09-01", "2023-09-01"
    )


def test_a_schedule_without_any_due_date_in_the_period_is_refused():
    half_year = (D("2025-01-01"), D("2025-06-30"))
    september = parse_timing("Сентябрь, ежегодно", period_start=half_year[0], period_end=half_year[1])
    assert validate_within_period(september, period_start=half_year[0], period_end=half_year[1]) == (
        "Срок «ежегодно в сентябре» не даёт ни одной даты отчёта в период программы 01.01.2025–30.06.2025"
    )
    fixed = Schedule(K.YEARLY, months=(12,), day=25)
    assert "не даёт ни одной даты" in validate_within_period(fixed, period_start=half_year[0], period_end=half_year[1])
    assert validate_within_period(Schedule(K.ON_REQUEST), period_start=half_year[0], period_end=half_year[1]) is None


def test_impossible_due_fields_are_refused_by_the_schedule():
    for bad in (
        {"kind": K.QUARTERLY, "day": 0},
        {"kind": K.QUARTERLY, "day": 32},
        {"kind": K.QUARTERLY, "day": True},
        {"kind": K.QUARTERLY, "offset_days": 0},
        {"kind": K.QUARTERLY, "offset_days": 366},
        {"kind": K.QUARTERLY, "day": 10, "offset_days": 5},
        {"kind": K.QUARTERLY, "working_days": True},
        {"kind": K.WEEKLY, "day": 10},
        {"kind": K.THROUGHOUT, "offset_days": 10},
        {"kind": K.YEARLY, "months": (4,), "day": 31},
        {"kind": K.YEARLY, "months": (9, 10), "day": 5},
    ):
        with pytest.raises(ValueError):
            Schedule(**bad)
    assert Schedule(K.YEARLY, months=(2,), day=29).day == 29


def test_stored_schedules_without_the_due_keys_read_and_store_as_before():
    old = {"kind": "quarterly", "start": None, "end": None, "months": [], "weekday": None, "quarter": None, "note": ""}
    s = Schedule.from_dict(old)
    assert s == Schedule(K.QUARTERLY) and s.day is None and s.offset_days is None and not s.working_days
    assert s.to_dict() == old  # no new keys: program version snapshots do not see a change
    new = Schedule(K.MONTHLY, offset_days=5, working_days=True).to_dict()
    assert new["offset_days"] == 5 and new["working_days"] is True and "day" not in new
