"""Optimal 1-D k-means: exactness against brute force, ordering, ties, degenerate inputs."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from indices.stats import kmeans_groups, kmeans_sse
from indices.stats._ckmeans import ckmeans_labels


def brute_force_sse(x: np.ndarray, k: int) -> float:
    """Minimum SSE over every split of sorted x into k contiguous non-empty clusters."""
    x = np.sort(x)
    best = np.inf
    for cuts in itertools.combinations(range(1, x.size), k - 1):
        bounds = (0, *cuts, x.size)
        sse = sum(((x[a:b] - x[a:b].mean()) ** 2).sum() for a, b in itertools.pairwise(bounds))
        best = min(best, sse)
    return float(best)


def naive_dp_sse(x: np.ndarray, k: int) -> float:
    """The O(k n²) dynamic programme without divide and conquer."""
    x = np.sort(x)
    n = x.size
    c1 = np.concatenate(([0.0], np.cumsum(x)))
    c2 = np.concatenate(([0.0], np.cumsum(x * x)))

    def cost(j: int, i: int) -> float:
        s = c1[i + 1] - c1[j]
        return c2[i + 1] - c2[j] - s * s / (i - j + 1)

    d = np.array([cost(0, i) for i in range(n)])
    for q in range(1, k):
        e = np.full(n, np.inf)
        for i in range(q, n):
            e[i] = min(d[j - 1] + cost(j, i) for j in range(q, i + 1))
        d = e
    return float(d[-1])


def test_hand_example_ordered_by_centre():
    # {1, 2} {10, 11, 12} {30}: SSE = 0.5 + 2 + 0 = 2.5; any other split is worse.
    values = [30.0, 11.0, 1.0, 12.0, 2.0, 10.0]
    g = kmeans_groups(values, groups=3)
    assert g.groups.tolist() == [3, 2, 1, 2, 1, 2]
    np.testing.assert_allclose(g.centres, [1.5, 11.0, 30.0])
    np.testing.assert_array_equal(g.boundaries, [10.0, 30.0])
    assert kmeans_sse(values, g.groups) == pytest.approx(2.5)


@pytest.mark.parametrize("seed", range(6))
def test_optimal_against_brute_force(seed):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        n = int(rng.integers(1, 13))
        k = int(rng.integers(1, 5))
        values = rng.normal(0, 1, n).round(int(rng.integers(0, 3)))  # rounding creates ties
        g = kmeans_groups(values, groups=k)
        k_used = min(k, np.unique(values).size)
        assert kmeans_sse(values, g.groups) == pytest.approx(brute_force_sse(values, k_used), abs=1e-9)
        # Ordered by centre: sorting the values never decreases the group.
        order = np.argsort(values, kind="stable")
        assert (np.diff(g.groups[order]) >= 0).all()
        assert set(g.groups.tolist()) == set(range(1, k_used + 1))


@pytest.mark.parametrize("seed", range(4))
def test_divide_and_conquer_matches_the_quadratic_programme(seed):
    rng = np.random.default_rng(100 + seed)
    values = rng.standard_t(3, int(rng.integers(60, 160)))
    for k in (2, 5, 11):
        sse = kmeans_sse(values, kmeans_groups(values, groups=k).groups)
        assert sse == pytest.approx(naive_dp_sse(values, k), rel=1e-10, abs=1e-12)


def test_ties_and_fewer_distinct_values_than_groups():
    g = kmeans_groups([5.0, 5.0, 1.0, 1.0, 9.0, np.nan], groups=11)
    assert g.groups.tolist() == [2, 2, 1, 1, 3, 0]  # three distinct values → groups 1..3
    assert g.counts.tolist() == [2, 2, 1] + [0] * 8
    assert kmeans_groups([2.0, 2.0], groups=3).groups.tolist() == [1, 1]
    assert kmeans_groups([np.nan], groups=3).groups.tolist() == [0]
    # Identical values never split, even when splitting would not change the SSE.
    g = kmeans_groups([0.0, 1.0, 1.0, 1.0, 2.0], groups=2)
    assert len(set(g.groups[1:4].tolist())) == 1


def test_outsiders_go_to_the_nearest_centre():
    g = kmeans_groups([1.0, 2.0, 10.0, 11.0, 5.9, 6.5, 40.0], groups=2, reference=[1, 1, 1, 1, 0, 0, 0])
    # Centres 1.5 and 10.5, midpoint 6.0: 5.9 → 1, 6.5 → 2, 40 → 2.
    assert g.groups.tolist() == [1, 1, 2, 2, 1, 2, 2]


def test_weighted_core_directly():
    # Distinct values with multiplicities behave like the repeated values.
    labels, sse = ckmeans_labels(np.array([0.0, 1.0, 10.0]), np.array([3.0, 1.0, 2.0]), 2)
    assert labels.tolist() == [0, 0, 1]
    assert sse == pytest.approx(kmeans_sse([0, 0, 0, 1, 10, 10], [1, 1, 1, 1, 2, 2]))
