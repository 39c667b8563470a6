"""The risk-of-low-results rule (docs/indices.md, «Риск низких результатов»): arrays in, arrays out.

Input: one row per assessment result — school, academic year, assessment (procedure, grade,
subject, as any hashable code), participants and the share of participants below the minimum
threshold (nan when unknown). Parameters: the share threshold, the minimum number of low
assessments in one year, the number of consecutive years and the minimum participants.

Definitions:

* a row *qualifies* (is an **assessment**) when it has at least ``min_participants`` participants
  and a known share;
* a qualifying row is **low** when its share ≥ ``share_threshold`` (exactly the threshold is low);
* a school is in the **risk group** in year Y when it has at least ``min_low_assessments`` low
  assessments in Y (reason ``same_year``), or one and the same assessment is low in each of the
  ``consecutive_years`` academic years ending with Y — Y−1 is the academic year before Y, so a
  gap year breaks the chain (``consecutive``); both → ``both``; otherwise not in the group (reason
  None). A school without any assessment in Y has an unknown risk (``no_data``).

Everything is vectorised: sorting, ``searchsorted`` and ``bincount`` over the rows
and a loop over the ``consecutive_years − 1`` earlier years, never over schools.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from ._arrays import BoolArray, IntArray, as_float_1d
from .errors import IndicesError, RiskRuleError

SAME_YEAR = "same_year"
CONSECUTIVE = "consecutive"
BOTH = "both"
NO_DATA = "no_data"
#: Every value ``reason`` takes (None: the school has assessments and is not in the group).
REASONS = (SAME_YEAR, CONSECUTIVE, BOTH, NO_DATA, None)

#: A share equal to the threshold is low; stored shares have two decimals, so a tolerance far
#: below 0.01 only absorbs the binary representation of the numbers.
SHARE_TOLERANCE = 1e-9

MAX_LOW_ASSESSMENTS = 100
MAX_CONSECUTIVE_YEARS = 10
MAX_PARTICIPANTS = 10_000


@dataclass(frozen=True)
class RiskParameters:
    """The rule's parameters; the defaults are the federal practice's."""

    share_threshold: float = 30.0
    min_low_assessments: int = 2
    consecutive_years: int = 2
    min_participants: int = 5


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def validate_parameters(parameters: RiskParameters) -> RiskParameters:
    """The parameters with the threshold as a float, or :class:`RiskRuleError` listing every
    nonsense value in Russian."""
    problems: list[tuple[str, str]] = []
    threshold = parameters.share_threshold
    number = None
    if isinstance(threshold, numbers.Real | Decimal) and not isinstance(threshold, bool):
        number = float(threshold)
    if number is None or not np.isfinite(number) or not 0 < number <= 100:
        problems.append(
            (
                "share_threshold",
                "Порог доли не преодолевших минимальный порог должен быть числом больше 0 и не больше 100 %.",
            )
        )
    if not _is_int(parameters.min_low_assessments) or not 1 <= parameters.min_low_assessments <= MAX_LOW_ASSESSMENTS:
        problems.append(
            (
                "min_low_assessments",
                f"Число низких оценочных процедур в одном году должно быть целым числом от 1 до {MAX_LOW_ASSESSMENTS}.",
            )
        )
    if not _is_int(parameters.consecutive_years) or not 2 <= parameters.consecutive_years <= MAX_CONSECUTIVE_YEARS:
        problems.append(
            (
                "consecutive_years",
                "Число лет подряд для одной оценочной процедуры должно быть целым числом "
                f"от 2 до {MAX_CONSECUTIVE_YEARS}.",
            )
        )
    if not _is_int(parameters.min_participants) or not 1 <= parameters.min_participants <= MAX_PARTICIPANTS:
        problems.append(
            (
                "min_participants",
                "Наименьшее число участников оценочной процедуры должно быть целым числом от 1 до 10\u00a0000.",
            )
        )
    if problems:
        raise RiskRuleError(problems)
    return RiskParameters(
        share_threshold=float(threshold),
        min_low_assessments=int(parameters.min_low_assessments),
        consecutive_years=int(parameters.consecutive_years),
        min_participants=int(parameters.min_participants),
    )


@dataclass(frozen=True)
class RiskResult:
    """One entry per (school, year) of the population × the years asked for, schools ascending,
    years ascending within a school; and, per input row, what the rule made of it."""

    school: IntArray
    year: IntArray
    #: qualifying assessments of the school in the year
    assessments: IntArray
    low_assessments: IntArray
    #: low assessments that are low in each of the consecutive years ending with the year
    consecutive_assessments: IntArray
    #: True / False / None (no assessment: unknown)
    risk_group: npt.NDArray[np.object_]
    #: ``same_year`` / ``consecutive`` / ``both`` / ``no_data`` / None
    reason: npt.NDArray[np.object_]
    row_qualifies: BoolArray
    row_low: BoolArray
    #: the row is low and so is the same assessment in each earlier year of the chain
    row_consecutive: BoolArray
    #: the entry of each input row (−1: the row's school or year is outside what was asked for)
    row_entry: IntArray
    parameters: RiskParameters

    def records(self) -> list[dict[str, Any]]:
        return [
            {
                "school": int(s),
                "year": int(y),
                "assessments": int(a),
                "low_assessments": int(low),
                "risk_group": r,
                "reason": why,
            }
            for s, y, a, low, r, why in zip(
                self.school,
                self.year,
                self.assessments,
                self.low_assessments,
                self.risk_group,
                self.reason,
                strict=True,
            )
        ]


def _int_1d(values: npt.ArrayLike, name: str, n: int | None = None) -> IntArray:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise IndicesError(f"«{name}»: ожидается одномерный массив, получена форма {arr.shape}.")
    if arr.size and arr.dtype.kind not in "iu":
        if arr.dtype.kind != "f" or not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise IndicesError(f"«{name}»: ожидаются целые числа.")
    arr = arr.astype(np.int64)
    if n is not None and arr.size != n:
        raise IndicesError(f"«{name}»: {arr.size} значений, а строк {n}.")
    return arr


def _codes(values: npt.ArrayLike, n: int) -> IntArray:
    """Any assessment keys (integers, strings) → 0..A−1."""
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size != n:
        raise IndicesError(f"«assessment»: ожидается одномерный массив длины {n}.")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if arr.dtype.kind in "iu":
        return np.searchsorted(_distinct(arr), arr).astype(np.int64)
    _, inverse = np.unique(arr, return_inverse=True)
    return inverse.astype(np.int64)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (np.unique without its hashing path, slower on large arrays)."""
    ordered = np.sort(values)
    if ordered.size:
        ordered = ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
    return ordered


def _member(sorted_values: IntArray, values: IntArray) -> tuple[IntArray, BoolArray]:
    """Position of each value in ``sorted_values`` and whether it is there."""
    pos = np.searchsorted(sorted_values, values)
    clipped = np.minimum(pos, max(sorted_values.size - 1, 0))
    found = (pos < sorted_values.size) & (sorted_values[clipped] == values) if sorted_values.size else pos < 0
    return clipped, found


def risk_groups(
    *,
    school: npt.ArrayLike,
    year: npt.ArrayLike,
    assessment: npt.ArrayLike,
    participants: npt.ArrayLike,
    share: npt.ArrayLike,
    years: npt.ArrayLike,
    schools: npt.ArrayLike | None = None,
    parameters: RiskParameters | None = None,
) -> RiskResult:
    """The risk group of every school of ``schools`` (default: the schools of the rows) in every
    year of ``years``. Rows of earlier years serve the consecutive look-back only; a school of the
    population without a qualifying row in a year is ``no_data`` there."""
    p = validate_parameters(parameters or RiskParameters())
    k = p.consecutive_years
    school_ = _int_1d(school, "school")
    n = school_.size
    year_ = _int_1d(year, "year", n)
    codes = _codes(assessment, n)
    participants_ = as_float_1d(participants, "participants")
    share_ = as_float_1d(share, "share")
    if participants_.size != n or share_.size != n:
        raise IndicesError(f"«participants» и «share» должны иметь по {n} значений, как строки.")
    if not np.all(np.isfinite(participants_)) or (participants_ < 0).any():
        raise IndicesError("«participants»: число участников должно быть известным неотрицательным числом.")
    known = ~np.isnan(share_)
    if (np.isinf(share_) | (known & ((share_ < 0) | (share_ > 100)))).any():
        raise IndicesError("«share»: доля не преодолевших минимальный порог должна быть от 0 до 100 % или пусто.")
    target_years = _distinct(_int_1d(years, "years"))
    population = _distinct(school_ if schools is None else _int_1d(schools, "schools"))

    # One integer per (school, assessment, year); the year axis has k spare slots below the
    # earliest year so that "the same assessment j years earlier" is simply code − j.
    school_index = np.searchsorted(_distinct(school_), school_)
    first_year = int(year_.min()) - k if n else 0
    span = (int(year_.max()) - first_year + 1) if n else 1
    assessments_count = int(codes.max()) + 1 if n else 1
    triple = (school_index.astype(np.int64) * assessments_count + codes) * span + (year_ - first_year)
    if _distinct(triple).size != n:
        raise IndicesError(
            "Результат школы по одной оценочной процедуре (процедура, класс, предмет) за один учебный год "
            "встречается дважды."
        )

    qualifies = (participants_ >= p.min_participants) & known
    low = qualifies & (np.where(known, share_, -np.inf) >= p.share_threshold - SHARE_TOLERANCE)
    low_triples = np.sort(triple[low])
    chain = low.copy()
    for back in range(1, k):  # over the earlier years of the chain, not over schools
        chain &= _member(low_triples, triple - back)[1]

    pop_pos, in_population = _member(population, school_)
    year_pos, in_years = _member(target_years, year_)
    entries = population.size * target_years.size
    row_entry = np.where(in_population & in_years, pop_pos * target_years.size + year_pos, -1)
    inside = row_entry >= 0

    def count(mask: BoolArray) -> IntArray:
        return np.bincount(row_entry[inside & mask], minlength=entries).astype(np.int64)

    assessments = count(qualifies)
    low_count = count(low)
    chain_count = count(chain)
    same = low_count >= p.min_low_assessments
    consecutive = chain_count > 0
    has_data = assessments > 0
    reason = np.full(entries, None, dtype=object)
    reason[same & ~consecutive] = SAME_YEAR
    reason[consecutive & ~same] = CONSECUTIVE
    reason[same & consecutive] = BOTH
    reason[~has_data] = NO_DATA
    risk = np.full(entries, None, dtype=object)
    known_entries = np.flatnonzero(has_data)
    # Python booleans, not numpy's: the records are compared and written as they are.
    risk[known_entries] = np.array((same | consecutive)[known_entries].tolist(), dtype=object)
    return RiskResult(
        school=np.repeat(population, target_years.size),
        year=np.tile(target_years, population.size),
        assessments=assessments,
        low_assessments=low_count,
        consecutive_assessments=chain_count,
        risk_group=risk,
        reason=reason,
        row_qualifies=qualifies,
        row_low=low,
        row_consecutive=chain,
        row_entry=row_entry.astype(np.int64),
        parameters=p,
    )
