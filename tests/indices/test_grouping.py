"""C-scale, explicit cut-offs and quantile groups on hand-computed tables."""

from __future__ import annotations

import numpy as np
import pytest

from indices.stats import (
    IndicesError,
    c_scale_band,
    c_scale_cutoffs,
    c_scale_groups,
    cutoff_groups,
    group,
    quantile_groups,
)

NAN = np.nan


def test_c_scale_hand_table():
    # Q = 0.70 0.85 0.95 1.00 1.00 1.05 1.15 1.30 (and one school without Q)
    # mean = 8.00 / 8 = 1.00; deviations −.30 −.15 −.05 0 0 .05 .15 .30
    # Σd² = .09 + .0225 + .0025 + 0 + 0 + .0025 + .0225 + .09 = .23; sd = √(.23/7) = 0.181265
    # z = d / sd = −1.6550 −0.8275 −0.2758 0 0 0.2758 0.8275 1.6550
    # 2z + .5 = −2.81 −1.155 −0.052 .5 .5 1.052 2.155 3.81 → ⌊⌋ + 6 = 3 4 5 6 6 7 8 9
    q = [0.70, 0.85, 0.95, 1.00, 1.00, 1.05, 1.15, 1.30, NAN]
    g = c_scale_groups(q)
    sd = np.sqrt(0.23 / 7)
    assert g.mean == pytest.approx(1.0, abs=1e-15)
    assert g.sd == pytest.approx(sd, rel=1e-13)
    expected_z = np.array([-0.30, -0.15, -0.05, 0, 0, 0.05, 0.15, 0.30]) / sd
    np.testing.assert_allclose(g.z[:8], expected_z, rtol=1e-12, atol=1e-14)
    assert np.isnan(g.z[8])
    assert g.groups.tolist() == [3, 4, 5, 6, 6, 7, 8, 9, 0]
    assert g.counts.tolist() == [0, 0, 1, 1, 1, 2, 1, 1, 1, 0, 0]
    assert g.n_reference == 8 and g.n_groups == 11
    # Group 6 begins at mean − 0.25 sd: 1 − 0.045316 = 0.954684.
    assert g.boundaries[4] == pytest.approx(1 - 0.25 * sd, rel=1e-14)


def test_c_scale_band_edges():
    z = np.array([-0.2499, 0.0, 0.2499, 0.25, -0.25, 0.75, -0.75, 2.25, 2.2499, 2.75, 10, -2.25, -2.2501, -3, NAN])
    # |z| < 0.25 → 6; an edge belongs to the upper band: 0.25 → 7, −0.25 → 6, 0.75 → 8, −0.75 → 5;
    # 2.25 → 11, just below → 10; beyond ±2.25 the bands are clipped to 1 and 11.
    assert c_scale_band(z).tolist() == [6, 6, 6, 7, 6, 8, 5, 11, 10, 11, 11, 2, 1, 1, 0]
    # Floating noise just below an edge is put on the edge (EDGE_TOL = 1e−9).
    assert c_scale_band([0.25 - 1e-15, 0.25 - 1e-6]).tolist() == [7, 6]


def test_c_scale_edge_computed_from_data():
    # z by hand: ±0.25, ±0.75, ±1.75, 0, ±√0.3125 (Σz = 0, Σz² = 2(.0625 + .5625 + 3.0625) + .625 = 8,
    # so the sd of z is exactly 1). In floating point the computed z of 0.75 is 0.7499999999999996
    # and of 1.75 is 1.7499999999999998: without EDGE_TOL they would fall one band too low.
    x = np.sqrt(0.3125)
    z = np.array([0.25, -0.25, 0.75, -0.75, 1.75, -1.75, 0.0, x, -x])
    g = c_scale_groups(1.0 + 0.2 * z)  # Q = 1.05, 0.95, 1.15, … ; mean 1, sd 0.2
    # 0.25 → 7, −0.25 → 6, 0.75 → 8, −0.75 → 5, 1.75 → 10, −1.75 → 3, 0 → 6, 0.559 → 7, −0.559 → 5
    assert g.groups.tolist() == [7, 6, 8, 5, 10, 3, 6, 7, 5]


def test_c_scale_degenerate_references():
    same = c_scale_groups([0.9, 0.9, 0.9, NAN])  # sd 0: everybody is exactly average
    assert same.groups.tolist() == [6, 6, 6, 0] and same.z[:3].tolist() == [0.0, 0.0, 0.0]
    one = c_scale_groups([1.2, NAN])  # one school: sd (n − 1) undefined, the school is the mean
    assert one.groups.tolist() == [6, 0] and np.isnan(one.sd)
    outside = c_scale_groups([1.0, 1.0, 2.0, 0.0], reference=[True, True, False, False])
    assert outside.groups.tolist() == [6, 6, 11, 1]  # z = ±inf against a constant reference
    empty = c_scale_groups([NAN, NAN])
    assert empty.groups.tolist() == [0, 0] and np.isnan(empty.z).all()


def test_reference_defines_the_scale():
    # Reference = first four: mean 1.0, deviations ±0.1, ±0.3 → sd = √((.01+.09)·2/3) = 0.258199.
    values = [0.7, 0.9, 1.1, 1.3, 1.0, 0.5]
    g = c_scale_groups(values, reference=[True, True, True, True, False, False])
    sd = np.sqrt(0.2 / 3)
    assert g.mean == pytest.approx(1.0) and g.sd == pytest.approx(sd)
    # Outsiders: z(1.0) = 0 → 6; z(0.5) = −1.9365 → ⌊−3.373⌋ + 6 = 2
    assert g.groups[4:].tolist() == [6, 2]
    assert g.counts.sum() == 4  # counts describe the reference only


def test_cutoffs_reproduce_c_scale_and_count_groups():
    rng = np.random.default_rng(3)
    v = rng.normal(1, 0.15, 500)
    v[::17] = NAN
    a = c_scale_groups(v)
    b = cutoff_groups(v, cutoffs=c_scale_cutoffs(11))
    np.testing.assert_array_equal(a.groups, b.groups)
    np.testing.assert_allclose(a.boundaries, b.boundaries, rtol=1e-15)
    np.testing.assert_array_equal(c_scale_cutoffs(11), np.arange(-2.25, 2.26, 0.5))
    # Three groups by z: below −1, [−1, 1), ≥ 1.
    g = cutoff_groups([0.0, 1.0, 2.0, 3.0, 4.0], cutoffs=[-1.0, 1.0])  # z = −1.26 −.63 0 .63 1.26
    assert g.groups.tolist() == [1, 2, 2, 2, 3] and g.n_groups == 3


@pytest.mark.parametrize("cutoffs", [[], [1.0, 0.0], [0.0, 0.0], [0.0, np.inf]])
def test_bad_cutoffs(cutoffs):
    with pytest.raises(IndicesError, match="Границы групп"):
        cutoff_groups([1.0, 2.0], cutoffs=cutoffs)


def test_quantile_hand_table():
    # Reference sorted: 1 3 3 5 7 9 (n = 6), G = 3; g = 1 + ⌊3·(#< + #≤) / 12⌋
    # 1: (0 + 1) → ⌊3/12⌋ = 0 → 1;  3: (1 + 3) → ⌊12/12⌋ = 1 → 2;  5: (3 + 4) → ⌊21/12⌋ → 2;
    # 7: (4 + 5) → ⌊27/12⌋ = 2 → 3;  9: (5 + 6) → ⌊33/12⌋ → 3.  The tied 3s share group 2.
    g = quantile_groups([5, 1, 3, 3, 9, 7, NAN], groups=3)
    assert g.groups.tolist() == [2, 1, 2, 2, 3, 3, 0]
    assert g.counts.tolist() == [1, 3, 2]
    np.testing.assert_array_equal(g.boundaries, [3.0, 7.0])  # smallest value of groups 2 and 3
    np.testing.assert_allclose(g.centres, [1.0, 11 / 3, 8.0])
    # Without ties: ranks 0..5 → ⌊3(2r + 1)/12⌋ = 0 0 1 1 2 2
    assert quantile_groups([6, 5, 4, 3, 2, 1], groups=3).groups.tolist() == [3, 3, 2, 2, 1, 1]


def test_quantile_equal_counts_and_small_samples():
    v = np.arange(22.0)[::-1]
    g = quantile_groups(v)
    assert g.counts.tolist() == [2] * 11 and g.groups[0] == 11 and g.groups[-1] == 1
    sizes = quantile_groups(np.arange(100.0)).counts
    assert sizes.max() - sizes.min() <= 1 and sizes.sum() == 100
    assert quantile_groups([4.2]).groups.tolist() == [6]  # alone: the middle group
    assert quantile_groups([1.0, 2.0, 3.0]).groups.tolist() == [2, 6, 10]  # ⌊11(2r+1)/6⌋ + 1
    assert quantile_groups([2.0, 2.0, 2.0]).groups.tolist() == [6, 6, 6]
    # An outsider is placed by the reference's mid-distribution function: 2.5 lies above 2 of 4.
    out = quantile_groups([1.0, 2.0, 3.0, 4.0, 2.5, 9.0], groups=4, reference=[1, 1, 1, 1, 0, 0])
    assert out.groups.tolist() == [1, 2, 3, 4, 3, 4]


def test_dispatch():
    v = [1.0, 2.0, 3.0, 4.0]
    assert group(v, method="quantile", groups=2).groups.tolist() == [1, 1, 2, 2]
    assert group(v, method="cutoffs", cutoffs=[0.0]).groups.tolist() == [1, 1, 2, 2]
    with pytest.raises(IndicesError, match="Неизвестный метод"):
        group(v, method="jenks")
    with pytest.raises(IndicesError, match="нечётном"):
        c_scale_groups(v, groups=10)
    with pytest.raises(IndicesError, match="конечными"):
        c_scale_groups([1.0, np.inf])
