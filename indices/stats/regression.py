"""Step 4 of docs/indices.md: the social wellbeing index ИСБШ as the fitted value of a regression.

Model over the schools that have the outcome Q *and* every factor (and a positive weight):

    Qᵢ = b₀ + Σₖ bₖ · shareᵢₖ + εᵢ,

fitted by ordinary least squares (``weights=None``) or weighted least squares minimising
Σ wᵢ (Qᵢ − xᵢᵀb)² (the ``participants`` alternative: wᵢ = the school's participants).

* b = argmin ‖W^½(y − Xb)‖², solved through the SVD of W^½X with unit-norm columns
  (numerically the most stable route; no explicit (XᵀWX)⁻¹ is formed).
* σ² = Σ wᵢ eᵢ² / (n − k − 1), SE(b) = √diag(σ² (XᵀWX)⁻¹) — the classical standard errors
  (``statsmodels`` ``OLS``/``WLS`` ``bse``).
* R² = 1 − Σ wᵢ eᵢ² / Σ wᵢ (yᵢ − ȳ_w)², ȳ_w the weighted mean (statsmodels' WLS ``rsquared``;
  with w ≡ 1 the usual R²).
* ИСБШᵢ = Q̂ᵢ = xᵢᵀb for every school with all factors — also one without results, whose
  expected result is exactly what its context predicts.
* residualᵢ = Qᵢ − Q̂ᵢ wherever both exist: the school's result beyond its context.

Rows are put into a canonical order (sorted by their values) before fitting, so the estimates are
bit-for-bit the same whatever order the schools arrive in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._arrays import BoolArray, FloatArray, ReadOnlyArrays, as_float_1d, as_float_2d
from .errors import IndicesError, SingularFactors, TooFewSchools

INTERCEPT_NAME = "свободный член"


@dataclass(frozen=True)
class Regression(ReadOnlyArrays):
    """Fitted regression. Coefficient arrays are ordered [intercept, factor₁, …, factor_k]."""

    coef: FloatArray  # (k + 1,)
    se: FloatArray  # (k + 1,)
    r2: float
    n: int  # schools in the fit
    k: int  # factors
    sigma2: float  # residual variance σ² (weighted)
    fitted: FloatArray  # (n_all,) Q̂ for every school with all factors, nan elsewhere
    residual: FloatArray  # (n_all,) Q − Q̂ where both exist, nan elsewhere
    used: BoolArray  # (n_all,) in the fit
    has_factors: BoolArray  # (n_all,) every factor known → has a fitted value
    weighted: bool
    factor_names: tuple[str, ...]

    @property
    def df_resid(self) -> int:
        return self.n - self.k - 1


def wellbeing_regression(
    outcome: npt.ArrayLike,
    factors: npt.ArrayLike,
    *,
    weights: npt.ArrayLike | None = None,
    factor_names: Sequence[str] | None = None,
) -> Regression:
    """OLS/WLS of ``outcome`` (n,) on [1, ``factors`` (n, k)]; nan marks unknown values.

    Raises :class:`TooFewSchools` when fewer than k + 2 schools can enter the fit and
    :class:`SingularFactors` when a factor is constant over them or the factors (with the
    intercept) are linearly dependent.
    """
    y_all = as_float_1d(outcome, "outcome")
    n_all = y_all.size
    x_all = as_float_2d(factors, "factors", n=n_all)
    k = x_all.shape[1]
    names = tuple(factor_names) if factor_names is not None else tuple(f"фактор {j + 1}" for j in range(k))
    if len(names) != k:
        raise IndicesError(f"Названий факторов {len(names)}, а столбцов факторов {k}.")
    if np.isinf(y_all).any() or np.isinf(x_all).any():
        raise IndicesError("Показатель и факторы регрессии должны быть конечными числами или пустыми.")

    has_factors = np.asarray(np.isfinite(x_all).all(axis=1), dtype=np.bool_)  # (n_all,), typed as an array
    used = has_factors & np.isfinite(y_all)
    if weights is not None:
        w_all = as_float_1d(weights, "weights")
        if w_all.size != n_all:
            raise IndicesError(f"Весов {w_all.size}, а школ {n_all}.")
        if (w_all < 0).any() or np.isinf(w_all).any():
            raise IndicesError("Веса регрессии должны быть неотрицательными конечными числами.")
        used &= np.isfinite(w_all) & (w_all > 0)  # a zero weight contributes nothing to the fit
    n = int(used.sum())
    if n < k + 2:
        raise TooFewSchools(n=n, required=k + 2, k=k)

    # Canonical row order: lexsort over every column of the fit (y, factors, weight) — rows equal
    # in all of them are interchangeable, so the order of the input no longer matters.
    rows = np.flatnonzero(used)
    keys = [y_all[rows], *(x_all[rows, j] for j in range(k))]
    if weights is not None:
        keys.append(w_all[rows])
    rows = rows[np.lexsort(keys)]
    y = y_all[rows]
    x = np.column_stack((np.ones(n), x_all[rows]))
    w = w_all[rows] if weights is not None else np.ones(n)

    _check_constant(x[:, 1:], names)
    sw = np.sqrt(w)
    xw = x * sw[:, None]
    yw = y * sw
    norms = np.sqrt(np.sum(xw * xw, axis=0))  # > 0: no constant-zero column survives the check
    u, s, vt = np.linalg.svd(xw / norms, full_matrices=False)
    tol = s[0] * max(xw.shape) * np.finfo(np.float64).eps  # numpy.linalg.matrix_rank's default
    if (s <= tol).any():
        raise _singular(vt[s <= tol], names)

    # b = V Σ⁻¹ Uᵀ yw in the scaled coordinates, then undo the column scaling.
    coef = (vt.T @ ((u.T @ yw) / s)) / norms
    resid_used = y - _predict(coef, x[:, 1:])
    ssr = float(np.sum(w * resid_used**2))
    df = n - k - 1
    sigma2 = ssr / df
    # diag (XᵀWX)⁻¹ = diag(V Σ⁻² Vᵀ) / norms² (scaled coordinates).
    cov_diag = np.sum((vt.T / s) ** 2, axis=1) / norms**2
    se = np.sqrt(sigma2 * cov_diag)
    y_bar = float(np.sum(w * y) / np.sum(w))
    tss = float(np.sum(w * (y - y_bar) ** 2))
    r2 = 1.0 - ssr / tss if tss > 0 else float("nan")

    fitted = np.full(n_all, np.nan)
    fitted[has_factors] = _predict(coef, x_all[has_factors])
    residual = np.where(np.isfinite(y_all) & has_factors, y_all - fitted, np.nan)
    return Regression(
        coef=coef,
        se=se,
        r2=r2,
        n=n,
        k=k,
        sigma2=sigma2,
        fitted=fitted,
        residual=residual,
        used=used,
        has_factors=has_factors,
        weighted=weights is not None,
        factor_names=names,
    )


def _predict(coef: FloatArray, x: FloatArray) -> FloatArray:
    """b₀ + Σₖ bₖ·xₖ, accumulated column by column (a loop over factors, not schools).

    Element-wise multiply and add round every school identically wherever its row sits, unlike
    a BLAS matrix-vector product whose kernels may treat the tail of an array differently — so
    a school's ИСБШ does not depend on its position in the input.
    """
    out = np.full(x.shape[0], coef[0])
    for j in range(x.shape[1]):
        out += coef[j + 1] * x[:, j]
    return out


def _check_constant(x: FloatArray, names: tuple[str, ...]) -> None:
    """A factor with one value over the fitted schools duplicates the intercept: name it plainly."""
    if x.shape[1] == 0:
        return
    constant = np.flatnonzero(x.min(axis=0) == x.max(axis=0))
    if constant.size:
        listed = ", ".join(f"«{names[j]}» (= {x[0, j]:g})" for j in constant)
        raise SingularFactors(
            f"Фактор одинаков у всех {x.shape[0]} школ регрессии: {listed}. Такой фактор неотличим "
            "от свободного члена, и коэффициенты регрессии не определены. Уберите его из методики "
            "или проверьте импортированный контекст.",
            [names[j] for j in constant],
        )


def _singular(null_space: FloatArray, names: tuple[str, ...]) -> SingularFactors:
    """Name the columns that take part in the linear dependence (non-zero in a null vector)."""
    involved = np.flatnonzero(np.abs(null_space).max(axis=0) > 1e-6)
    labels = [INTERCEPT_NAME if j == 0 else names[j - 1] for j in involved]
    listed = ", ".join(f"«{label}»" for label in labels)
    return SingularFactors(
        f"Факторы регрессии линейно зависимы: {listed} — один из них точно выражается через "
        "остальные (например, одна доля равна другой, умноженной на число, или доли в сумме дают "
        "постоянную). Коэффициенты регрессии при этом не определены. Уберите один из этих факторов "
        "из методики.",
        labels,
    )
