"""The orchestrator: consistency of the steps, determinism, alternatives, refusals."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from indices.stats import (
    EXPORT_COLUMNS,
    IndicesError,
    MethodologyError,
    TooFewSchools,
    c_scale_groups,
    categories,
    compute,
    quality_index,
    wellbeing_regression,
)

from .helpers import methodology, synthetic_region


def per_school_arrays(run):
    return {
        **{f"col_{k}": v for k, v in run.columns().items()},
        "quality_z": run.quality_grouping.z,
        "wellbeing_z": run.wellbeing_grouping.z,
        "ratios": run.quality.ratios,
        "reason": run.quality.missing_reason,
        "wellbeing_reason": run.wellbeing_reason,
        "low": run.low_results,
        "unfavourable": run.unfavourable,
        "used": run.regression.used,
    }


def test_steps_fit_together():
    data = synthetic_region(400, seed=11)
    run = compute(**data, methodology=methodology())
    q = quality_index(data["scores"], data["participants"], data["sds"], min_participants=5)
    np.testing.assert_array_equal(run.quality.index, q.index)
    np.testing.assert_array_equal(run.quality_grouping.groups, c_scale_groups(q.index).groups)

    reg = wellbeing_regression(q.index, data["factors"])
    np.testing.assert_array_equal(run.regression.coef, reg.coef)
    # ИСБШ groups: standardised over the fitted schools only.
    wg = c_scale_groups(reg.fitted, reference=reg.used)
    np.testing.assert_array_equal(run.wellbeing_grouping.groups, wg.groups)
    assert run.wellbeing_grouping.n_reference == reg.n

    # A school with factors but no quality index: ИСБШ and a group, no residual, category no_data.
    extra = reg.has_factors & np.isnan(q.index)
    assert extra.any()
    assert np.isfinite(run.regression.fitted[extra]).all()
    assert (run.wellbeing_grouping.groups[extra] > 0).all()
    assert np.isnan(run.regression.residual[extra]).all()
    assert set(run.category[extra]) == {"no_data"}
    # A school with an unknown factor: no ИСБШ, with the reason.
    assert set(run.wellbeing_reason[~reg.has_factors]) == {"no_factors"}
    assert set(run.wellbeing_reason[reg.has_factors]) == {""}

    np.testing.assert_array_equal(run.category, categories(run.quality_grouping.groups, run.wellbeing_grouping.groups))
    np.testing.assert_array_equal(
        run.low_results, (run.quality_grouping.groups >= 1) & (run.quality_grouping.groups <= 5)
    )
    assert tuple(run.columns()) == EXPORT_COLUMNS
    assert {c for c in run.category} <= {"low_on_both", "resilient", "not_coping", "stable", "no_data"}
    # The synthetic region has every category.
    assert len(set(run.category)) == 5


def test_stability_uses_the_last_years():
    data = synthetic_region(200, seed=12)
    first = compute(**data, methodology=methodology())
    current = first.low_results
    n = current.size
    older = np.ones(n)  # low three years ago: outside the window of 3 years
    last_year = np.where(np.arange(n) % 2 == 0, 1.0, 0.0)
    previous = np.vstack((older, np.full(n, np.nan), last_year))
    run = compute(**data, methodology=methodology(), previous_low=previous)
    # Window = [nan (two years ago), last_year, this year]; min_low_years = 2.
    np.testing.assert_array_equal(run.stably_low, current & (last_year == 1.0))
    assert not compute(**data, methodology=methodology()).stably_low.any()  # one year only
    loose = compute(**data, methodology=methodology(stability={"years": 1, "min_low_years": 1}), previous_low=previous)
    np.testing.assert_array_equal(loose.stably_low, current)


def test_deterministic_and_inputs_untouched():
    data = synthetic_region(500, seed=13)
    copies = {k: v.copy() for k, v in data.items()}
    a = compute(**data, methodology=methodology(grouping={"method": "kmeans", "groups": 11}))
    b = compute(**copies, methodology=methodology(grouping={"method": "kmeans", "groups": 11}))
    for key, value in data.items():
        np.testing.assert_array_equal(value, copies[key])
    assert a.fingerprint == b.fingerprint
    for key, value in per_school_arrays(a).items():
        other = per_school_arrays(b)[key]
        assert value.dtype == other.dtype and value.tobytes() == other.tobytes(), key
    assert a.regression.coef.tobytes() == b.regression.coef.tobytes()
    assert a.methodology == b.methodology


def test_fingerprint_follows_inputs_and_methodology():
    data = synthetic_region(100, seed=14)
    base = compute(**data, methodology=methodology()).fingerprint
    changed = {**data, "scores": data["scores"].copy()}
    changed["scores"][0, 0] += 0.01
    assert compute(**changed, methodology=methodology()).fingerprint != base
    other = methodology(significance={"confidence": 0.99})
    assert compute(**data, methodology=other).fingerprint != base


@pytest.mark.parametrize(
    "grouping",
    [
        {"method": "c_scale", "groups": 11},
        {"method": "quantile", "groups": 11},
        {"method": "kmeans", "groups": 11},
        {"method": "cutoffs", "cutoffs": [-1.5, -0.5, 0.5, 1.5]},
    ],
)
def test_every_grouping_method(grouping):
    thresholds = {"low_quality_max_group": 2, "unfavourable_max_wellbeing_group": 2}
    run = compute(**synthetic_region(300, seed=15), methodology=methodology(grouping=grouping, thresholds=thresholds))
    g = run.quality_grouping.groups
    has_q = np.isfinite(run.quality.index)
    assert ((g >= 1) & (g <= run.quality_grouping.n_groups))[has_q].all() and (g[~has_q] == 0).all()
    assert run.quality_grouping.method == grouping["method"]


def test_participant_weights_give_wls():
    data = synthetic_region(300, seed=16)
    m = methodology(regression={"weights": "participants"})
    run = compute(**data, methodology=m)
    used = run.regression.used
    weights = data["participants"].sum(axis=1)
    fit = sm.WLS(run.quality.index[used], sm.add_constant(data["factors"][used]), weights=weights[used]).fit()
    np.testing.assert_allclose(run.regression.coef, fit.params, rtol=1e-9, atol=1e-9)
    assert run.regression.r2 == pytest.approx(fit.rsquared, rel=1e-9)
    assert run.regression.weighted


def test_refusals():
    data = synthetic_region(60, seed=17)
    with pytest.raises(MethodologyError, match="предмет"):
        compute(**data, methodology=methodology(outcome={"subjects": ["math"], "min_participants": 5}))
    with pytest.raises(MethodologyError, match="фактор"):
        compute(**data, methodology=methodology(factors=["parents_higher_ed"]))
    small = {k: v[:4] for k, v in data.items()}  # a municipality of four schools, three factors
    with pytest.raises(TooFewSchools, match="Слишком мало школ"):
        compute(**small, methodology=methodology())
    with pytest.raises(IndicesError, match="previous_low"):
        compute(**data, methodology=methodology(), previous_low=np.zeros((2, 5)))


def test_results_are_read_only():
    run = compute(**synthetic_region(50, seed=18), methodology=methodology())
    for array in (run.category, run.quality.index, run.regression.fitted, run.quality_grouping.groups):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = array[1]


def test_short_history_uses_what_exists():
    data = synthetic_region(120, seed=19)
    current = compute(**data, methodology=methodology()).low_results
    only_last_year = np.ones((1, 120))  # one earlier year computed, the window asks for two
    run = compute(**data, methodology=methodology(), previous_low=only_last_year)
    np.testing.assert_array_equal(run.stably_low, current)  # low last year + low now = 2 years
