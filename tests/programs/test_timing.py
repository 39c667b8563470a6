"""Measure timing: every "Сроки" phrase of the seeds, the occurrence rules, and properties.

Seeds: 000 Korolyov 2018–2020 (measures 1.1–6.11 and the stages of the passport), 003
Tungiro-Olyokminsky 2018–2020 (27 measures, all "Ежегодно"), 004 Dagestanskiye Ogni 2021–2024
(measures 1–46). 001 Sysert (a municipal model) and 002 Dubna (a roadmap by phases) have no
timing column. The program periods are taken as whole calendar years ("2018-2020 годы").
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from programs.timing import (
    Kind,
    Schedule,
    occurrences,
    parse_timing,
    report_due,
    schedule_notes,
    validate_within_period,
)
from programs.timing.model import LAGGED, MONTH_DAYS, QUARTER_MONTHS, last_day

K = Kind
P2018 = (date(2018, 1, 1), date(2020, 12, 31))  # 000 Korolyov, 003 Tungiro-Olyokminsky
P2021 = (date(2021, 1, 1), date(2024, 12, 31))  # 004 Dagestanskiye Ogni
D = date.fromisoformat
SEP_MAY = (9, 10, 11, 12, 1, 2, 3, 4, 5)
TUESDAY = 1


def rng(a: str, b: str, quarter: int | None = None, note: str = "") -> Schedule:
    return Schedule(K.RANGE, D(a), D(b), quarter=quarter, note=note)


# (where, the cell exactly as in the seed, program period, what it means)
# Cells that span several lines in the seed keep their line breaks.
SEED_PHRASES: list[tuple[str, str, tuple[date, date], Schedule]] = [
    # --- 000 Korolyov 2018–2020 -------------------------------------------------------------
    ("000 1.1–1.4, 2.5, 2.6, 3.1, 3.10, 3.11, 4.4–4.7", "В течение всего периода", P2018,
     Schedule(K.THROUGHOUT)),
    ("000 1.5", "Два раза в год", P2018, Schedule(K.TWICE_A_YEAR)),
    ("000 1.6, 1.7", "По плану Комитета образования", P2018,
     Schedule(K.ON_REQUEST, note="по плану Комитета образования")),
    ("000 2.1", "Июнь-июль 2018", P2018, rng("2018-06-01", "2018-07-31")),
    ("000 2.2", "Июнь 2018", P2018, rng("2018-06-01", "2018-06-30")),
    ("000 2.3", "Сентябрь, ежегодно", P2018, Schedule(K.YEARLY, months=(9,))),
    ("000 2.4", "В течение периода действия программы", P2018, Schedule(K.THROUGHOUT)),
    ("000 3.2", "Вторник,еженедельно сентябрь-май", P2018,
     Schedule(K.WEEKLY, weekday=TUESDAY, months=SEP_MAY)),
    ("000 3.3", "Сентябрь,\n\nежегодно", P2018, Schedule(K.YEARLY, months=(9,))),
    ("000 3.4, 3.6, 3.8, 3.9, 6.3", "По запросу", P2018, Schedule(K.ON_REQUEST, note="по запросу")),
    ("000 3.5", "Май, ежегодно", P2018, Schedule(K.YEARLY, months=(5,))),
    # as needed, and on Tuesdays when it happens: no due dates, the day is kept
    ("000 3.7", "По мере необходимости, вторник", P2018,
     Schedule(K.ON_REQUEST, weekday=TUESDAY, note="по мере необходимости")),
    # a month with no year = every year in that month
    ("000 3.12", "Февраль", P2018, Schedule(K.YEARLY, months=(2,))),
    # October every year, the plan of the regional methodological association noted
    ("000 3.13", "Октябрь/по плану МОМО", P2018,
     Schedule(K.YEARLY, months=(10,), note="по плану МОМО")),
    ("000 3.14, 3.15", "По запросу\nродителей( законных представителей)", P2018,
     Schedule(K.ON_REQUEST, note="по запросу родителей (законных представителей)")),
    ("000 4.1", "Август-сентябрь 2018 года", P2018, rng("2018-08-01", "2018-09-30")),
    # bare years equal to the program period = the whole program
    ("000 4.2", "2018-2020", P2018, Schedule(K.THROUGHOUT)),
    # the firm part is the due date, the "as needed" tail is a note
    ("000 4.3", "Август -сентябрь\n2018,\nдалее по мере необходимости", P2018,
     rng("2018-08-01", "2018-09-30", note="далее по мере необходимости")),
    ("000 5.1", "Июнь-июль\n(ежегодно)", P2018, Schedule(K.YEARLY, months=(6, 7))),
    ("000 5.2", "Второе полугодие 2018года", P2018, rng("2018-07-01", "2018-12-31")),
    ("000 5.3", "Июль-август 2018\n/по мере необходимости", P2018,
     rng("2018-07-01", "2018-08-31", note="по мере необходимости")),
    ("000 5.4", "Август сентябрь 2018 года", P2018, rng("2018-08-01", "2018-09-30")),
    # two separate dated windows cannot be one Schedule: a person splits or restates it
    ("000 5.5", "Январь2019 года ,сентябрь 2019годаи далее по мере необходимости", P2018,
     Schedule(K.UNPARSED,
              note="несколько отдельных сроков: разделите мероприятие или уточните срок")),
    ("000 5.6", "Январь\n2019годаи далее по мере необходимости", P2018,
     rng("2019-01-01", "2019-01-31", note="далее по мере необходимости")),
    ("000 6.1", "Июнь-август 2018", P2018, rng("2018-06-01", "2018-08-31")),
    ("000 6.2", "Июль-сентябрь 2018", P2018, rng("2018-07-01", "2018-09-30")),
    ("000 6.4", "Сентябрь-октябрь 2018", P2018, rng("2018-09-01", "2018-10-31")),
    ("000 6.5", "Июль-декабрь 2018", P2018, rng("2018-07-01", "2018-12-31")),
    ("000 6.6", "Сентябрь 2018", P2018, rng("2018-09-01", "2018-09-30")),
    ("000 6.7", "Июль - декабрь\n2018", P2018, rng("2018-07-01", "2018-12-31")),
    ("000 6.8", "Август -декабрь\n2018", P2018, rng("2018-08-01", "2018-12-31")),
    # two windows a year: September–November and January–March
    ("000 6.9", "Сентябрь-ноябрь январь-март\n\nежегодно", P2018,
     Schedule(K.YEARLY, months=(9, 10, 11, 1, 2, 3))),
    ("000 6.10", "Октябрь-ноябрь 2018 года", P2018, rng("2018-10-01", "2018-11-30")),
    ("000 6.11", "По мере необходимости", P2018,
     Schedule(K.ON_REQUEST, note="по мере необходимости")),
    ("000 passport", "2018-2020 годы", P2018, Schedule(K.THROUGHOUT)),
    ("000 stage 1", "июнь 2018 –июль 2019", P2018, rng("2018-06-01", "2019-07-31")),
    ("000 stage 2", "август 2019 – июль 2020", P2018, rng("2019-08-01", "2020-07-31")),
    ("000 stage 3", "август 2020 – декабрь 2020", P2018, rng("2020-08-01", "2020-12-31")),
    # --- 003 Tungiro-Olyokminsky 2018–2020 ----------------------------------------------------
    # no month: the window is the calendar year, due 31 December
    ("003 1.1–6.3 (all 27)", "Ежегодно", P2018, Schedule(K.YEARLY)),
    # --- 004 Dagestanskiye Ogni 2021–2024 ------------------------------------------------------
    ("004 1", "ежеквартально", P2021, Schedule(K.QUARTERLY)),
    ("004 2, 3, 4, 6, 17, 18, 19, 32, 39, 41, 42, 44, 46", "ежегодно", P2021, Schedule(K.YEARLY)),
    ("004 15, 40", "Ежегодно", P2021, Schedule(K.YEARLY)),
    ("004 5, 28, 35, 45", "постоянно", P2021, Schedule(K.THROUGHOUT)),
    ("004 7", "Март – апрель 2021", P2021, rng("2021-03-01", "2021-04-30")),
    ("004 8", "2 полугодие 2021 года", P2021, rng("2021-07-01", "2021-12-31")),
    ("004 9, 10", "2 квартал 2021 года", P2021, rng("2021-04-01", "2021-06-30", quarter=2)),
    ("004 11", "Ежеквартально с 2021 года", P2021, Schedule(K.QUARTERLY, start=D("2021-01-01"))),
    ("004 12", "Ежегодно с 2021 года", P2021, Schedule(K.YEARLY, start=D("2021-01-01"))),
    # "с <год>" alone: a continuous measure from then on
    ("004 13, 14, 27", "С 2021 года", P2021, Schedule(K.THROUGHOUT, start=D("2021-01-01"))),
    ("004 16, 21, 33, 34, 36, 38", "2021-2024 годы", P2021, Schedule(K.THROUGHOUT)),
    ("004 20", "2021-2024", P2021, Schedule(K.THROUGHOUT)),
    # "до" is inclusive: through 31.12.2024
    ("004 23", "Ежегодно до 2024 года", P2021, Schedule(K.YEARLY, end=D("2024-12-31"))),
    ("004 25, 26", "До 2024 года", P2021, Schedule(K.THROUGHOUT, end=D("2024-12-31"))),
    # the *calendar* 4th quarter (October–December) inside each academic year — see the
    # ACADEMIC_YEARLY test below for why
    ("004 29, 30", "4 квартал каждого учебного года", P2021,
     Schedule(K.ACADEMIC_YEARLY, quarter=4)),
    ("004 31 (cell split over two table rows)", "4 квартал каждого\nучебного года", P2021,
     Schedule(K.ACADEMIC_YEARLY, quarter=4)),
    ("004 37", "Постоянно до 2024 года", P2021, Schedule(K.THROUGHOUT, end=D("2024-12-31"))),
    # bare years covering the program period = the whole program
    ("004 43", "2020-2024", P2021, Schedule(K.THROUGHOUT)),
    ("004 title", "на 2021-2024 годы", P2021, Schedule(K.THROUGHOUT)),
]  # fmt: skip

# Phrases the seeds do not have but committees write; and the same phrases in other dress.
OTHER_PHRASES: list[tuple[str, tuple[date, date], Schedule]] = [
    ("в течение года", P2018, Schedule(K.THROUGHOUT)),
    ("в течение всего периода", P2018, Schedule(K.THROUGHOUT)),
    ("ежегодно до 2024 года", P2021, Schedule(K.YEARLY, end=D("2024-12-31"))),
    ("ЕЖЕГОДНО ДО 2024 Г.", P2021, Schedule(K.YEARLY, end=D("2024-12-31"))),
    ("ежеквартально с 2021 года", P2021, Schedule(K.QUARTERLY, start=D("2021-01-01"))),
    ("2021–2024 гг.", P2021, Schedule(K.THROUGHOUT)),
    ("2022-2023 годы", P2021, rng("2022-01-01", "2023-12-31")),  # not the whole program
    ("в течение 2019 года", P2018, rng("2019-01-01", "2019-12-31")),
    ("1 раз в полугодие", P2018, Schedule(K.TWICE_A_YEAR)),
    ("дважды в год", P2018, Schedule(K.TWICE_A_YEAR)),
    ("ежемесячно", P2018, Schedule(K.MONTHLY)),
    ("ежемесячно, сентябрь-май", P2018, Schedule(K.MONTHLY, months=SEP_MAY)),
    ("Вторник — еженедельно, сентябрь — май", P2018,
     Schedule(K.WEEKLY, weekday=TUESDAY, months=SEP_MAY)),
    ("по четвергам", P2018, Schedule(K.WEEKLY, weekday=3)),
    ("Август-сентябрь 2018 года", P2018, rng("2018-08-01", "2018-09-30")),
    ("Июнь—июль 2018 г.", P2018, rng("2018-06-01", "2018-07-31")),
    ("Март – апрель 2021", P2021, rng("2021-03-01", "2021-04-30")),
    ("IV квартал 2019", P2018, rng("2019-10-01", "2019-12-31", quarter=4)),
    ("2-й квартал 2019 г.", P2018, rng("2019-04-01", "2019-06-30", quarter=2)),
    ("четвёртый квартал 2019 года", P2018, rng("2019-10-01", "2019-12-31", quarter=4)),
    ("Сентябрь 2018 – май 2019", P2018, rng("2018-09-01", "2019-05-31")),
    # one year written at the end fills in chronologically
    ("Сентябрь-май 2019", P2018, rng("2018-09-01", "2019-05-31")),
    ("2018-2019 учебный год", P2018, rng("2018-09-01", "2019-08-31")),
    ("2018/19 учебный год", P2018, rng("2018-09-01", "2019-08-31")),
    ("4 квартал 2018/2019 учебного года", P2018, rng("2018-10-01", "2018-12-31", quarter=4)),
    ("декабрь", P2018, Schedule(K.YEARLY, months=(12,))),
    ("в сентябре", P2018, Schedule(K.YEARLY, months=(9,))),
    ("СЕНТЯБРЯ", P2018, Schedule(K.YEARLY, months=(9,))),
    ("сент.", P2018, Schedule(K.YEARLY, months=(9,))),
    ("май, ежегодно", P2018, Schedule(K.YEARLY, months=(5,))),
    ("ежегодно (май)", P2018, Schedule(K.YEARLY, months=(5,))),
    ("IV квартал", P2018, Schedule(K.YEARLY, months=(10, 11, 12))),
    ("Сентябрь 2018, далее ежегодно", P2018,
     Schedule(K.YEARLY, months=(9,), start=D("2018-09-01"))),
    ("два раза в год (декабрь, май)", P2018, Schedule(K.YEARLY, months=(12, 5))),
    # a precise "до" date is a deadline: a range from the program start
    ("до 01.09.2018", P2018, rng("2018-01-01", "2018-09-01")),
    ("01.09.2018", P2018, rng("2018-09-01", "2018-09-01")),
    ("с 01.09.2018 по 31.05.2019", P2018, rng("2018-09-01", "2019-05-31")),
    ("01.09.2018–31.05.2019", P2018, rng("2018-09-01", "2019-05-31")),
    ("с 2019 по 2020 год", P2018, rng("2019-01-01", "2020-12-31")),
    ("с сентября по май", P2018, Schedule(K.YEARLY, months=SEP_MAY)),
    ("еженедельно, сентябрь 2018 – май 2019", P2018,
     Schedule(K.WEEKLY, start=D("2018-09-01"), end=D("2019-05-31"))),
    ("каждый учебный год", P2018, Schedule(K.ACADEMIC_YEARLY)),
    ("По плану Комитета образования", P2021,
     Schedule(K.ON_REQUEST, note="по плану Комитета образования")),
]  # fmt: skip

UNREADABLE = [
    "",
    "   —  ",
    "см. приложение",  # an unknown word is not ignored: it may change the meaning
    "31.02.2019",  # no such date
    "ежегодно, ежеквартально",  # two periodicities
    "вторник, четверг",  # WEEKLY holds one weekday
    "с",
    "до конца учебного года",
    "2020-2018",
]


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


@pytest.mark.parametrize(("where", "text", "period", "expected"), SEED_PHRASES, ids=[p[0] for p in SEED_PHRASES])
def test_every_seed_phrase(where: str, text: str, period: tuple[date, date], expected: Schedule):
    assert parse_timing(text, period_start=period[0], period_end=period[1]) == expected


@pytest.mark.parametrize(("text", "period", "expected"), OTHER_PHRASES, ids=[p[0] for p in OTHER_PHRASES])
def test_other_phrases_and_spellings(text: str, period: tuple[date, date], expected: Schedule):
    assert parse_timing(text, period_start=period[0], period_end=period[1]) == expected


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_is_unparsed_with_a_reason(text: str):
    s = parse_timing(text, period_start=P2018[0], period_end=P2018[1])
    assert s.kind is K.UNPARSED
    assert s.note  # the reason shown to the person who restates the timing
    assert s.describe().startswith("не распознано")


def test_seed_phrases_describe_themselves_in_russian():
    def describe(text: str, period: tuple[date, date] = P2018) -> str:
        return parse_timing(text, period_start=period[0], period_end=period[1]).describe()

    assert describe("Сентябрь, ежегодно") == "ежегодно в сентябре"
    assert describe("Вторник,еженедельно сентябрь-май") == "еженедельно по вторникам, сентябрь–май"
    assert describe("Сентябрь-ноябрь январь-март ежегодно") == ("ежегодно в сентябре–ноябре и январе–марте")
    assert describe("Август -сентябрь 2018, далее по мере необходимости") == (
        "август–сентябрь 2018; далее по мере необходимости"
    )
    assert describe("2 квартал 2021 года", P2021) == "2 квартал 2021 года"
    assert describe("Ежегодно до 2024 года", P2021) == "ежегодно до 2024 года"
    assert describe("4 квартал каждого учебного года", P2021) == (
        "ежегодно в 4 квартале каждого учебного года (октябрь–декабрь)"
    )
    assert describe("2018-2019 учебный год") == "2018/2019 учебный год"
    assert describe("По мере необходимости, вторник") == "по мере необходимости, по вторникам"


# --- occurrences: table tests ------------------------------------------------------------------


def occ(s: Schedule, start: str, end: str) -> list[date]:
    return occurrences(s, period_start=D(start), period_end=D(end))


def dates(*isos: str) -> list[date]:
    return [D(x) for x in isos]


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


# --- properties --------------------------------------------------------------------------------

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
