"""The "Сроки" phrases of the seeds and others committees write, with what each means (the timing
tests read them).

Seeds: 000 Korolyov 2018–2020 (measures 1.1–6.11 and the stages of the passport), 003
Tungiro-Olyokminsky 2018–2020 (27 measures, all "Ежегодно"), 004 Dagestanskiye Ogni 2021–2024
(measures 1–46). 001 Sysert (a municipal model) and 002 Dubna (a roadmap by phases) have no
timing column. The program periods are taken as whole calendar years ("2018-2020 годы").
"""

from __future__ import annotations

from datetime import date

from programs.timing import Kind, Schedule, occurrences

K = Kind
P2018 = (date(2018, 1, 1), date(2020, 12, 31))  # 000 Korolyov, 003 Tungiro-Olyokminsky
P2021 = (date(2021, 1, 1), date(2024, 12, 31))  # 004 Dagestanskiye Ogni
D = date.fromisoformat
SEP_MAY = (9, 10, 11, 12, 1, 2, 3, 4, 5)
TUESDAY = 1


def rng(a: str, b: str, quarter: int | None = None, note: str = "") -> Schedule:
    return Schedule(K.RANGE, D(a), D(b), quarter=quarter, note=note)


def occ(s: Schedule, start: str, end: str) -> list[date]:
    return occurrences(s, period_start=D(start), period_end=D(end))


def dates(*isos: str) -> list[date]:
    return [D(x) for x in isos]


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
