"""Support categories (docs/indices.md, step 7), low results, unfavourable conditions, stability."""

from __future__ import annotations

import numpy as np
import pytest

from indices.stats import IndicesError, categories, low_results, stably_low, unfavourable


def test_two_by_two_table_and_no_data():
    #             quality ≤ 5      quality ≥ 6
    # wellbeing ≤ 4  low_on_both   resilient
    # wellbeing ≥ 5  not_coping    stable
    quality = [1, 5, 6, 11, 5, 1, 6, 11, 0, 3, 0]
    wellbeing = [1, 4, 4, 1, 5, 11, 5, 11, 3, 0, 0]
    assert categories(quality, wellbeing).tolist() == [
        "low_on_both",
        "low_on_both",
        "resilient",
        "resilient",
        "not_coping",
        "not_coping",
        "stable",
        "stable",
        "no_data",
        "no_data",
        "no_data",
    ]


def test_thresholds_are_parameters():
    cats = categories([3, 4], [2, 3], low_quality_max_group=3, unfavourable_max_wellbeing_group=2)
    assert cats.tolist() == ["low_on_both", "stable"]


def test_flags():
    assert low_results([0, 1, 5, 6]).tolist() == [False, True, True, False]
    assert unfavourable([0, 4, 5], unfavourable_max_wellbeing_group=4).tolist() == [False, True, False]
    assert low_results(np.array([np.nan, 2.0])).tolist() == [False, True]  # nan = no group


def test_stably_low():
    flags = np.array(
        [
            # school:  a    b    c       d       e
            [1.0, 1.0, 0.0, np.nan, 1.0],  # two years ago
            [1.0, 0.0, 1.0, np.nan, np.nan],  # last year
            [0.0, 1.0, 0.0, 1.0, np.nan],  # this year
        ]
    )
    # a: 2 of 3, b: 2 of 3, c: 1, d: 1 (two years without a result do not count), e: 1
    assert stably_low(flags, min_low_years=2).tolist() == [True, True, False, False, False]
    assert stably_low(flags, min_low_years=1).tolist() == [True, True, True, True, True]
    assert stably_low(flags.astype(bool)[:, :3], min_low_years=3).tolist() == [False, False, False]
    with pytest.raises(IndicesError):
        stably_low(flags, min_low_years=0)


def test_shapes_must_match():
    with pytest.raises(IndicesError):
        categories([1, 2], [1])
    with pytest.raises(IndicesError):
        categories([-1], [1])
