"""Shared helpers of the indices core tests: synthetic regions and hypothesis settings."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from hypothesis import HealthCheck, settings

from indices.stats import DEFAULT_METHODOLOGY

# No example database: the suite runs with -p no:cacheprovider and must not write .hypothesis/.
HYPOTHESIS = settings(
    database=None,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def methodology(**overrides: Any) -> dict[str, Any]:
    """The default methodology with whole sections replaced, e.g. grouping={"method": "kmeans"}."""
    m = copy.deepcopy(DEFAULT_METHODOLOGY)
    for key, value in overrides.items():
        m[key] = value
    return m


def synthetic_region(n: int, seed: int, *, missing: float = 0.03) -> dict[str, np.ndarray]:
    """n schools whose ОГЭ results depend on their social context, as in the Sysert data.

    Shares: parents with higher education (favourable), single-parent families and registered
    students (unfavourable). A school's latent quality is linear in those shares plus noise;
    mean scores of math (primary points, 0–31) and Russian (0–33) follow it. Some schools are
    small (few participants), some lack an sd, some lack a factor or a subject.
    """
    rng = np.random.default_rng(seed)
    higher = rng.beta(2, 5, n)
    single = rng.beta(2, 6, n)
    register = rng.beta(1, 30, n)
    latent = 1.0 + 0.45 * (higher - 0.28) - 0.35 * (single - 0.25) - 1.5 * (register - 0.03)
    latent += rng.normal(0, 0.07, n)
    scores = np.column_stack((15.5 * latent, 24.0 * latent)) + rng.normal(0, 0.4, (n, 2))
    scores = np.clip(scores, 0.5, None).round(2)
    participants = rng.poisson(35, (n, 2)).astype(np.float64)
    small = rng.random(n) < 0.05
    participants[small] = rng.integers(1, 6, (int(small.sum()), 2))
    participants = np.maximum(participants, 1)
    sds = np.abs(rng.normal(4.5, 0.8, (n, 2))).round(2)
    sds[rng.random((n, 2)) < 0.05] = np.nan
    factors = np.column_stack((higher, single, register))
    factors[rng.random((n, 3)) < missing] = np.nan
    no_subject = rng.random(n) < missing
    scores[no_subject, rng.integers(0, 2, int(no_subject.sum()))] = np.nan
    return {"scores": scores, "participants": participants, "sds": sds, "factors": factors}
