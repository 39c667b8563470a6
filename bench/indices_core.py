"""Benchmark: the numerical core of the indices (indices.stats.compute) on a large region.

    .venv/bin/python bench/indices_core.py [--schools 40000] [--repeat 7]

Generates a synthetic region whose ОГЭ results depend on the social context the way the Sysert
data do (parents' higher education raises results, single-parent families and registered
students lower them; small schools, missing sds, missing factors and missing subjects included),
then times the whole default methodology (quality index, significance, C-scale groups, OLS ИСБШ,
wellbeing groups, categories, stability, fingerprint). Pure numpy, no Django, no database.

Prints one figure per line (the median of --repeat runs after one warm-up run):

    indices_core_40000_s          the default methodology
    indices_core_limit_ratio      indices_core_40000_s / 0.5 (the target is ≤ 1)
    indices_core_40000_kmeans_s   the same with grouping "kmeans" (optimal 1-D clustering)
    indices_core_40000_quantile_s the same with grouping "quantile"
    indices_core_40000_wls_s      the default with regression weights "participants"
"""

from __future__ import annotations

import argparse
import copy
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indices.stats import DEFAULT_METHODOLOGY, compute  # noqa: E402

LIMIT_S = 0.5


def region(n: int, seed: int = 2024) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    higher = rng.beta(2, 5, n)  # both parents with higher education
    single = rng.beta(2, 6, n)  # single-parent families
    register = rng.beta(1, 30, n)  # on a КДН/ПДН/school register
    rural = rng.random(n) < 0.35
    latent = 1.0 + 0.45 * (higher - 0.28) - 0.35 * (single - 0.25) - 1.5 * (register - 0.03)
    latent += np.where(rural, -0.03, 0.0) + rng.normal(0, 0.07, n)
    participants = np.where(rural[:, None], rng.poisson(9, (n, 2)), rng.poisson(60, (n, 2)))
    participants = np.maximum(participants, 1).astype(np.float64)
    # A school's mean score is its latent level plus the sampling noise of its students.
    sds = np.abs(rng.normal(4.5, 0.8, (n, 2)))
    scores = np.column_stack((15.5 * latent, 24.0 * latent)) + rng.normal(0, 1, (n, 2)) * sds / np.sqrt(participants)
    scores = np.clip(scores, 0.5, None).round(2)
    sds = sds.round(2)
    sds[rng.random((n, 2)) < 0.05] = np.nan
    factors = np.column_stack((higher, single, register))
    factors[rng.random((n, 3)) < 0.02] = np.nan
    missing_subject = rng.random(n) < 0.02
    scores[missing_subject, rng.integers(0, 2, int(missing_subject.sum()))] = np.nan
    history = rng.choice([0.0, 1.0, np.nan], size=(2, n), p=[0.6, 0.3, 0.1])
    return {"scores": scores, "participants": participants, "sds": sds, "factors": factors, "previous_low": history}


def timed(data: dict[str, np.ndarray], methodology: dict, repeat: int) -> float:
    compute(**data, methodology=methodology)  # warm-up: imports, caches, page faults
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        compute(**data, methodology=methodology)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schools", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    data = region(args.schools)
    n = args.schools

    default = copy.deepcopy(DEFAULT_METHODOLOGY)
    seconds = timed(data, default, args.repeat)
    print(f"indices_core_{n}_s {seconds:.4f}")
    print(f"indices_core_limit_ratio {seconds / LIMIT_S:.4f}")
    for label, section, value in (
        ("kmeans", "grouping", {"method": "kmeans", "groups": 11}),
        ("quantile", "grouping", {"method": "quantile", "groups": 11}),
        ("wls", "regression", {"weights": "participants"}),
    ):
        m = copy.deepcopy(DEFAULT_METHODOLOGY)
        m[section] = value
        print(f"indices_core_{n}_{label}_s {timed(data, m, args.repeat):.4f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"indices_core_peak_memory_mb {peak_mb:.0f} ratio_to_limit {peak_mb / 1024:.2f}")


if __name__ == "__main__":
    main()
