"""Optimal 1-D k-means (Wang & Song 2011, "Ckmeans.1d.dp"), vectorised.

Problem: split the sorted distinct values x₀ < x₁ < … < x_{d−1} with multiplicities w (equal
values always share a cluster, so the result cannot depend on the order of the schools) into K
contiguous clusters minimising the within-cluster sum of squares

    SSE = Σ_clusters Σ_{i ∈ cluster} wᵢ (xᵢ − x̄_cluster)².

In one dimension an optimal clustering is contiguous in sorted order, so dynamic programming is
exact:

    D[1][i] = cost(0, i),
    D[q][i] = min_{q−1 ≤ j ≤ i} D[q−1][j−1] + cost(j, i)          (j = start of the last cluster)
    cost(j, i) = S2(j..i) − S1(j..i)² / W(j..i)                     (prefix sums of w, w·x, w·x²)

cost satisfies the quadrangle (Monge) inequality, so the leftmost optimal j is non-decreasing in
i and each layer can be filled by divide and conquer in O(d log d) instead of O(d²) — the
O(K d log d) variant of Ckmeans.1d.dp. Here the divide and conquer runs breadth-first: all
sub-problems of one recursion level are evaluated at once with numpy, so Python loops only over
the K layers and the ⌈log₂ d⌉ levels, never over schools.

Ties between equally good splits go to the smallest j (``np.argmin`` takes the first minimum),
which is deterministic.
"""

from __future__ import annotations

import numpy as np

from ._arrays import FloatArray, IntArray


def ckmeans_labels(x: FloatArray, w: FloatArray, k: int) -> tuple[IntArray, float]:
    """Cluster labels 0..K'−1 (ordered by centre) of sorted distinct ``x`` with weights ``w``.

    K' = min(k, d). Returns the labels and the optimal SSE.
    """
    d = int(x.size)
    if d == 0:
        return np.zeros(0, dtype=np.int64), 0.0
    k = min(int(k), d)
    # Centre the data: the prefix-sum cost S2 − S1²/W loses precision far from 0.
    xc = x - np.sum(w * x) / np.sum(w)
    cw = np.concatenate(([0.0], np.cumsum(w)))
    c1 = np.concatenate(([0.0], np.cumsum(w * xc)))
    c2 = np.concatenate(([0.0], np.cumsum(w * xc * xc)))

    def cost(j: IntArray, i: IntArray) -> FloatArray:
        s1 = c1[i + 1] - c1[j]
        c = (c2[i + 1] - c2[j]) - s1 * s1 / (cw[i + 1] - cw[j])
        return np.maximum(c, 0.0)  # cancellation can give −1e−17 for a one-value cluster

    idx = np.arange(d)
    prev = cost(np.zeros(d, dtype=np.int64), idx)  # D[1][i]
    starts = np.zeros((k, d), dtype=np.int64)  # starts[q][i]: first index of the last cluster
    for q in range(1, k):  # layer q holds q + 1 clusters; index i needs i ≥ q
        cur = np.full(d, np.inf)
        # Breadth-first divide and conquer over i ∈ [q, d−1] with candidate j ∈ [jlo, jhi].
        ilo = np.array([q])
        ihi = np.array([d - 1])
        jlo = np.array([q])
        jhi = np.array([d - 1])
        while ilo.size:
            mid = (ilo + ihi) // 2
            top = np.minimum(jhi, mid)
            lengths = top - jlo + 1  # ≥ 1: the optimal j of an ancestor is ≤ its mid < ilo
            offsets = np.cumsum(lengths) - lengths
            owner = np.repeat(np.arange(mid.size), lengths)
            j = jlo[owner] + (np.arange(int(lengths.sum())) - offsets[owner])
            value = prev[j - 1] + cost(j, mid[owner])
            best = np.minimum.reduceat(value, offsets)
            # First (leftmost) position attaining the minimum of each segment.
            hit = np.flatnonzero(value == best[owner])
            first = hit[np.concatenate(([True], owner[hit][1:] != owner[hit][:-1]))]
            opt = j[first]
            cur[mid] = best
            starts[q, mid] = opt
            left = mid > ilo
            right = mid < ihi
            ilo, ihi, jlo, jhi = (
                np.concatenate((ilo[left], mid[right] + 1)),
                np.concatenate((mid[left] - 1, ihi[right])),
                np.concatenate((jlo[left], opt[right])),
                np.concatenate((opt[left], jhi[right])),
            )
        prev = cur
    sse = float(prev[d - 1])

    # Backtrack the K cluster starts (a loop over clusters, not over values).
    bounds = np.empty(k + 1, dtype=np.int64)
    bounds[k] = d
    i = d - 1
    for q in range(k - 1, 0, -1):
        bounds[q] = starts[q, i]
        i = bounds[q] - 1
    bounds[0] = 0
    labels = np.repeat(np.arange(k, dtype=np.int64), np.diff(bounds))
    return labels, sse
