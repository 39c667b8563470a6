"""Small array helpers shared by the core: input coercion and order-independent statistics.

Determinism rule used throughout the package: every reduction over schools (sums, means, standard
deviations) is taken over *sorted* values. Floating-point addition is not associative, so the
plain ``np.mean`` of the same numbers in another order can differ in the last bit; summing in
sorted order makes every statistic — and so every group — identical whatever order the Django
layer happened to fetch the schools in.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .errors import IndicesError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
StrArray = npt.NDArray[np.str_]


def as_float_1d(values: npt.ArrayLike, name: str) -> FloatArray:
    """Copy ``values`` into a 1-D float64 array (``None`` → nan); raise on any other shape."""
    arr = np.array(values, dtype=np.float64)  # copy: callers may mutate their arrays later
    if arr.ndim != 1:
        raise IndicesError(f"«{name}»: ожидается одномерный массив по школам, получена форма {arr.shape}.")
    return arr


def as_float_2d(values: npt.ArrayLike, name: str, *, n: int | None = None) -> FloatArray:
    """Copy ``values`` into a 2-D float64 array (schools × columns)."""
    arr = np.array(values, dtype=np.float64)
    if arr.ndim == 1 and n is not None and arr.size == 0 and n == 0:
        arr = arr.reshape(0, 0)
    if arr.ndim != 2:
        raise IndicesError(f"«{name}»: ожидается двумерный массив (школы × столбцы), получена форма {arr.shape}.")
    if n is not None and arr.shape[0] != n:
        raise IndicesError(f"«{name}»: {arr.shape[0]} строк, а школ {n}.")
    return arr


def as_mask(mask: npt.ArrayLike | None, n: int, name: str) -> BoolArray | None:
    if mask is None:
        return None
    arr = np.asarray(mask)
    if arr.shape != (n,):
        raise IndicesError(f"«{name}»: ожидается маска длины {n}, получена форма {arr.shape}.")
    return arr.astype(bool)


def check_non_negative(arr: FloatArray, name: str) -> None:
    """Values are either nan (unknown) or finite and ≥ 0; ±inf and negatives are input errors."""
    bad = np.isinf(arr) | (arr < 0)
    if bad.any():
        first = np.argwhere(bad)[0]
        raise IndicesError(
            f"«{name}»: недопустимое значение {arr[tuple(first)]!r} в позиции {tuple(first.tolist())}"
            " — ожидается неотрицательное число или пусто."
        )


def reference_stats(values: FloatArray, reference: BoolArray) -> tuple[float, float, int]:
    """Mean and sample sd (n − 1) of ``values[reference]``, order-independent.

    A constant sample gets exactly ``(value, 0.0)``: computing the mean of n equal floats can be
    off in the last bit (0.1 · 3 / 3 ≠ 0.1), which would turn "everyone is average" into tiny
    spurious z-scores. With one value the sd (n − 1) is undefined and is reported as nan.
    """
    ref = np.sort(values[reference])
    n = int(ref.size)
    if n == 0:
        return float("nan"), float("nan"), 0
    if ref[0] == ref[-1]:
        return float(ref[0]), (0.0 if n >= 2 else float("nan")), n
    mean = float(ref.mean())
    sd = float(np.sqrt(np.sum(np.sort((ref - mean) ** 2)) / (n - 1)))
    return mean, sd, n


def standardise(values: FloatArray, mean: float, sd: float) -> FloatArray:
    """z = (v − mean) / sd; nan stays nan.

    Degenerate reference (sd 0, or undefined with a single school): every school equal to the
    mean is exactly average (z = 0); any other value is infinitely far (z = ±inf), which the
    grouping clips to the extreme group. No reference at all: z is nan.
    """
    if not np.isfinite(mean):
        return np.full(values.shape, np.nan)
    if np.isfinite(sd) and sd > 0:
        return (values - mean) / sd
    diff = values - mean
    with np.errstate(invalid="ignore"):
        z = np.sign(diff) * np.inf
    z[diff == 0] = 0.0
    z[np.isnan(values)] = np.nan
    return z


class ReadOnlyArrays:
    """Mixin for the frozen result dataclasses: their numpy arrays are made read-only too.

    ``frozen=True`` only stops re-binding a field; without this a caller could still change a
    stored run's numbers in place (``run.category[3] = "stable"``) and break reproducibility.
    """

    def __post_init__(self) -> None:
        for value in vars(self).values():
            if isinstance(value, np.ndarray):
                value.setflags(write=False)
