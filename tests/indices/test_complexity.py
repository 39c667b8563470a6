"""The core scales to a region of 40,000 schools without Python loops over schools.

No wall-clock assertions (machines differ; ``bench/indices_core.py`` reports the time). Instead
the Python lines executed inside ``indices/stats`` are counted with ``sys.settrace``: vectorised
code executes the same lines whatever n is (k-means adds ⌈log₂ n⌉ divide-and-conquer levels per
cluster), while a loop over schools would multiply them by n.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import indices.stats
from indices.stats import compute

from .helpers import methodology, synthetic_region

PACKAGE_DIR = str(Path(indices.stats.__file__).resolve().parent)


def traced_lines(func) -> int:
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def global_(frame, event, arg):
        if frame.f_code.co_filename.startswith(PACKAGE_DIR):
            return local
        return None

    previous = sys.gettrace()
    sys.settrace(global_)
    try:
        func()
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize("method", ["c_scale", "quantile", "kmeans", "cutoffs"])
def test_python_work_does_not_grow_with_schools(method):
    grouping = {"method": method, "groups": 11}
    if method == "cutoffs":
        grouping = {"method": "cutoffs", "cutoffs": [-2.25 + 0.5 * i for i in range(10)]}
    m = methodology(grouping=grouping)
    small, large = synthetic_region(2_000, seed=1), synthetic_region(40_000, seed=1)
    history = np.zeros((2, 40_000))
    lines_small = traced_lines(lambda: compute(**small, methodology=m, previous_low=history[:, :2_000]))
    lines_large = traced_lines(lambda: compute(**large, methodology=m, previous_low=history))
    if method == "kmeans":
        # Per k-means call 10 layers × ⌈log₂ d⌉ levels × ~25 lines: 16 levels instead of 11 at
        # 20 times the schools. A loop over schools would multiply the count by ~20.
        assert lines_large <= lines_small * 1.6
    else:
        assert lines_large == lines_small


def test_forty_thousand_schools():
    data = synthetic_region(40_000, seed=2)
    run = compute(**data, methodology=methodology())
    for name, column in run.columns().items():
        assert column.shape == (40_000,), name
    assert np.isfinite(run.quality.index).mean() > 0.85
    assert run.regression.n > 30_000 and 0.2 < run.regression.r2 < 0.95
    assert run.quality_grouping.counts.sum() == np.isfinite(run.quality.index).sum()
