"""Measure timing: every "Сроки" phrase of the seeds and of committees, read as what it means
(tests/programs/timing_phrases.py), and described back in Russian. Deadlines, occurrences and
properties: test_timing_deadlines.py, test_timing_occurrences.py, test_timing_properties.py."""

from __future__ import annotations

from datetime import date

import pytest

from programs.timing import (
    Schedule,
    parse_timing,
)
from tests.programs.timing_phrases import (
    OTHER_PHRASES,
    P2018,
    P2021,
    SEED_PHRASES,
    UNREADABLE,
    K,
)


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
