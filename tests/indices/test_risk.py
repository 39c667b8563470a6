"""The risk-of-low-results rule (indices/stats/risk.py, docs/indices.md «Риск низких результатов»):
hand-made tables for every reason and edge case, and an independent reference written with plain
loops over sets and exact decimals, compared on random tables."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indices.stats import IndicesError, RiskParameters, RiskRuleError, risk_groups
from indices.stats.risk import validate_parameters

from .helpers import HYPOTHESIS

Y = 2025
OGE_MATH = ("ОГЭ", 9, "math")
OGE_RUS = ("ОГЭ", 9, "russian")
VPR5_MATH = ("ВПР", 5, "math")
VPR6_MATH = ("ВПР", 6, "math")
EGE_RUS = ("ЕГЭ", 11, "russian")


def _run(rows, *, years=(Y,), schools=None, **parameters):
    """rows: (school, year, (procedure, grade, subject), participants, share or None)."""
    keys = [f"{a[0]}|{a[1]}|{a[2]}" for _, _, a, _, _ in rows]
    return risk_groups(
        school=[r[0] for r in rows],
        year=[r[1] for r in rows],
        assessment=keys,
        participants=[r[3] for r in rows],
        share=[r[4] for r in rows],
        years=list(years),
        schools=schools,
        parameters=RiskParameters(**parameters) if parameters else None,
    )


def _one(rows, school=1, year=Y, **kwargs):
    result = _run(rows, **kwargs)
    record = next(r for r in result.records() if r["school"] == school and r["year"] == year)
    return record["assessments"], record["low_assessments"], record["risk_group"], record["reason"]


# --- every reason --------------------------------------------------------------------------------


def test_same_year_two_low_assessments_in_one_year():
    rows = [(1, Y, OGE_MATH, 20, 35), (1, Y, VPR5_MATH, 25, 40), (1, Y, OGE_RUS, 20, 10)]
    assert _one(rows) == (3, 2, True, "same_year")


def test_consecutive_the_same_assessment_low_two_years_running():
    rows = [(1, Y - 1, OGE_MATH, 20, 31), (1, Y, OGE_MATH, 22, 45), (1, Y, OGE_RUS, 22, 5)]
    assert _one(rows) == (2, 1, True, "consecutive")


def test_both_reasons():
    rows = [(1, Y - 1, OGE_MATH, 20, 31), (1, Y, OGE_MATH, 22, 45), (1, Y, OGE_RUS, 22, 50)]
    assert _one(rows) == (2, 2, True, "both")


def test_not_in_the_group_has_no_reason():
    rows = [(1, Y - 1, OGE_RUS, 20, 31), (1, Y, OGE_MATH, 22, 45), (1, Y, OGE_RUS, 22, 5)]
    assert _one(rows) == (2, 1, False, None)


def test_no_assessment_in_the_year_is_unknown():
    rows = [(1, Y - 1, OGE_MATH, 20, 50), (1, Y - 1, OGE_RUS, 20, 50), (2, Y, OGE_MATH, 20, 1)]
    assert _one(rows) == (0, 0, None, "no_data")  # low last year says nothing about this year
    # a school of the population without any row at all
    assert _one(rows, school=3, schools=[1, 2, 3]) == (0, 0, None, "no_data")


def test_rows_that_do_not_qualify_leave_the_year_unknown():
    rows = [(1, Y, OGE_MATH, 4, 80), (1, Y, EGE_RUS, 30, None)]  # too few participants; share unknown
    assert _one(rows) == (0, 0, None, "no_data")


# --- edge cases ------------------------------------------------------------------------------------


def test_exactly_the_threshold_is_low_and_just_below_is_not():
    assert _one([(1, Y, OGE_MATH, 20, 30), (1, Y, OGE_RUS, 20, Decimal("30.00"))]) == (2, 2, True, "same_year")
    assert _one([(1, Y, OGE_MATH, 20, 30), (1, Y, OGE_RUS, 20, 29.99)]) == (2, 1, False, None)


def test_participants_below_the_minimum_do_not_count_and_the_minimum_does():
    rows = [(1, Y, OGE_MATH, 4, 100), (1, Y, OGE_RUS, 5, 40), (1, Y, VPR5_MATH, 30, 3)]
    assert _one(rows) == (2, 1, False, None)
    assert _one(rows, min_participants=4) == (3, 2, True, "same_year")


def test_below_the_minimum_last_year_breaks_the_chain():
    rows = [(1, Y - 1, OGE_MATH, 3, 60), (1, Y, OGE_MATH, 20, 60)]
    assert _one(rows) == (1, 1, False, None)


def test_a_gap_year_breaks_consecutive():
    # low two years ago and this year, nothing last year: Y−1 is the year before, not the last with data
    rows = [(1, Y - 2, OGE_MATH, 20, 60), (1, Y, OGE_MATH, 20, 60)]
    assert _one(rows) == (1, 1, False, None)
    # unknown share last year breaks it too
    assert _one([*rows, (1, Y - 1, OGE_MATH, 20, None)]) == (1, 1, False, None)


def test_the_same_subject_in_another_grade_or_procedure_is_another_assessment():
    rows = [(1, Y - 1, VPR5_MATH, 20, 60), (1, Y, VPR6_MATH, 20, 60)]
    assert _one(rows) == (1, 1, False, None)


def test_another_school_low_last_year_does_not_help():
    rows = [(2, Y - 1, OGE_MATH, 20, 60), (1, Y, OGE_MATH, 20, 60), (2, Y, OGE_RUS, 20, 1)]
    assert _one(rows) == (1, 1, False, None)
    assert _one(rows, school=2) == (1, 0, False, None)


def test_parameters_change_the_rule():
    three = [(1, Y - 2, OGE_MATH, 20, 40), (1, Y - 1, OGE_MATH, 20, 40), (1, Y, OGE_MATH, 20, 40)]
    assert _one(three[1:], consecutive_years=3) == (1, 1, False, None)
    assert _one(three, consecutive_years=3) == (1, 1, True, "consecutive")
    assert _one(three[2:], min_low_assessments=1) == (1, 1, True, "same_year")
    assert _one(three[2:], share_threshold=40.01, min_low_assessments=1) == (1, 0, False, None)
    assert _one([(1, Y, OGE_MATH, 20, 100)], share_threshold=100, min_low_assessments=1) == (1, 1, True, "same_year")


def test_several_years_at_once_and_row_details():
    rows = [
        (1, Y - 2, OGE_MATH, 20, 60),
        (1, Y - 1, OGE_MATH, 20, 60),
        (1, Y - 1, OGE_RUS, 20, 60),
        (1, Y, OGE_MATH, 20, 10),
    ]
    result = _run(rows, years=(Y - 1, Y))
    assert [(r["year"], r["risk_group"], r["reason"]) for r in result.records()] == [
        (Y - 1, True, "both"),
        (Y, False, None),
    ]
    assert result.row_low.tolist() == [True, True, True, False]
    assert result.row_consecutive.tolist() == [False, True, False, False]
    assert result.row_entry.tolist() == [-1, 0, 0, 1]
    assert result.consecutive_assessments.tolist() == [1, 0]


def test_python_booleans_and_the_order_of_rows_does_not_matter():
    rows = [(s, y, a, 10 + s, (s * 7 + y) % 60) for s in (3, 1, 2) for y in (Y - 1, Y) for a in (OGE_MATH, OGE_RUS)]
    first = _run(rows, years=(Y - 1, Y)).records()
    assert all(type(r["risk_group"]) is bool for r in first)
    shuffled = [rows[i] for i in np.random.default_rng(3).permutation(len(rows))]
    assert _run(shuffled, years=(Y - 1, Y)).records() == first


def test_empty_input():
    result = _run([], schools=[5])
    assert result.records() == [
        {"school": 5, "year": Y, "assessments": 0, "low_assessments": 0, "risk_group": None, "reason": "no_data"}
    ]


# --- bad input -----------------------------------------------------------------------------------


def test_nonsense_parameters_are_refused_with_every_reason():
    with pytest.raises(RiskRuleError) as caught:
        validate_parameters(
            RiskParameters(share_threshold=0, min_low_assessments=0, consecutive_years=1, min_participants=0)
        )
    assert caught.value.fields == ("share_threshold", "min_low_assessments", "consecutive_years", "min_participants")
    assert caught.value.messages[0] == (
        "Порог доли не преодолевших минимальный порог должен быть числом больше 0 и не больше 100 %."
    )
    for bad in (
        {"share_threshold": 100.5},
        {"share_threshold": float("nan")},
        {"share_threshold": True},
        {"share_threshold": "30"},
        {"min_low_assessments": 2.5},
        {"consecutive_years": 11},
        {"min_participants": -1},
    ):
        with pytest.raises(RiskRuleError):
            validate_parameters(RiskParameters(**bad))
    assert validate_parameters(RiskParameters(share_threshold=Decimal("30.00"))).share_threshold == 30.0


@pytest.mark.parametrize(
    "rows",
    [
        [(1, Y, OGE_MATH, 20, 101)],
        [(1, Y, OGE_MATH, 20, -1)],
        [(1, Y, OGE_MATH, -3, 10)],
        [(1, Y, OGE_MATH, 20, 10), (1, Y, OGE_MATH, 25, 12)],  # the same assessment twice
    ],
)
def test_bad_rows_are_refused(rows):
    with pytest.raises(IndicesError):
        _run(rows)


# --- an independent reference on random tables ------------------------------------------------------


def reference(rows, *, years, schools, threshold, min_low, consecutive, min_participants):
    """The rule read literally, with sets and exact decimals."""
    limit = Decimal(str(threshold))
    qualifying = {(s, y, a) for s, y, a, n, share in rows if n >= min_participants and share is not None}
    low = {(s, y, a) for s, y, a, n, share in rows if (s, y, a) in qualifying and Decimal(str(share)) >= limit}
    out = []
    for school in sorted(schools):
        for year in sorted(years):
            mine = [a for s, y, a in qualifying if s == school and y == year]
            lows = [a for s, y, a in low if s == school and y == year]
            if not mine:
                out.append((school, year, 0, 0, None, "no_data"))
                continue
            same = len(lows) >= min_low
            chain = any(all((school, year - back, a) in low for back in range(consecutive)) for a in lows)
            reason = {(True, True): "both", (True, False): "same_year", (False, True): "consecutive"}.get((same, chain))
            out.append((school, year, len(mine), len(lows), same or chain, reason))
    return out


ASSESSMENTS = [OGE_MATH, OGE_RUS, VPR5_MATH, VPR6_MATH, EGE_RUS]
SHARES = st.one_of(
    st.none(),
    st.sampled_from([Decimal("0"), Decimal("29.99"), Decimal("30"), Decimal("30.01"), Decimal("100")]),
    st.integers(0, 10000).map(lambda n: Decimal(n) / 100),
)
ROW = st.tuples(st.integers(1, 5), st.integers(2019, 2025), st.sampled_from(ASSESSMENTS), st.integers(0, 9), SHARES)


@HYPOTHESIS
@given(
    rows=st.lists(ROW, max_size=80, unique_by=lambda r: (r[0], r[1], r[2])),
    threshold=st.sampled_from([0.01, 25, 30, 30.01, 50, 100]),
    min_low=st.integers(1, 3),
    consecutive=st.integers(2, 4),
    min_participants=st.integers(1, 6),
    years=st.sets(st.integers(2019, 2026), min_size=1, max_size=3),
)
def test_agrees_with_the_reference(rows, threshold, min_low, consecutive, min_participants, years):
    schools = {r[0] for r in rows} | {6}
    result = _run(
        rows,
        years=sorted(years),
        schools=sorted(schools),
        share_threshold=threshold,
        min_low_assessments=min_low,
        consecutive_years=consecutive,
        min_participants=min_participants,
    )
    got = [tuple(r.values()) for r in result.records()]
    expected = reference(
        rows,
        years=years,
        schools=schools,
        threshold=threshold,
        min_low=min_low,
        consecutive=consecutive,
        min_participants=min_participants,
    )
    assert got == expected


def test_agrees_with_the_reference_on_a_large_table():
    rng = np.random.default_rng(17)
    rows = {}
    for _ in range(6000):
        key = (int(rng.integers(1, 300)), int(rng.integers(2020, 2026)), ASSESSMENTS[int(rng.integers(0, 5))])
        share = None if rng.random() < 0.1 else Decimal(int(rng.integers(0, 6000))) / 100
        rows[key] = (*key, int(rng.integers(0, 30)), share)
    table = list(rows.values())
    schools = {r[0] for r in table}
    result = _run(table, years=(2024, 2025), schools=sorted(schools))
    expected = reference(
        table, years={2024, 2025}, schools=schools, threshold=30, min_low=2, consecutive=2, min_participants=5
    )
    assert [tuple(r.values()) for r in result.records()] == expected
    assert {r[5] for r in expected} == {"same_year", "consecutive", "both", None, "no_data"}


# --- scale ---------------------------------------------------------------------------------------


def _national(schools: int, seed: int) -> dict:
    """schools × 3 years × 10 assessments, a tenth of the shares unknown."""
    rng = np.random.default_rng(seed)
    school, year, assessment = (a.ravel() for a in np.meshgrid(np.arange(schools), [2023, 2024, 2025], np.arange(10)))
    share = rng.uniform(0, 45, school.size).round(2)
    share[rng.random(school.size) < 0.1] = np.nan
    participants = rng.integers(0, 60, school.size)
    return {"school": school, "year": year, "assessment": assessment, "participants": participants, "share": share}


def test_python_work_does_not_grow_with_schools():
    from .test_complexity import traced_lines

    small, large = _national(2_000, 1), _national(40_000, 1)
    lines_small = traced_lines(lambda: risk_groups(**small, years=[2024, 2025]))
    lines_large = traced_lines(lambda: risk_groups(**large, years=[2024, 2025]))
    assert lines_large == lines_small


def test_forty_thousand_schools_three_years_ten_assessments():
    result = risk_groups(**_national(40_000, 2), years=[2025])
    assert result.school.shape == (40_000,)
    assert set(result.reason.tolist()) >= {"same_year", "consecutive", "both", None}
    assert (result.assessments <= 10).all() and (result.low_assessments <= result.assessments).all()
