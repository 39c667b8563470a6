"""Quality index and significance on a hand-computed table (docs/indices.md, steps 1 and 3)."""

from __future__ import annotations

import numpy as np
import pytest

from indices.stats import IndicesError, critical_z, quality_index

NAN = np.nan
# Five schools, two subjects (math, Russian), min_participants = 5.
#          math          Russian
# school   m    n   s    m    n   s
# A        4.0  20  0.8  4.4  20  0.6
# B        3.0  10  1.0  3.6  10  0.9
# C        3.5  25  —    4.0  25  0.7     no sd in math → significance unknown
# D        5.0   3  1.0  4.4   3  1.0     below min_participants in both → no index
# E        —     —  —    4.0  12  1.0     no math result → no index (still counts in Russian)
SCORES = np.array([[4.0, 4.4], [3.0, 3.6], [3.5, 4.0], [5.0, 4.4], [NAN, 4.0]])
PARTICIPANTS = np.array([[20, 20], [10, 10], [25, 25], [3, 3], [NAN, 12]], dtype=float)
SDS = np.array([[0.8, 0.6], [1.0, 0.9], [NAN, 0.7], [1.0, 1.0], [NAN, 1.0]])


def table(**kwargs):
    return quality_index(SCORES, PARTICIPANTS, SDS, min_participants=5, **kwargs)


def test_subject_means_are_unweighted_over_schools_with_enough_participants():
    r = table()
    # math: A, B, C count (D has 3 < 5, E has no score): (4.0 + 3.0 + 3.5) / 3 = 3.5
    # Russian: A, B, C, E count (each subject on its own): (4.4 + 3.6 + 4.0 + 4.0) / 4 = 4.0
    np.testing.assert_allclose(r.subject_means, [3.5, 4.0], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(r.subject_counts, [3, 4])


def test_ratios_and_index():
    r = table()
    # A: 4.0/3.5 = 8/7, 4.4/4 = 1.1 → Q = (8/7 + 1.1)/2 = 1.121428571…
    # B: 3.0/3.5 = 6/7, 3.6/4 = 0.9 → Q = (6/7 + 0.9)/2 = 0.878571428…
    # C: 1, 1 → Q = 1
    expected_ratios = [[8 / 7, 1.1], [6 / 7, 0.9], [1.0, 1.0], [NAN, NAN], [NAN, 1.0]]
    np.testing.assert_allclose(r.ratios, expected_ratios, rtol=1e-15)
    np.testing.assert_allclose(r.index, [(8 / 7 + 1.1) / 2, (6 / 7 + 0.9) / 2, 1.0, NAN, NAN], rtol=1e-15)
    assert r.missing_reason.tolist() == ["", "", "", "too_few_participants", "no_results"]


def test_standard_error_and_significance():
    r = table()
    # SE_A = √(0.8²/(20·3.5²) + 0.6²/(20·4²)) / 2 = √(0.64/245 + 0.36/320) / 2
    #      = √(0.0026122449 + 0.001125) / 2 = √0.0037372449 / 2 = 0.030566497
    # SE_B = √(1.0²/(10·3.5²) + 0.9²/(10·4²)) / 2 = √(1/122.5 + 0.81/160) / 2
    #      = √(0.0081632653 + 0.0050625) / 2 = √0.0132257653 / 2 = 0.057501664
    se_a = np.sqrt(0.64 / 245 + 0.36 / 320) / 2
    se_b = np.sqrt(1 / 122.5 + 0.81 / 160) / 2
    np.testing.assert_allclose(r.se[:2], [se_a, se_b], rtol=1e-14)
    assert np.isnan(r.se[2:]).all()  # C: no math sd; D, E: no index
    # z_0.95 = 1.959964. A: 1.121429 + 1.96·0.030566 = 1.1813 ≥ 1 → not below.
    # B: 0.878571 + 1.959964·0.057502 = 0.878571 + 0.112701 = 0.991273 < 1 → below.
    assert r.z_critical == pytest.approx(1.959963984540054, abs=1e-12)
    np.testing.assert_array_equal(r.significantly_below, [0.0, 1.0, NAN, NAN, NAN])
    assert r.significance_known.tolist() == [True, True, False, False, False]


def test_confidence_changes_the_flag():
    # c = 0.99: z = 2.575829; B: 0.878571 + 2.575829·0.057502 = 1.026686 ≥ 1 → not below.
    r = table(confidence=0.99)
    assert critical_z(0.99) == pytest.approx(2.5758293035489, abs=1e-12)
    np.testing.assert_array_equal(r.significantly_below, [0.0, 0.0, NAN, NAN, NAN])


def test_min_participants_zero_still_needs_a_participant():
    r = quality_index(SCORES, PARTICIPANTS, SDS, min_participants=0)
    # D now counts: math mean (4 + 3 + 3.5 + 5)/4 = 3.875; Russian (4.4 + 3.6 + 4 + 4.4 + 4)/5 = 4.08
    np.testing.assert_allclose(r.subject_means, [3.875, 4.08], rtol=1e-15)
    assert r.missing_reason.tolist() == ["", "", "", "", "no_results"]
    zero = quality_index([[3.0, 4.0], [4.0, 4.0]], [[0, 10], [10, 10]], None, min_participants=0)
    assert zero.missing_reason.tolist() == ["no_results", ""]  # 0 participants: no result


def test_participant_weights():
    # One school with 10 math and 30 Russian participants, two others to fix the means.
    scores = [[4.0, 4.4], [3.0, 3.6], [3.5, 4.0]]
    participants = [[10, 30], [10, 10], [25, 25]]
    sds = [[0.8, 0.6], [1.0, 0.9], [0.5, 0.7]]
    r = quality_index(scores, participants, sds, min_participants=5, weights="participants")
    # Means as before: 3.5 and 4.0. Q_A = (10·8/7 + 30·1.1)/40 = (11.428571 + 33)/40 = 1.110714
    assert r.index[0] == pytest.approx((10 * 8 / 7 + 30 * 1.1) / 40, rel=1e-15)
    # SE_A = √(10·0.8²/3.5² + 30·0.6²/4²)/40 = √(0.522449 + 0.675)/40 = 0.027366
    assert r.se[0] == pytest.approx(np.sqrt(10 * 0.64 / 12.25 + 30 * 0.36 / 16) / 40, rel=1e-14)
    plain = quality_index(scores, participants, sds, min_participants=5)
    assert plain.index[0] == pytest.approx((8 / 7 + 1.1) / 2, rel=1e-15)


def test_no_school_counts_in_a_subject():
    r = quality_index([[3.0, 4.0], [4.0, 5.0]], [[2, 10], [3, 10]], None, min_participants=5)
    assert np.isnan(r.subject_means[0]) and np.isnan(r.index).all()
    assert r.missing_reason.tolist() == ["too_few_participants"] * 2
    zeros = quality_index([[0.0, 4.0], [0.0, 5.0]], [[10, 10], [10, 10]], None, min_participants=5)
    assert zeros.missing_reason.tolist() == ["no_subject_mean"] * 2


def test_sd_zero_is_known():
    # sd 0 in both subjects: SE = 0 and the flag is simply Q < 1.
    r = quality_index([[3.0, 4.0], [4.0, 4.0]], [[10, 10], [10, 10]], [[0, 0], [0, 0]], min_participants=5)
    np.testing.assert_array_equal(r.se, [0.0, 0.0])
    np.testing.assert_array_equal(r.significantly_below, [1.0, 0.0])


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"confidence": 1.0}, "Доверительная"),
        ({"weights": "students"}, "Веса"),
        ({"min_participants": -1}, "min_participants"),
    ],
)
def test_bad_arguments(kwargs, text):
    args = {"min_participants": 5, **kwargs}
    with pytest.raises(IndicesError, match=text):
        quality_index(SCORES, PARTICIPANTS, SDS, **args)


def test_bad_values():
    with pytest.raises(IndicesError, match="недопустимое значение"):
        quality_index([[-1.0]], [[10]], None, min_participants=5)
    with pytest.raises(IndicesError, match="Формы"):
        quality_index([[1.0, 2.0]], [[10]], None, min_participants=5)
