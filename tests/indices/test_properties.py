"""Property tests (hypothesis): invariances that truly hold, and ranges."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from indices.stats import (
    c_scale_groups,
    compute,
    cutoff_groups,
    kmeans_groups,
    kmeans_sse,
    quality_index,
    quantile_groups,
    wellbeing_regression,
)

from .helpers import HYPOTHESIS, methodology, synthetic_region

GROUPINGS = [
    {"method": "c_scale", "groups": 11},
    {"method": "quantile", "groups": 11},
    {"method": "kmeans", "groups": 11},
    {"method": "cutoffs", "cutoffs": [-1.0, -0.25, 0.25, 1.0, 2.0, 3.0]},
]
values_with_gaps = arrays(
    np.float64,
    st.integers(0, 60),
    elements=st.one_of(st.just(np.nan), st.floats(-1e6, 1e6, allow_nan=False)),
)


@HYPOTHESIS
@given(data=st.data(), n=st.integers(12, 80), seed=st.integers(0, 2**32 - 1), grouping=st.sampled_from(GROUPINGS))
def test_permuting_schools_permutes_every_result(data, n, seed, grouping):
    region = synthetic_region(n, seed, missing=0.05)
    perm = np.array(data.draw(st.permutations(range(n))))
    m = methodology(grouping=grouping, thresholds={"low_quality_max_group": 3, "unfavourable_max_wellbeing_group": 2})
    history = np.random.default_rng(seed).choice([0.0, 1.0, np.nan], size=(2, n))
    a = compute(**region, methodology=m, previous_low=history)
    b = compute(**{k: v[perm] for k, v in region.items()}, methodology=m, previous_low=history[:, perm])
    # Exactly equal, bit for bit: every reduction over schools is order-independent.
    for key, value in a.columns().items():
        np.testing.assert_array_equal(value[perm], b.columns()[key], err_msg=key)
    np.testing.assert_array_equal(a.quality.ratios[perm], b.quality.ratios)
    np.testing.assert_array_equal(a.quality_grouping.z[perm], b.quality_grouping.z)
    np.testing.assert_array_equal(a.wellbeing_grouping.z[perm], b.wellbeing_grouping.z)
    np.testing.assert_array_equal(a.quality.missing_reason[perm], b.quality.missing_reason)
    assert a.regression.coef.tobytes() == b.regression.coef.tobytes()
    assert a.regression.se.tobytes() == b.regression.se.tobytes()
    assert a.quality.subject_means.tobytes() == b.quality.subject_means.tobytes()


@HYPOTHESIS
@given(seed=st.integers(0, 2**32 - 1), factor=st.floats(0.01, 100.0), n=st.integers(5, 60))
def test_scaling_all_scores_changes_nothing(seed, factor, n):
    region = synthetic_region(n, seed)
    plain = quality_index(region["scores"], region["participants"], region["sds"], min_participants=5)
    scaled = quality_index(
        region["scores"] * factor, region["participants"], region["sds"] * factor, min_participants=5
    )
    np.testing.assert_allclose(scaled.index, plain.index, rtol=1e-12)
    np.testing.assert_allclose(scaled.se, plain.se, rtol=1e-12)
    np.testing.assert_array_equal(scaled.missing_reason, plain.missing_reason)
    np.testing.assert_array_equal(c_scale_groups(scaled.index).groups, c_scale_groups(plain.index).groups)
    np.testing.assert_array_equal(scaled.significantly_below, plain.significantly_below)


@HYPOTHESIS
@given(values=values_with_gaps, grouping=st.sampled_from(GROUPINGS))
def test_groups_stay_within_range(values, grouping):
    if grouping["method"] == "cutoffs":
        g = cutoff_groups(values, cutoffs=grouping["cutoffs"])
    else:
        g = {"c_scale": c_scale_groups, "quantile": quantile_groups, "kmeans": kmeans_groups}[grouping["method"]](
            values, groups=grouping["groups"]
        )
    finite = ~np.isnan(values)
    assert ((g.groups >= 1) & (g.groups <= g.n_groups))[finite].all()
    assert (g.groups[~finite] == 0).all()
    assert g.counts.sum() == finite.sum()
    # Groups are ordered low → high: a larger value never has a smaller group.
    order = np.argsort(np.where(finite, values, np.inf), kind="stable")[: finite.sum()]
    assert (np.diff(g.groups[order]) >= 0).all()


@HYPOTHESIS
@given(
    ints=arrays(np.int64, st.integers(1, 50), elements=st.integers(-40, 40)),
    groups=st.integers(1, 12),
    shift=st.integers(-1000, 1000),
)
def test_quantile_groups_depend_only_on_order(ints, groups, shift):
    # Exact arithmetic (small integers, eighths): any strictly increasing map keeps the groups.
    values = ints / 8.0
    base = quantile_groups(values, groups=groups).groups
    np.testing.assert_array_equal(quantile_groups(values + shift, groups=groups).groups, base)
    np.testing.assert_array_equal(quantile_groups(values**3, groups=groups).groups, base)


@HYPOTHESIS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 200), scale=st.floats(0.1, 10.0), shift=st.floats(-5, 5))
def test_affine_maps_keep_c_scale_and_kmeans_groups(seed, n, scale, shift):
    values = np.random.default_rng(seed).normal(1.0, 0.15, n)
    moved = values * scale + shift
    a, b = c_scale_groups(values), c_scale_groups(moved)
    np.testing.assert_allclose(b.z, a.z, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(b.groups, a.groups)
    ka, kb = kmeans_groups(values, groups=5), kmeans_groups(moved, groups=5)
    # The optimal SSE scales by scale²; with continuous data the partition itself is unique.
    assert np.isclose(kmeans_sse(moved, kb.groups), scale**2 * kmeans_sse(values, ka.groups), rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(kb.groups, ka.groups)


@HYPOTHESIS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(8, 150), weighted=st.booleans(), shift=st.floats(-3, 3))
def test_regression_fitted_mean_and_shift(seed, n, weighted, shift):
    rng = np.random.default_rng(seed)
    factors = rng.beta(2, 5, (n, 2))
    outcome = 1.0 + factors @ np.array([0.4, -0.3]) + rng.normal(0, 0.1, n)
    outcome[rng.random(n) < 0.1] = np.nan
    weights = rng.integers(1, 100, n).astype(float) if weighted else None
    try:
        reg = wellbeing_regression(outcome, factors, weights=weights)
    except ValueError:  # too few rows left after the gaps: not this property's concern
        return
    used = reg.used
    w = weights[used] if weighted else np.ones(used.sum())
    # With an intercept the (weighted) mean of the fitted values equals that of the outcome.
    assert np.isclose(np.average(reg.fitted[used], weights=w), np.average(outcome[used], weights=w), atol=1e-12)
    # Adding a constant to the outcome moves only the intercept.
    moved = wellbeing_regression(outcome + shift, factors, weights=weights)
    np.testing.assert_allclose(moved.coef[1:], reg.coef[1:], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(moved.coef[0], reg.coef[0] + shift, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(moved.residual, reg.residual, rtol=0, atol=1e-9)
    np.testing.assert_allclose(moved.se, reg.se, rtol=1e-6, atol=1e-12)
