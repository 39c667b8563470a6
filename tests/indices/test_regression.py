"""ИСБШ regression against statsmodels OLS/WLS, and its refusals."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from indices.stats import INTERCEPT_NAME, SingularFactors, TooFewSchools, wellbeing_regression

TOL = {"rtol": 1e-9, "atol": 1e-9}


def generated(seed: int, n: int = 300, k: int = 3):
    rng = np.random.default_rng(seed)
    factors = rng.beta(2, 5, (n, k))
    outcome = 1.0 + factors @ rng.normal(0, 0.5, k) + rng.normal(0, 0.08, n)
    weights = rng.integers(5, 120, n).astype(np.float64)
    # Unknown values: outcome only (→ fitted, no residual), a factor (→ nothing), both.
    outcome[rng.random(n) < 0.08] = np.nan
    factors[rng.random((n, k)) < 0.03] = np.nan
    return outcome, factors, weights


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("weighted", [False, True])
def test_matches_statsmodels(seed, weighted):
    outcome, factors, weights = generated(seed, k=1 + seed % 4)
    reg = wellbeing_regression(outcome, factors, weights=weights if weighted else None)

    used = np.isfinite(outcome) & np.isfinite(factors).all(axis=1)
    exog = sm.add_constant(factors[used], has_constant="add")
    model = sm.WLS(outcome[used], exog, weights=weights[used]) if weighted else sm.OLS(outcome[used], exog)
    fit = model.fit()

    np.testing.assert_array_equal(reg.used, used)
    assert reg.n == int(used.sum()) and reg.k == factors.shape[1]
    np.testing.assert_allclose(reg.coef, fit.params, **TOL)
    np.testing.assert_allclose(reg.se, fit.bse, **TOL)
    assert reg.r2 == pytest.approx(fit.rsquared, rel=1e-9, abs=1e-9)
    assert reg.sigma2 == pytest.approx(fit.scale, rel=1e-9)
    assert reg.df_resid == fit.df_resid
    np.testing.assert_allclose(reg.fitted[used], fit.fittedvalues, **TOL)
    np.testing.assert_allclose(reg.residual[used], fit.resid, **TOL)

    # Schools with every factor but no outcome still get their predicted value (ИСБШ).
    has_factors = np.isfinite(factors).all(axis=1)
    predict_only = has_factors & ~used
    assert predict_only.any()
    expected = fit.predict(sm.add_constant(factors[predict_only], has_constant="add"))
    np.testing.assert_allclose(reg.fitted[predict_only], expected, **TOL)
    assert np.isnan(reg.residual[predict_only]).all()
    assert np.isnan(reg.fitted[~has_factors]).all() and np.isnan(reg.residual[~has_factors]).all()


def test_zero_weights_are_left_out_like_statsmodels_would_need():
    outcome, factors, weights = generated(7)
    weights[:20] = 0.0
    reg = wellbeing_regression(outcome, factors, weights=weights)
    assert not reg.used[:20].any()
    keep = reg.used
    fit = sm.WLS(outcome[keep], sm.add_constant(factors[keep]), weights=weights[keep]).fit()
    np.testing.assert_allclose(reg.coef, fit.params, **TOL)
    # Excluded from the fit, still predicted and (with an outcome) given a residual.
    has = np.isfinite(factors[:20]).all(axis=1)
    assert np.isfinite(reg.fitted[:20][has]).all()


def test_intercept_only_model():
    y = np.array([1.0, 2.0, 4.0, np.nan])
    reg = wellbeing_regression(y, np.empty((4, 0)))
    assert reg.coef.tolist() == pytest.approx([7 / 3])
    # se of the mean: √(s²/n), s² = ((4/3)² + (1/3)² + (5/3)²)/2 = 42/18 = 7/3
    assert reg.se[0] == pytest.approx(np.sqrt(7 / 3 / 3))
    assert reg.fitted.tolist() == pytest.approx([7 / 3] * 4)


def test_too_few_schools():
    outcome, factors, _ = generated(0, n=40, k=3)
    outcome[:] = np.nan
    outcome[:4] = [1.0, 0.9, 1.1, 1.2]
    factors[:4] = [[0.1, 0.2, 0.01], [0.2, 0.1, 0.02], [0.3, 0.3, 0.0], [0.25, 0.15, 0.05]]
    with pytest.raises(TooFewSchools) as info:  # k = 3 needs k + 2 = 5 schools, there are 4
        wellbeing_regression(outcome, factors)
    assert (info.value.n, info.value.required) == (4, 5)
    assert "Слишком мало школ" in str(info.value) and "не меньше 5" in str(info.value)
    outcome[4] = 1.0
    factors[4] = [0.5, 0.1, 0.1]
    assert wellbeing_regression(outcome, factors).n == 5


def test_proportional_factor_is_singular():
    outcome, factors, _ = generated(1, k=3)
    factors[:, 2] = 2.0 * factors[:, 0]
    names = ["parents_higher_ed", "single_parent", "on_register"]
    with pytest.raises(SingularFactors) as info:
        wellbeing_regression(outcome, factors, factor_names=names)
    assert set(info.value.factors) == {"parents_higher_ed", "on_register"}
    message = str(info.value)
    assert "линейно зависимы" in message and "«parents_higher_ed»" in message and "«on_register»" in message
    assert "single_parent" not in message


def test_constant_factor_is_singular():
    outcome, factors, _ = generated(2, k=2)
    factors[:, 1] = 0.0  # no registered students anywhere
    with pytest.raises(SingularFactors) as info:
        wellbeing_regression(outcome, factors, factor_names=["parents_higher_ed", "on_register"])
    assert info.value.factors == ("on_register",)
    assert "одинаков у всех" in str(info.value) and "свободного члена" in str(info.value)


def test_shares_summing_to_one_involve_the_intercept():
    outcome, factors, _ = generated(3, k=2)
    factors[:, 1] = 1.0 - factors[:, 0]  # e.g. single-parent and two-parent families
    with pytest.raises(SingularFactors) as info:
        wellbeing_regression(outcome, factors, factor_names=["a", "b"])
    assert set(info.value.factors) == {INTERCEPT_NAME, "a", "b"}


def test_bad_input():
    with pytest.raises(ValueError, match="Названий факторов"):
        wellbeing_regression([1.0, 2.0], [[0.1], [0.2]], factor_names=["a", "b"])
    with pytest.raises(ValueError, match="Веса"):
        wellbeing_regression([1.0, 2.0, 3.0], [[0.1], [0.2], [0.4]], weights=[1, -1, 1])
