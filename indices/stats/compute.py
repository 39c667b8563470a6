"""The orchestrator: one academic year, one population, one methodology → every per-school result.

The Django layer gathers the arrays (rows = schools in any order, columns = the methodology's
subjects and factors in the methodology's order), calls :func:`compute`, and stores
``IndexRun.fingerprint`` and ``IndexRun.methodology`` with the run. Deterministic: the same
inputs give byte-identical outputs, and permuting the schools permutes every per-school array
(all reductions are order-independent, see ``_arrays``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ._arrays import BoolArray, FloatArray, ReadOnlyArrays, StrArray, as_float_2d
from .categories import categories, low_results, stably_low, unfavourable
from .errors import IndicesError, MethodologyError
from .fingerprint import fingerprint
from .grouping import Grouping, group
from .methodology import normalize_methodology
from .quality import QualityResult, quality_index
from .regression import Regression, wellbeing_regression

#: ``IndexRun.wellbeing_reason`` codes ("" = the school has an ИСБШ).
WELLBEING_REASON_NO_FACTORS = "no_factors"  # a factor of the methodology is unknown

#: Column order of the export (docs/indices.md, «Results out», without school_code, year, pilot).
EXPORT_COLUMNS = (
    "quality_index",
    "quality_group",
    "quality_se",
    "significantly_below",
    "wellbeing_index",
    "wellbeing_group",
    "residual",
    "category",
    "stably_low",
)


@dataclass(frozen=True)
class IndexRun(ReadOnlyArrays):
    """Everything one computation produces. Per-school arrays have the input's row order."""

    methodology: dict[str, Any]  # the normalised copy that was used (freeze it with the run)
    fingerprint: str  # sha256 of the inputs and the methodology
    quality: QualityResult
    quality_grouping: Grouping
    regression: Regression
    wellbeing_grouping: Grouping
    category: StrArray  # (n,) low_on_both | resilient | not_coping | stable | no_data
    low_results: BoolArray  # (n,) ШНОР: quality group ≤ low_quality_max_group
    unfavourable: BoolArray  # (n,) ШНСУ: wellbeing group ≤ unfavourable_max_wellbeing_group
    stably_low: BoolArray  # (n,) low in ≥ min_low_years of the last `years` years
    wellbeing_reason: StrArray  # (n,) "" or "no_factors"

    @property
    def n(self) -> int:
        return int(self.category.size)

    def columns(self) -> dict[str, np.ndarray]:
        """Per-school export columns. Missing values: nan for floats, 0 for groups.

        ``significantly_below`` is 1.0 / 0.0 / nan (unknown).
        """
        return {
            "quality_index": self.quality.index,
            "quality_group": self.quality_grouping.groups,
            "quality_se": self.quality.se,
            "significantly_below": self.quality.significantly_below,
            "wellbeing_index": self.regression.fitted,
            "wellbeing_group": self.wellbeing_grouping.groups,
            "residual": self.regression.residual,
            "category": self.category,
            "stably_low": self.stably_low,
        }


def compute(
    *,
    scores: npt.ArrayLike,
    participants: npt.ArrayLike,
    sds: npt.ArrayLike | None,
    factors: npt.ArrayLike,
    methodology: dict[str, Any],
    previous_low: npt.ArrayLike | None = None,
) -> IndexRun:
    """Run steps 1–8 of docs/indices.md.

    ``scores``, ``participants``, ``sds``: (n, E), columns = ``outcome.subjects``; nan unknown.
    ``factors``: (n, k) shares (count / total), columns = ``factors``; nan unknown.
    ``previous_low``: (y, n) low-results flags of earlier computed years, oldest first
    (1/0, nan = no result that year); the last ``stability.years − 1`` rows are used with the
    current year. Raises :class:`~indices.stats.errors.MethodologyError`,
    :class:`~indices.stats.errors.TooFewSchools`, :class:`~indices.stats.errors.SingularFactors`
    (an incomplete run is never returned as if it were complete).
    """
    m = normalize_methodology(methodology)
    outcome, grouping, thresholds = m["outcome"], m["grouping"], m["thresholds"]

    score_arr = as_float_2d(scores, "scores")
    n = score_arr.shape[0]
    part_arr = as_float_2d(participants, "participants", n=n)
    sd_arr = np.full(score_arr.shape, np.nan) if sds is None else as_float_2d(sds, "sds", n=n)
    factor_arr = as_float_2d(factors, "factors", n=n)
    if score_arr.shape[1] != len(outcome["subjects"]):
        raise MethodologyError(
            f"В методике {len(outcome['subjects'])} предмет(а), а столбцов результатов {score_arr.shape[1]}."
        )
    if factor_arr.shape[1] != len(m["factors"]):
        raise MethodologyError(f"В методике {len(m['factors'])} фактор(а), а столбцов факторов {factor_arr.shape[1]}.")
    history = _history(previous_low, n)
    fp = fingerprint(score_arr, part_arr, sd_arr, factor_arr, history, m)

    # Steps 1 and 3.
    quality = quality_index(
        score_arr,
        part_arr,
        sd_arr,
        min_participants=outcome["min_participants"],
        confidence=m["significance"]["confidence"],
        weights=outcome["weights"],
    )
    # Step 2.
    group_kwargs = {
        "method": grouping["method"],
        "groups": grouping["groups"],
        "cutoffs": grouping.get("cutoffs"),
    }
    quality_grouping = group(quality.index, **group_kwargs)

    # Step 4. WLS weight = the school's participants over the outcome subjects (for a school in
    # the fit every subject counts; sum and mean over subjects give identical estimates).
    weights = None
    if m["regression"]["weights"] == "participants":
        weights = np.where(quality.counted, part_arr, 0.0).sum(axis=1)
    regression = wellbeing_regression(quality.index, factor_arr, weights=weights, factor_names=m["factors"])
    # Step 5: standardised and grouped on the fitted schools; schools with factors but no
    # results are placed on the same scale.
    wellbeing_grouping = group(regression.fitted, reference=regression.used, **group_kwargs)

    # Steps 6–8.
    low = low_results(quality_grouping.groups, low_quality_max_group=thresholds["low_quality_max_group"])
    unfav = unfavourable(
        wellbeing_grouping.groups,
        unfavourable_max_wellbeing_group=thresholds["unfavourable_max_wellbeing_group"],
    )
    category = categories(
        quality_grouping.groups,
        wellbeing_grouping.groups,
        low_quality_max_group=thresholds["low_quality_max_group"],
        unfavourable_max_wellbeing_group=thresholds["unfavourable_max_wellbeing_group"],
    )
    current = np.where(quality_grouping.groups > 0, low.astype(np.float64), np.nan)
    years = m["stability"]["years"]
    window = np.vstack((history[max(0, history.shape[0] - (years - 1)) :][: years - 1], current))
    stable = stably_low(window, min_low_years=m["stability"]["min_low_years"])

    wellbeing_reason = np.where(regression.has_factors, "", WELLBEING_REASON_NO_FACTORS).astype("<U10")
    return IndexRun(
        methodology=m,
        fingerprint=fp,
        quality=quality,
        quality_grouping=quality_grouping,
        regression=regression,
        wellbeing_grouping=wellbeing_grouping,
        category=category,
        low_results=low,
        unfavourable=unfav,
        stably_low=stable,
        wellbeing_reason=wellbeing_reason,
    )


def _history(previous_low: npt.ArrayLike | None, n: int) -> FloatArray:
    if previous_low is None:
        return np.zeros((0, n))
    arr = np.array(previous_low, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != n:
        raise IndicesError(f"«previous_low»: ожидается массив (годы × {n} школ), получена форма {arr.shape}.")
    return arr
