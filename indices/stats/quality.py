"""Steps 1 and 3 of docs/indices.md: the quality index and its significance.

Notation (one academic year, one population, E outcome subjects):

* mᵢₑ — the mean score of school i in subject e, nᵢₑ — its participants, sᵢₑ — the sd of its
  students' scores (may be unknown).
* A cell *counts* when mᵢₑ is known and nᵢₑ ≥ max(min_participants, 1).
* M̄ₑ = (1 / |Cₑ|) Σ_{i ∈ Cₑ} mᵢₑ, Cₑ the schools whose cell in e counts — the *unweighted* mean
  of school means (a small school weighs as much as a large one, as in the Sysert model).
* rᵢₑ = mᵢₑ / M̄ₑ.
* Qᵢ = (1/E) Σₑ rᵢₑ (``weights="none"``, the default in docs/indices.md), or
  Qᵢ = Σₑ nᵢₑ rᵢₑ / Σₑ nᵢₑ (``weights="participants"``, the alternative), defined
  only when every subject counts.
* SEᵢ = √(Σₑ sᵢₑ² / (nᵢₑ M̄ₑ²)) / E (default), or √(Σₑ nᵢₑ sᵢₑ² / M̄ₑ²) / Σₑ nᵢₑ (participant
  weights: the same variance propagation with weights nᵢₑ / Σₑ nᵢₑ). Both treat M̄ₑ as a
  known constant and the subjects as independent samples — the approximation the Sysert model
  uses; the standard error of M̄ₑ is of order 1/√(number of schools) smaller.
* The school is significantly below the average when Qᵢ + z_c · SEᵢ < 1,
  z_c = Φ⁻¹(1 − (1 − c)/2) (1.959964 for c = 0.95), i.e. the two-sided confidence interval
  lies wholly below 1. Unknown (nan) unless every subject has an sd: never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.special import ndtri

from ._arrays import BoolArray, FloatArray, ReadOnlyArrays, StrArray, as_float_2d, check_non_negative
from .errors import IndicesError

QualityWeights = Literal["none", "participants"]

#: Reason codes of ``QualityResult.missing_reason`` ("" = the school has an index).
REASON_OK = ""
REASON_NO_RESULTS = "no_results"  # a subject has no mean score or no participants
REASON_TOO_FEW = "too_few_participants"  # every subject present, one below min_participants
REASON_NO_SUBJECT_MEAN = "no_subject_mean"  # no school counts in a subject (or its mean is 0)
REASON_DTYPE = "<U20"


@dataclass(frozen=True)
class QualityResult(ReadOnlyArrays):
    """Per-school quality index with everything needed to explain it.

    Arrays are indexed like the input rows (n schools) and columns (E subjects).
    """

    index: FloatArray  # (n,) Qᵢ, nan without an index
    se: FloatArray  # (n,) SEᵢ, nan when the index or an sd is missing
    significantly_below: FloatArray  # (n,) 1.0 below, 0.0 not below, nan unknown
    subject_means: FloatArray  # (E,) M̄ₑ, nan when no school counts in e
    subject_counts: npt.NDArray[np.int64]  # (E,) |Cₑ|, schools that count in e
    ratios: FloatArray  # (n, E) rᵢₑ where the cell counts, nan elsewhere
    counted: BoolArray  # (n, E) whether the cell counts towards M̄ₑ and Qᵢ
    missing_reason: StrArray  # (n,) "" or one of the REASON_* codes
    z_critical: float  # z_c used for the flag
    confidence: float
    weights: str

    @property
    def significance_known(self) -> BoolArray:
        return ~np.isnan(self.significantly_below)


def critical_z(confidence: float) -> float:
    """Two-sided critical value z_c = Φ⁻¹(1 − (1 − c)/2)."""
    if not (0.0 < confidence < 1.0):
        raise IndicesError(f"Доверительная вероятность должна быть между 0 и 1, получено {confidence!r}.")
    return float(ndtri(1.0 - (1.0 - confidence) / 2.0))


def quality_index(
    scores: npt.ArrayLike,
    participants: npt.ArrayLike,
    sds: npt.ArrayLike | None = None,
    *,
    min_participants: int,
    confidence: float = 0.95,
    weights: QualityWeights = "none",
) -> QualityResult:
    """Quality index Qᵢ, its standard error and the "significantly below 1" flag.

    ``scores``, ``participants``, ``sds``: (n, E) with nan for unknown (``sds=None`` — all unknown).
    See the module docstring for the formulas.
    """
    m = as_float_2d(scores, "scores")
    n, n_subjects = m.shape
    p = as_float_2d(participants, "participants", n=n)
    s = np.full(m.shape, np.nan) if sds is None else as_float_2d(sds, "sds", n=n)
    if p.shape != m.shape or s.shape != m.shape:
        raise IndicesError(
            f"Формы массивов результатов не совпадают: баллы {m.shape}, участники {p.shape}, "
            f"стандартные отклонения {s.shape}."
        )
    if n_subjects == 0:
        raise IndicesError("Индекс качества требует хотя бы один предмет.")
    for arr, name in ((m, "scores"), (p, "participants"), (s, "sds")):
        check_non_negative(arr, name)
    if isinstance(min_participants, bool) or int(min_participants) != min_participants or min_participants < 0:
        raise IndicesError(f"min_participants должно быть целым ≥ 0, получено {min_participants!r}.")
    if weights not in ("none", "participants"):
        raise IndicesError(f"Веса индекса качества: «none» или «participants», получено {weights!r}.")
    z_c = critical_z(confidence)

    # A cell without participants carries no information even when a score is filled in.
    present = np.isfinite(m) & np.isfinite(p) & (p >= 1)
    counted = present & (p >= max(int(min_participants), 1))

    # Column means over the counting cells, summed in sorted order (see _arrays): nan sorts last,
    # and nansum treats it as 0, so each column sums exactly its counting cells.
    subject_counts = counted.sum(axis=0).astype(np.int64)
    col = np.sort(np.where(counted, m, np.nan), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        subject_means = np.nansum(col, axis=0) / subject_counts
    subject_means[subject_counts == 0] = np.nan
    # A mean of 0 (everybody scored 0) makes every ratio undefined.
    mean_ok = np.isfinite(subject_means) & (subject_means > 0)

    has_index = counted.all(axis=1) & bool(mean_ok.all())
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = np.where(counted & mean_ok, m / subject_means, np.nan)
        sd_ok = np.isfinite(s).all(axis=1)
        known = has_index & sd_ok
        if weights == "none":
            index = ratios.sum(axis=1) / n_subjects
            var = (s**2 / (p * subject_means**2)).sum(axis=1)
            se = np.sqrt(var) / n_subjects
        else:
            total = p.sum(axis=1)
            index = (p * ratios).sum(axis=1) / total
            se = np.sqrt((p * s**2 / subject_means**2).sum(axis=1)) / total
    index = np.where(has_index, index, np.nan)
    se = np.where(known, se, np.nan)
    below = np.where(known, (index + z_c * se < 1.0).astype(np.float64), np.nan)

    reason = np.full(n, REASON_OK, dtype=REASON_DTYPE)
    # Most fundamental problem first: a missing subject, then too few participants, then the mean.
    if not mean_ok.all():
        reason[:] = REASON_NO_SUBJECT_MEAN
    reason[~counted.all(axis=1)] = REASON_TOO_FEW
    reason[~present.all(axis=1)] = REASON_NO_RESULTS

    return QualityResult(
        index=index,
        se=se,
        significantly_below=below,
        subject_means=subject_means,
        subject_counts=subject_counts,
        ratios=ratios,
        counted=counted,
        missing_reason=reason,
        z_critical=z_c,
        confidence=float(confidence),
        weights=weights,
    )
