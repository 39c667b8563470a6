"""Evaluation, the pure rules: target status in both directions with every edge case, dynamics,
and the ranking of maximum and stable improvement on a hand-made panel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from monitoring.evaluation import (
    Status,
    Trend,
    dynamics,
    evaluation_year,
    improvement_ranking,
    overall_trend,
    planned_by_year,
    ranking_years,
    target_status,
)

D = Decimal
MET, PARTLY, NOT_MET, NO_DATA = Status.MET, Status.PARTLY, Status.NOT_MET, Status.NO_DATA


@pytest.mark.parametrize(
    ("direction", "baseline", "planned", "actual", "status", "achieved"),
    [
        # higher is better: baseline 40, plan 60 (a change of +20)
        ("higher", 40, 60, 65, MET, D("1.25")),
        ("higher", 40, 60, 60, MET, D(1)),  # equality is met
        ("higher", 40, 60, 50, PARTLY, D("0.5")),  # exactly half of the way is partly
        ("higher", 40, 60, 49, NOT_MET, D("0.45")),
        ("higher", 40, 60, 40, NOT_MET, D(0)),  # no change
        ("higher", 40, 60, 30, NOT_MET, D("-0.5")),  # worse than the baseline
        ("higher", 40, 60, None, NO_DATA, None),
        ("higher", None, 60, 59, NOT_MET, None),  # no baseline: no partial credit
        ("higher", None, 60, 61, MET, None),
        # planned equals baseline: keep the level
        ("higher", 60, 60, 60, MET, None),
        ("higher", 60, 60, 59, NOT_MET, None),
        # already beyond the target at baseline (baseline 70, plan 60)
        ("higher", 70, 60, 65, MET, None),  # worse than baseline but still at the plan
        ("higher", 70, 60, 55, NOT_MET, None),
        # lower is better (students on registers): baseline 10, plan 4 (a change of −6)
        ("lower", 10, 4, 3, MET, D("7") / D("6")),
        ("lower", 10, 4, 4, MET, D(1)),
        ("lower", 10, 4, 7, PARTLY, D("0.5")),
        ("lower", 10, 4, 8, NOT_MET, D(2) / D(6)),
        ("lower", 10, 4, 12, NOT_MET, D(-2) / D(6)),
        ("lower", 10, 4, None, NO_DATA, None),
        ("lower", 4, 4, 5, NOT_MET, None),  # keep the level, went up
        ("lower", 2, 4, 3, MET, None),  # already below the target at baseline, still below it
        ("lower", 2, 4, 5, NOT_MET, None),
        ("lower", None, 4, 5, NOT_MET, None),
    ],
)
def test_target_status(direction, baseline, planned, actual, status, achieved):
    result = target_status(actual=actual, planned=planned, baseline=baseline, direction=direction, year=2025)
    assert result.status == status
    assert result.achieved == achieved
    assert result.year == 2025


def test_no_planned_value_is_no_data():
    assert target_status(actual=5, planned=None, baseline=1, direction="higher").status == NO_DATA


def test_status_has_label_and_colour():
    result = target_status(actual=50, planned=60, baseline=40, direction="higher")
    assert (result.label, result.colour) == ("выполнен частично", "warning")
    assert target_status(actual=None, planned=60, baseline=40, direction="higher").colour == "secondary"


def test_unknown_direction_is_an_error():
    with pytest.raises(ValueError):
        target_status(actual=1, planned=1, baseline=1, direction="sideways")


def test_planned_by_year_reads_what_people_type():
    assert planned_by_year({"2025": 60, "2026": "70,5", "bad": 1, "2027": "n/a", 2028: 80}) == {
        2025: D(60),
        2026: D("70.5"),
        2028: D(80),
    }


def test_evaluation_year():
    planned = {2024: D(1), 2025: D(2), 2027: D(3)}
    assert evaluation_year(planned, year=None, last_due=2026) == 2025
    assert evaluation_year(planned, year=2027, last_due=2026) == 2027
    assert evaluation_year(planned, year=2026, last_due=2026) is None
    assert evaluation_year({2030: D(1)}, year=None, last_due=2026) is None


# --- dynamics ------------------------------------------------------------------------------------


def test_dynamics_higher_is_better():
    points = dynamics({2022: 50, 2023: 55, 2024: 55}, years=[2022, 2023, 2024], direction="higher")
    assert [(p.change, p.trend) for p in points] == [
        (None, Trend.UNKNOWN),
        (D(5), Trend.BETTER),
        (D(0), Trend.SAME),
    ]
    assert overall_trend(points, "higher") == Trend.BETTER


def test_dynamics_lower_is_better_and_missing_years():
    points = dynamics({2022: 10, 2024: 12}, years=[2022, 2023, 2024], direction="lower")
    assert [p.trend for p in points] == [Trend.UNKNOWN, Trend.UNKNOWN, Trend.UNKNOWN]
    assert overall_trend(points, "lower") == Trend.WORSE  # 10 → 12 on registers is worse
    assert overall_trend(dynamics({2024: 1}, years=[2023, 2024], direction="lower"), "lower") == Trend.UNKNOWN


# --- maximum and stable improvement --------------------------------------------------------------

YEARS = [2022, 2023, 2024]
# Changes 2022→2023 and 2023→2024 (higher is better):
#   A +10, +10     B +2, +30     C +5, −1 (not stable)     D +1, +1     E no 2023 value
#   F 0, +5 (no improvement in the first year)
PANEL = {
    "A": {2022: 50, 2023: 60, 2024: 70},
    "B": {2022: 50, 2023: 52, 2024: 82},
    "C": {2022: 50, 2023: 55, 2024: 54},
    "D": {2022: 50, 2023: 51, 2024: 52},
    "E": {2022: 50, 2024: 90},
    "F": {2022: 50, 2023: 50, 2024: 55},
}


def _sd(values):
    from statistics import stdev

    return stdev(values)


def test_ranking_on_a_hand_made_panel():
    ranked = improvement_ranking(PANEL, years=YEARS, direction="higher")
    # C fell, E has a gap, F stood still. A ranks above B although B gained more in raw points
    # (32 against 20): B's jump came in the year when schools moved a lot (sd ≈ 12.4), A's steady
    # +10 stands out in the quiet first year (sd ≈ 4.0).
    assert [r.key for r in ranked] == ["A", "B", "D"]
    sd1 = _sd([10, 2, 5, 1, 0])  # all schools with both values, improving or not
    sd2 = _sd([10, 30, -1, 1, 5])
    expected = {"A": 10 / sd1 + 10 / sd2, "B": 2 / sd1 + 30 / sd2, "D": 1 / sd1 + 1 / sd2}
    for row in ranked:
        assert row.score == pytest.approx(expected[row.key])
    assert ranked[1].changes == (D(2), D(30))
    assert ranked[1].values == (D(50), D(52), D(82))
    assert [r.rank for r in ranked] == [1, 2, 3]


def test_ranking_lower_is_better():
    panel = {"A": {2022: 10, 2023: 8, 2024: 5}, "B": {2022: 10, 2023: 11, 2024: 2}, "C": {2022: 6, 2023: 5, 2024: 4}}
    ranked = improvement_ranking(panel, years=YEARS, direction="lower")
    assert [r.key for r in ranked] == ["A", "C"]
    assert ranked[0].changes == (D(2), D(3))  # oriented: a fall is a positive change


def test_ranking_with_two_values_is_one_change():
    panel = {"A": {2023: 1, 2024: 3}, "B": {2023: 1, 2024: 2}, "C": {2023: 2, 2024: 1}}
    assert [r.key for r in improvement_ranking(panel, years=[2023, 2024], direction="higher")] == ["A", "B"]


def test_ranking_when_the_spread_is_zero_or_undefined():
    # Everybody improved by the same amount: no information on who improved more → a shared rank.
    panel = {"A": {2023: 1, 2024: 2}, "B": {2023: 5, 2024: 6}}
    ranked = improvement_ranking(panel, years=[2023, 2024], direction="higher")
    assert [(r.key, r.rank, r.score) for r in ranked] == [("A", 1, 0.0), ("B", 1, 0.0)]
    # One school alone still qualifies on its raw change.
    alone = improvement_ranking({"A": {2023: 1, 2024: 2}}, years=[2023, 2024], direction="higher")
    assert [(r.key, r.score) for r in alone] == [("A", 0.0)]


def test_ranking_ties_broken_by_the_steadier_school():
    # Same sum of standardised changes; X's smallest step is larger.
    panel = {
        "X": {2022: 0, 2023: 2, 2024: 4},
        "Y": {2022: 0, 2023: 1, 2024: 4},
        "Z": {2022: 0, 2023: 3, 2024: 4},
        "W": {2022: 0, 2023: 2, 2024: 4},
    }
    ranked = improvement_ranking(panel, years=YEARS, direction="higher")
    scores = {r.key: r.score for r in ranked}
    assert [r.key for r in ranked][:2] == ["W", "X"]  # equal rows share the rank, ordered by key
    assert ranked[0].rank == ranked[1].rank == 1
    assert scores["W"] == pytest.approx(scores["X"])


def test_ranking_years():
    assert ranking_years(2024) == [2022, 2023, 2024]
    assert ranking_years(2024, 4) == [2021, 2022, 2023, 2024]
    with pytest.raises(ValueError):
        ranking_years(2024, 1)


def test_empty_panel():
    assert improvement_ranking({}, years=YEARS, direction="higher") == []
