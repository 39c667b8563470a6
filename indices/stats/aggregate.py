"""Assessment results as data (docs/indices.md, «Results as data»): participant-weighted means and
mark distributions per group (a municipality, a region, a school over years), the difference of
a row from its group, and the trend of a series over the years.

Groups are given as integer codes per row (:func:`factorize` makes them from key columns). Every
sum runs over the rows sorted by group and value, so the same rows in any order give the same
bits (the package's determinism rule, ``_arrays.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._arrays import FloatArray, IntArray, as_float_1d, as_float_2d
from .errors import IndicesError


@dataclass(frozen=True)
class Groups:
    """``index[i]``: the group of row i (0..size−1); ``keys[c][g]``: key column c of group g."""

    index: IntArray
    keys: tuple[np.ndarray, ...]

    @property
    def size(self) -> int:
        return int(self.keys[0].size) if self.keys else 0


def factorize(*columns: npt.ArrayLike) -> Groups:
    """The distinct combinations of the key columns, in ascending order of the columns."""
    if not columns:
        raise IndicesError("Нужен хотя бы один столбец ключа группы.")
    arrays = [np.asarray(c) for c in columns]
    n = arrays[0].size
    if any(a.ndim != 1 or a.size != n for a in arrays):
        raise IndicesError("Столбцы ключа группы должны быть одномерными и одной длины.")
    if n == 0:
        return Groups(np.zeros(0, dtype=np.int64), tuple(a[:0] for a in arrays))
    order = np.lexsort(arrays[::-1])
    stacked = [a[order] for a in arrays]
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for a in stacked:
        new[1:] |= a[1:] != a[:-1]
    sorted_index = np.cumsum(new) - 1
    index = np.empty(n, dtype=np.int64)
    index[order] = sorted_index
    return Groups(index, tuple(a[new] for a in stacked))


def _index(index: npt.ArrayLike, n: int, size: int) -> IntArray:
    idx = np.asarray(index, dtype=np.int64)
    if idx.shape != (n,):
        raise IndicesError(f"Номера групп: ожидается {n} значений.")
    if n and (idx.min() < 0 or idx.max() >= size):
        raise IndicesError(f"Номера групп должны быть от 0 до {size - 1}.")
    return idx


@dataclass(frozen=True)
class WeightedMeans:
    mean: FloatArray  # nan: no row of the group with a value and a positive weight
    weight: FloatArray  # the group's total weight (participants) over those rows
    count: IntArray  # those rows


def weighted_means(*, index: npt.ArrayLike, size: int, values: npt.ArrayLike, weights: npt.ArrayLike) -> WeightedMeans:
    """Σ wᵢ vᵢ / Σ wᵢ per group over the rows with a known value and a weight > 0."""
    v = as_float_1d(values, "values")
    w = as_float_1d(weights, "weights")
    if w.size != v.size:
        raise IndicesError("«weights»: столько же значений, сколько строк.")
    idx = _index(index, v.size, size)
    use = np.isfinite(v) & np.isfinite(w) & (w > 0)
    idx, v, w = idx[use], v[use], w[use]
    product = w * v
    order = np.lexsort((product, idx))
    total = np.bincount(idx[order], weights=product[order], minlength=size)
    weight = np.bincount(idx[order], weights=w[order], minlength=size).astype(np.float64)
    count = np.bincount(idx, minlength=size).astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(weight > 0, total / np.where(weight > 0, weight, 1), np.nan)
    return WeightedMeans(mean, weight, count)


def weighted_distribution(
    *, index: npt.ArrayLike, size: int, shares: npt.ArrayLike, weights: npt.ArrayLike
) -> FloatArray:
    """Groups × columns: the participant-weighted mean of each share column (marks «2».. «5»),
    over the rows of the group that know every column and have a weight > 0 (nan: none)."""
    w = as_float_1d(weights, "weights")
    s = as_float_2d(shares, "shares", n=w.size)
    idx = _index(index, w.size, size)
    use = np.all(np.isfinite(s), axis=1) & np.isfinite(w) & (w > 0)
    out = np.full((size, s.shape[1]), np.nan)
    for column in range(s.shape[1]):  # over the mark columns, not rows
        out[:, column] = weighted_means(index=idx[use], size=size, values=s[use, column], weights=w[use]).mean
    return out


def difference(*, values: npt.ArrayLike, index: npt.ArrayLike, reference: npt.ArrayLike) -> FloatArray:
    """Each row's value minus its group's reference (nan where either is unknown or the row has
    no group, index −1)."""
    v = as_float_1d(values, "values")
    ref = as_float_1d(reference, "reference")
    idx = np.asarray(index, dtype=np.int64)
    if idx.shape != v.shape:
        raise IndicesError("Номера групп: столько же значений, сколько строк.")
    if idx.size and idx.max() >= ref.size:
        raise IndicesError("Номер группы больше числа групп эталона.")
    out = np.full(v.size, np.nan)
    has = idx >= 0
    out[has] = v[has] - ref[idx[has]]
    return out


@dataclass(frozen=True)
class Trend:
    """Per series: the least-squares slope per year (nan with fewer than two years), the first
    and last years with a value, and the change in the last year from the academic year before
    it (nan when that year has no value)."""

    slope: FloatArray
    first_year: IntArray  # 0: no value at all
    last_year: IntArray
    change: FloatArray
    years: IntArray


def trend(*, index: npt.ArrayLike, size: int, year: npt.ArrayLike, values: npt.ArrayLike) -> Trend:
    """One value per series and year (a school's mean in each year …)."""
    v = as_float_1d(values, "values")
    y = np.asarray(year, dtype=np.int64)
    if y.shape != v.shape:
        raise IndicesError("«year»: столько же значений, сколько строк.")
    idx = _index(index, v.size, size)
    use = np.isfinite(v)
    idx, y, v = idx[use], y[use], v[use]
    if idx.size:
        key = idx * (int(y.max()) - int(y.min()) + 2) + (y - int(y.min()))
        if np.unique(key).size != key.size:
            raise IndicesError("В ряду два значения за один учебный год.")
    n = np.bincount(idx, minlength=size).astype(np.int64)
    first = np.zeros(size, dtype=np.int64)
    last = np.zeros(size, dtype=np.int64)
    if idx.size:
        order = np.lexsort((y, idx))
        sorted_idx, sorted_y, sorted_v = idx[order], y[order], v[order]
        starts = np.flatnonzero(np.r_[True, sorted_idx[1:] != sorted_idx[:-1]])
        ends = np.r_[starts[1:], sorted_idx.size] - 1
        first[sorted_idx[starts]] = sorted_y[starts]
        last[sorted_idx[ends]] = sorted_y[ends]
        # Centred on each series' mean year: no cancellation between sums of squared years.
        mean_year = np.bincount(sorted_idx, weights=sorted_y, minlength=size) / np.maximum(n, 1)
        x = sorted_y - mean_year[sorted_idx]
        mean_value = np.bincount(sorted_idx, weights=sorted_v, minlength=size) / np.maximum(n, 1)
        sxy = np.bincount(sorted_idx, weights=x * (sorted_v - mean_value[sorted_idx]), minlength=size)
        sxx = np.bincount(sorted_idx, weights=x * x, minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            slope = np.where((n >= 2) & (sxx > 0), sxy / np.where(sxx > 0, sxx, 1), np.nan)
        change = np.full(size, np.nan)
        before = ends[ends > starts]  # the row before the last one in the series
        prev = before - 1
        consecutive = sorted_y[prev] == sorted_y[before] - 1
        series = sorted_idx[before[consecutive]]
        change[series] = sorted_v[before[consecutive]] - sorted_v[prev[consecutive]]
    else:
        slope = np.full(size, np.nan)
        change = np.full(size, np.nan)
    return Trend(slope=slope, first_year=first, last_year=last, change=change, years=n)
