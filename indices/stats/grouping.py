"""Steps 2 and 5 of docs/indices.md and their alternatives: splitting an index into ordered groups.

All four methods share one interface: ``values`` (n,) with nan for "no index", an optional
``reference`` mask (the schools whose distribution defines the groups; default: every school
with a value) and a :class:`Grouping` result with groups 1..G (0 = no value), low → high.

The reference matters for the wellbeing index: ИСБШ is standardised and grouped on the schools
of the regression (those with Q and all factors), while a school with factors but no results
still gets a value and a group *relative to that distribution*.

z-scores are reported by every method (the school page explains a school by its z), always
z = (v − mean) / sd over the reference with the sample sd (n − 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._arrays import (
    BoolArray,
    FloatArray,
    IntArray,
    ReadOnlyArrays,
    as_float_1d,
    as_mask,
    reference_stats,
    standardise,
)
from ._ckmeans import ckmeans_labels
from .errors import IndicesError

#: A z within this distance *below* a band edge counts as on the edge (so in the upper band).
#: Hand arithmetic puts z = 0.25 in group 7; floating point may compute 0.24999999999999997.
#: 1e−9 of a standard deviation is far below any meaningful difference between schools.
EDGE_TOL = 1e-9

METHODS = ("c_scale", "quantile", "kmeans", "cutoffs")


@dataclass(frozen=True)
class Grouping(ReadOnlyArrays):
    """Groups of one index.

    ``boundaries[g − 1]`` is where group g + 1 begins, in the units of the values: for
    ``c_scale``/``cutoffs`` the edge mean + sd · z_edge; for ``quantile``/``kmeans`` the smallest
    reference value in group g + 1 (nan when that group is empty).
    """

    method: str
    groups: IntArray  # (n,) 1..n_groups, 0 = no value
    z: FloatArray  # (n,) standardised value, nan = no value
    boundaries: FloatArray  # (n_groups − 1,)
    centres: FloatArray  # (n_groups,) mean of the reference values in each group, nan if empty
    counts: IntArray  # (n_groups,) reference schools per group
    n_groups: int  # G: the number of groups the method defines
    mean: float  # over the reference
    sd: float  # over the reference, n − 1
    n_reference: int


def _prepare(values: npt.ArrayLike, reference: npt.ArrayLike | None) -> tuple[FloatArray, BoolArray, BoolArray]:
    v = as_float_1d(values, "values")
    if np.isinf(v).any():
        raise IndicesError("Значения индекса должны быть конечными числами или пустыми.")
    finite = ~np.isnan(v)
    ref = as_mask(reference, v.size, "reference")
    ref = finite if ref is None else (ref & finite)
    return v, finite, ref


def _check_groups(groups: int, *, odd: bool = False) -> int:
    if isinstance(groups, bool) or int(groups) != groups or groups < 1:
        raise IndicesError(f"Число групп должно быть целым ≥ 1, получено {groups!r}.")
    if odd and groups % 2 == 0:
        raise IndicesError(f"C-шкала строится на нечётном числе групп, получено {groups}.")
    return int(groups)


def _finish(
    method: str,
    v: FloatArray,
    finite: BoolArray,
    ref: BoolArray,
    groups: IntArray,
    n_groups: int,
    boundaries: FloatArray | None,
    stats: tuple[float, float, int],
) -> Grouping:
    groups = np.where(finite, groups, 0).astype(np.int64)
    ref_groups = groups[ref]
    counts = np.bincount(ref_groups, minlength=n_groups + 1)[1:].astype(np.int64)
    # Per-group sums over sorted values: order-independent, like every reduction here.
    order = np.lexsort((v[ref], ref_groups))
    sums = np.bincount(ref_groups[order], weights=v[ref][order], minlength=n_groups + 1)[1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        centres = np.where(counts > 0, sums / counts, np.nan)
    if boundaries is None:  # smallest reference value of groups 2..G
        mins = np.full(n_groups + 1, np.inf)
        np.minimum.at(mins, ref_groups, v[ref])
        boundaries = np.where(np.isfinite(mins[2:]), mins[2:], np.nan)
    mean, sd, n_ref = stats
    return Grouping(
        method=method,
        groups=groups,
        z=standardise(v, mean, sd),
        boundaries=np.asarray(boundaries, dtype=np.float64),
        centres=centres,
        counts=counts,
        n_groups=n_groups,
        mean=mean,
        sd=sd,
        n_reference=n_ref,
    )


def c_scale_band(z: npt.ArrayLike, *, groups: int = 11) -> IntArray:
    """g = clip(⌊2z + 0.5⌋ + c, 1, G), c = (G + 1)/2 (6 for 11 groups); 0 where z is nan.

    Bands are half a standard deviation wide; the centre band holds |z| < 0.25. A z within
    ``EDGE_TOL`` below an edge is put on the edge (z = 0.25 → 7 even if computed as 0.2499…).
    """
    g_count = _check_groups(groups, odd=True)
    z = np.asarray(z, dtype=np.float64)
    centre = (g_count + 1) // 2
    with np.errstate(invalid="ignore"):
        band = np.floor(2.0 * (z + EDGE_TOL) + 0.5) + centre
        band = np.clip(band, 1, g_count)  # ±inf (degenerate reference) lands in the end bands
    return np.where(np.isnan(z), 0, band).astype(np.int64)


def c_scale_cutoffs(groups: int = 11) -> FloatArray:
    """The z edges of the C-scale: (g − c + 0.5)/2 for g = 1..G−1 (−2.25, −1.75, …, 2.25)."""
    g_count = _check_groups(groups, odd=True)
    centre = (g_count + 1) // 2
    return (np.arange(1, g_count, dtype=np.float64) - centre + 0.5) / 2.0


def c_scale_groups(values: npt.ArrayLike, *, groups: int = 11, reference: npt.ArrayLike | None = None) -> Grouping:
    """C-scale (docs/indices.md, step 2): zᵢ over the reference, gᵢ = clip(⌊2zᵢ + 0.5⌋ + 6, 1, 11)."""
    v, finite, ref = _prepare(values, reference)
    stats = reference_stats(v, ref)
    z = standardise(v, *stats[:2])
    g = c_scale_band(z, groups=groups)
    mean, sd = stats[0], stats[1]
    bounds = mean + (sd if np.isfinite(sd) else 0.0) * c_scale_cutoffs(groups)
    return _finish("c_scale", v, finite, ref, g, int(groups), bounds, stats)


def cutoff_groups(
    values: npt.ArrayLike, *, cutoffs: Sequence[float], reference: npt.ArrayLike | None = None
) -> Grouping:
    """Explicit z cut-offs c₁ < … < c_{G−1}: gᵢ = 1 + #{c : c ≤ zᵢ} (G = len(cutoffs) + 1).

    With the C-scale edges (:func:`c_scale_cutoffs`) this reproduces :func:`c_scale_groups`.
    """
    c = np.asarray(cutoffs, dtype=np.float64)
    if c.ndim != 1 or c.size == 0 or not np.isfinite(c).all() or (np.diff(c) <= 0).any():
        raise IndicesError(
            "Границы групп (z) должны быть непустым строго возрастающим списком конечных чисел, "
            f"получено {list(np.atleast_1d(c))!r}."
        )
    v, finite, ref = _prepare(values, reference)
    stats = reference_stats(v, ref)
    z = standardise(v, *stats[:2])
    with np.errstate(invalid="ignore"):
        g = np.searchsorted(c, z + EDGE_TOL, side="right") + 1
    sd = stats[1] if np.isfinite(stats[1]) else 0.0
    return _finish("cutoffs", v, finite, ref, g, int(c.size + 1), stats[0] + sd * c, stats)


def quantile_groups(values: npt.ArrayLike, *, groups: int = 11, reference: npt.ArrayLike | None = None) -> Grouping:
    """G equal-count groups by the mid-distribution function.

    With n reference values, F̃(v) = (#{ref < v} + #{ref ≤ v}) / 2n and
    gᵢ = min(G, 1 + ⌊G · F̃(vᵢ)⌋) — the group of the midpoint of the school's rank interval.
    Without ties this gives group sizes differing by at most one (rank r → ⌊G(r + ½)/n⌋ + 1);
    tied values share F̃ and therefore a group (the group of their average rank), so identical
    indices never land in different groups and the result does not depend on school order.
    Computed in integer arithmetic: no rounding at the group edges. One school alone → the
    middle group.
    """
    g_count = _check_groups(groups)
    v, finite, ref = _prepare(values, reference)
    sorted_ref = np.sort(v[ref])
    n_ref = sorted_ref.size
    g = np.zeros(v.size, dtype=np.int64)
    if n_ref:
        vf = v[finite]
        twice_f = np.searchsorted(sorted_ref, vf, "left") + np.searchsorted(sorted_ref, vf, "right")
        g[finite] = np.minimum(g_count, 1 + (g_count * twice_f.astype(np.int64)) // (2 * n_ref))
    return _finish("quantile", v, finite, ref, g, g_count, None, reference_stats(v, ref))


def kmeans_groups(values: npt.ArrayLike, *, groups: int = 11, reference: npt.ArrayLike | None = None) -> Grouping:
    """Optimal 1-D k-means ("cluster analysis") into G clusters numbered 1..G by centre.

    Exact (dynamic programming, see ``_ckmeans``), so deterministic — unlike Lloyd's algorithm
    with random starts. Equal values always share a cluster. With fewer distinct reference
    values d than G, every distinct value is its own cluster, numbered 1..d (``counts`` of the
    groups d+1..G are 0). A school outside the reference goes to the nearest centre (on the
    midpoint between two centres: the upper one).
    """
    g_count = _check_groups(groups)
    v, finite, ref = _prepare(values, reference)
    x, inverse, mult = np.unique(v[ref], return_inverse=True, return_counts=True)
    labels, _sse = ckmeans_labels(x, mult.astype(np.float64), g_count)
    g = np.zeros(v.size, dtype=np.int64)
    if x.size:
        g[ref] = labels[inverse] + 1
        outside = finite & ~ref
        if outside.any():
            k_used = int(labels[-1]) + 1
            wsum = np.bincount(labels, weights=mult * x, minlength=k_used)
            centres = wsum / np.bincount(labels, weights=mult, minlength=k_used)
            midpoints = (centres[1:] + centres[:-1]) / 2.0
            g[outside] = np.searchsorted(midpoints, v[outside], side="right") + 1
    return _finish("kmeans", v, finite, ref, g, g_count, None, reference_stats(v, ref))


def kmeans_sse(values: npt.ArrayLike, groups: npt.ArrayLike) -> float:
    """Within-group sum of squares of a grouping (for tests and the methodology comparison page)."""
    v = as_float_1d(values, "values")
    g = np.asarray(groups, dtype=np.int64)
    keep = g > 0
    v, g = v[keep], g[keep]
    counts = np.bincount(g)
    with np.errstate(invalid="ignore", divide="ignore"):
        centres = np.bincount(g, weights=v) / counts
    return float(np.sum((v - centres[g]) ** 2))


def group(
    values: npt.ArrayLike,
    *,
    method: str = "c_scale",
    groups: int = 11,
    cutoffs: Sequence[float] | None = None,
    reference: npt.ArrayLike | None = None,
) -> Grouping:
    """Dispatch on the methodology's ``grouping.method``."""
    if method == "c_scale":
        return c_scale_groups(values, groups=groups, reference=reference)
    if method == "quantile":
        return quantile_groups(values, groups=groups, reference=reference)
    if method == "kmeans":
        return kmeans_groups(values, groups=groups, reference=reference)
    if method == "cutoffs":
        if cutoffs is None:
            raise IndicesError("Для метода «cutoffs» нужны границы групп «cutoffs».")
        return cutoff_groups(values, cutoffs=cutoffs, reference=reference)
    raise IndicesError(f"Неизвестный метод группировки {method!r}; допустимы: {', '.join(METHODS)}.")
