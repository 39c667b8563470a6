"""What the parts of the national-scale generator share: the sizes, the seed and the arrays of
the ladder, so every app draws its data for the same schools in the same order."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class ScaleSizes:
    schools: int
    municipalities: int
    regions: int
    years: int
    seed: int = 2026


@dataclass
class ScaleContext:
    sizes: ScaleSizes
    years: list[int]  # academic years by their ending year, oldest first
    region_ids: np.ndarray  # (r,)
    municipality_ids: np.ndarray  # (m,)
    municipality_region: np.ndarray  # (m,) index into region_ids
    school_ids: np.ndarray  # (n,)
    school_municipality: np.ndarray  # (n,) index into municipality_ids
    school_region: np.ndarray  # (n,) index into region_ids
    school_codes: list[str]
    school_types: list[str]  # School.Type values
    totals: np.ndarray  # (n, y) students
    shares: dict[str, np.ndarray]  # factor → (n, y) share of students, nan where unknown
    advantage: np.ndarray  # (n,) the latent social advantage the context was drawn from
    big_municipality: int  # index of the city with most schools (a token's whole API page)
    users: dict[str, int] = field(default_factory=dict)  # role name → user id made for the benches
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def rng(self, part: str) -> np.random.Generator:
        """A Generator of its own per part, so adding draws to one part never shifts another's."""
        return rng_for(self.sizes.seed, part)

    @contextmanager
    def timed(self, label: str):
        start = time.perf_counter()
        yield
        self.timings[label] = self.timings.get(label, 0.0) + time.perf_counter() - start


def rng_for(seed: int, part: str) -> np.random.Generator:
    key = int.from_bytes(hashlib.sha256(part.encode()).digest()[:8], "little")
    return np.random.default_rng([seed, key])


def split(total: int, weights: np.ndarray, minimum: int = 1) -> np.ndarray:
    """``total`` split into integer parts proportional to ``weights`` (largest remainder), each at
    least ``minimum``; the parts always sum to ``total``."""
    k = weights.size
    spare = total - minimum * k
    if spare < 0:
        raise ValueError(f"cannot split {total} into {k} parts of at least {minimum}")
    exact = weights / weights.sum() * spare
    parts = np.floor(exact).astype(np.int64)
    short = spare - int(parts.sum())
    if short:
        parts[np.argsort(-(exact - parts), kind="stable")[:short]] += 1
    return parts + minimum


Logger = Callable[[str], None]
