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

from programs.timing import Kind, Schedule, occurrences, parse_timing, validate_within_period
from programs.timing.model import QUARTER_MONTHS, last_day

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
    return Schedule(kind, **kw, note=draw(notes))


any_schedules = schedules(notes=st.text(max_size=40)) | st.builds(
    Schedule, st.just(K.UNPARSED), note=st.text(max_size=40)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule=any_schedules, period=periods())
def test_occurrences_lie_in_the_period_sorted_and_unique(schedule: Schedule, period):
    start, end = period
    due = occurrences(schedule, period_start=start, period_end=end)
    assert all(start <= d <= end for d in due)
    assert due == sorted(set(due))
    if schedule.kind not in (K.RANGE, K.ON_REQUEST, K.UNPARSED):
        # and inside the schedule's own bounds
        assert all((schedule.start or start) <= d <= (schedule.end or end) for d in due)
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
