"""Evaluation of monitoring data — pure functions over plain numbers (no database), so
every rule below is a table test. The selectors (selectors/values.py) load the numbers.

**Direction.** Every rule is written for "higher is better"; for a lower-is-better indicator all
values are multiplied by −1 first, so "better" always means "larger oriented value".

**Target status** for one year (``target_status``), with a the actual value, p the planned value
for that year and b the baseline, all oriented:

* ``no_data`` — no actual value for the year (or no planned value: nothing to judge against).
* ``met`` — a ≥ p: the plan is reached or exceeded (equality counts as met).
* otherwise the planned change is d = p − b:

  - no baseline: ``not_met`` — partial progress cannot be measured without a starting point;
  - d ≤ 0 — the plan only asks to keep the baseline level (p = b), or the baseline was already
    beyond the planned value (p < b, "already beyond target at baseline"): ``not_met``, because the
    value fell below a level that was already reached; there is no partial credit when no
    improvement was asked for;
  - d > 0: the achieved share of the planned change is (a − b) / d; ``partly`` when it is at
    least one half (PARTLY_SHARE), ``not_met`` below that, including when the value got worse
    than the baseline (a negative share).

**Dynamics** (``dynamics``): each year's value and its change from the previous year, with the
trend judged in the indicator's direction (better, worse, same, unknown when a value is missing).

**Maximum and stable improvement** (``improvement_ranking``; Dubna phase 3, Korolyov 2.6). Over the
last N years (N values, N − 1 year-on-year changes; N = 3 by default):

* *stable*: a school qualifies only if it has a value in each of the N years and every one of the
  N − 1 changes is strictly in the good direction (no year without improvement);
* *maximum*: qualifying schools are ranked by the sum of their standardised changes. A change is
  standardised by dividing it by the standard deviation (sample, n − 1) of that year's changes
  across **all** schools of the panel that have both values — not only the improving ones — so a
  year in which schools moved a lot weighs no more than a quiet one, and indicators in different
  units become comparable. Changes are not centred: a positive change stays positive.
* a year with fewer than two schools having both values, or in which all schools changed by the
  same amount (standard deviation 0), says nothing about who improved more; its standardised
  changes are 0 (the school still qualifies on the raw change);
* ties in the sum are broken by the smallest standardised change (steadier first), then by the
  school's key; schools with an equal sum and equal smallest change share a rank.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

# Only the translation machinery and plain formats (no database, no settings needed to import):
# labels are user-facing.
from django.utils.translation import gettext_lazy

from schools import badges
from schools.formats import parse_decimal

PARTLY_SHARE = Decimal("0.5")
DEFAULT_RANKING_VALUES = 3
HIGHER, LOWER = "higher", "lower"  # Indicator.Direction values


class Status(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NO_DATA = "no_data"

    # The same colours everywhere (docs/decisions.md): met green, partly amber, not met red, no
    # data grey; the label always goes with the colour.
    tones = badges.badge_tones(
        met=badges.DONE, partly=badges.IN_PROGRESS, not_met=badges.FAILED, no_data=badges.NEUTRAL
    )

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def colour(self) -> str:
        return self.tones[self.value].colour


STATUS_LABELS = {
    Status.MET: gettext_lazy("выполнен"),
    Status.PARTLY: gettext_lazy("выполнен частично"),
    Status.NOT_MET: gettext_lazy("не выполнен"),
    Status.NO_DATA: gettext_lazy("нет данных"),
}


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    UNKNOWN = "unknown"


Number = Decimal | int | float


def _sign(direction: str) -> int:
    if direction not in (HIGHER, LOWER):
        raise ValueError(f"unknown direction {direction!r}")
    return 1 if direction == HIGHER else -1


def _dec(value: Number | None) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


# --- Targets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetResult:
    status: Status
    year: int | None
    actual: Decimal | None
    planned: Decimal | None
    baseline: Decimal | None
    # Share of the planned change achieved (1 = all of it), in the good direction; None when the
    # change is not defined (no baseline, no data, or no improvement was planned).
    achieved: Decimal | None = None

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def colour(self) -> str:
        return self.status.colour


def target_status(
    *,
    actual: Number | None,
    planned: Number | None,
    baseline: Number | None,
    direction: str,
    year: int | None = None,
) -> TargetResult:
    """The status of a target in one year; see the module's docstring for every case."""
    sign = _sign(direction)
    actual, planned, baseline = _dec(actual), _dec(planned), _dec(baseline)

    def result(status: Status, achieved: Decimal | None = None) -> TargetResult:
        return TargetResult(status, year, actual, planned, baseline, achieved)

    if actual is None or planned is None:
        return result(Status.NO_DATA)
    a, p = sign * actual, sign * planned
    b = sign * baseline if baseline is not None else None
    change = p - b if b is not None else None
    achieved = (a - b) / change if change is not None and change > 0 else None
    if a >= p:
        return result(Status.MET, achieved)
    if achieved is None:
        return result(Status.NOT_MET)
    return result(Status.PARTLY if achieved >= PARTLY_SHARE else Status.NOT_MET, achieved)


def planned_by_year(planned: Mapping[str | int, object]) -> dict[int, Decimal]:
    """A target's ``planned`` JSON ({"2025": 60, …}) as year → Decimal; unreadable entries are
    skipped (the JSON is typed by people through the admin or an import)."""
    result: dict[int, Decimal] = {}
    for key, value in (planned or {}).items():
        try:
            year = int(str(key).strip())
        except ValueError:
            continue
        number = parse_decimal(value, invalid_as_none=True)
        if number is not None:
            result[year] = number
    return result


def evaluation_year(planned: Mapping[int, Decimal], *, year: int | None, last_due: int) -> int | None:
    """Which year a target is judged in: the requested year if it has a planned value, otherwise
    (no year requested) the latest planned year that is already due (≤ ``last_due``)."""
    if year is not None:
        return year if year in planned else None
    due = [y for y in planned if y <= last_due]
    return max(due) if due else None


# --- Dynamics ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DynamicsPoint:
    year: int
    value: Decimal | None
    change: Decimal | None  # from the previous year, as measured (not oriented)
    trend: Trend


def trend_of(change: Number | None, direction: str) -> Trend:
    if change is None:
        return Trend.UNKNOWN
    oriented = _sign(direction) * _dec(change)
    if oriented > 0:
        return Trend.BETTER
    if oriented < 0:
        return Trend.WORSE
    return Trend.SAME


def dynamics(series: Mapping[int, Number | None], *, years: Sequence[int], direction: str) -> list[DynamicsPoint]:
    """Each of ``years`` (ascending) with its value and the change from the year before."""
    points: list[DynamicsPoint] = []
    previous: Decimal | None = None
    for index, year in enumerate(years):
        value = _dec(series.get(year))
        change = value - previous if index and value is not None and previous is not None else None
        points.append(DynamicsPoint(year, value, change, trend_of(change, direction)))
        previous = value
    return points


def overall_trend(points: Sequence[DynamicsPoint], direction: str) -> Trend:
    """Better/worse over the whole span: the last known value against the first known one."""
    known = [p.value for p in points if p.value is not None]
    if len(known) < 2:
        return Trend.UNKNOWN
    return trend_of(known[-1] - known[0], direction)


# --- Maximum and stable improvement ------------------------------------------------------------


K = TypeVar("K", bound=Hashable)  # what a subject of a ranking is known by (a school id)


@dataclass(frozen=True)
class RankedSubject(Generic[K]):
    key: K
    rank: int
    score: float  # sum of standardised changes
    values: tuple[Decimal, ...]  # one per year, ascending
    changes: tuple[Decimal, ...]  # oriented: positive is better
    standardised: tuple[float, ...]


def _order_key(key: Hashable) -> tuple:
    return (0, key, "") if isinstance(key, int) else (1, 0, str(key))


def ranking_years(last_year: int, values: int = DEFAULT_RANKING_VALUES) -> list[int]:
    if values < 2:
        raise ValueError("at least two values are needed for one change")
    return list(range(last_year - values + 1, last_year + 1))


def improvement_ranking(
    panel: Mapping[K, Mapping[int, Number | None]],
    *,
    years: Sequence[int],
    direction: str,
) -> list[RankedSubject[K]]:
    """Subjects (schools) with an improvement in each step of ``years``, best first; see the
    module's docstring for the definition."""
    if len(years) < 2:
        raise ValueError("at least two years are needed for one change")
    sign = _sign(direction)
    steps = list(zip(years[:-1], years[1:], strict=True))
    oriented: dict[K, list[Decimal | None]] = {}
    for key, series in panel.items():
        row: list[Decimal | None] = []
        for before, after in steps:
            a, b = _dec(series.get(before)), _dec(series.get(after))
            row.append(sign * (b - a) if a is not None and b is not None else None)
        oriented[key] = row
    spreads: list[float] = []
    for index in range(len(steps)):
        changes = [float(row[index]) for row in oriented.values() if row[index] is not None]
        spread = statistics.stdev(changes) if len(changes) >= 2 else 0.0
        spreads.append(spread if math.isfinite(spread) and spread > 0 else 0.0)
    ranked: list[tuple[float, float, tuple, RankedSubject[K]]] = []
    for key, row in oriented.items():
        if any(change is None or change <= 0 for change in row):
            continue
        changes = tuple(c for c in row if c is not None)
        z = tuple(float(c) / s if s else 0.0 for c, s in zip(changes, spreads, strict=True))
        values = tuple(_dec(panel[key][y]) for y in years)
        item = RankedSubject(key, 0, sum(z), values, changes, z)  # type: ignore[arg-type]
        ranked.append((-item.score, -min(z), _order_key(key), item))
    ranked.sort(key=lambda entry: entry[:3])
    result: list[RankedSubject[K]] = []
    previous: tuple[float, float] | None = None
    rank = 0
    for position, (neg_score, neg_min, _key, item) in enumerate(ranked, start=1):
        # Rounded so that sums computed in a different order still tie.
        current = (round(neg_score, 9), round(neg_min, 9))
        if current != previous:
            rank = position
            previous = current
        result.append(RankedSubject(item.key, rank, item.score, item.values, item.changes, item.standardised))
    return result
