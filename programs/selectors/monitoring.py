"""Program × monitoring: the targets with their status, and whether measures move their indicators."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from monitoring import evaluation
from monitoring.selectors.values import target_evaluations, yearly_values

from ..models import Program
from .programs import TaskGroup

if TYPE_CHECKING:
    from schools.access import AnyUser


def program_targets(*, program: Program, user: AnyUser) -> list:
    return target_evaluations(user=user, target_set_ids=[program.target_set_id])


@dataclass
class IndicatorMovement:
    indicator: object
    first: Decimal | None
    last: Decimal | None
    trend: str


@dataclass
class MeasureMovement:
    measure: object
    percent: int
    status: str
    indicators: list[IndicatorMovement]

    @property
    def done_but_no_change(self) -> bool:
        """The committee's question: done, yet its indicators did not improve."""
        return (
            self.status == "done"
            and bool(self.indicators)
            and all(i.trend != evaluation.Trend.BETTER for i in self.indicators)
        )


def measures_move_indicators(*, program: Program, groups: list[TaskGroup]) -> list[tuple[str, list[MeasureMovement]]]:
    """Per task: each measure's completion beside the movement of its indicators over the
    program's years, averaged over the participating schools (one query for all values)."""
    rows = [(g, r) for g in groups for r in g.rows if r.measure.indicators.all()]
    if not rows:
        return []
    indicators = {i.pk: i for _g, r in rows for i in r.measure.indicators.all()}
    school_ids = [p.school_id for p in program.participants.all()]
    years = list(range(program.period_start.year - 1, program.period_end.year + 1))
    values = yearly_values(
        indicators=indicators.values(), years=years, school_ids=school_ids, municipality_ids=[program.municipality_id]
    )
    movement: dict[int, IndicatorMovement] = {}
    for pk, indicator in indicators.items():
        by_year: dict[int, list[Decimal]] = {}
        for (indicator_id, _subject), series in values.items():
            if indicator_id == pk:
                for year, value in series.items():
                    by_year.setdefault(year, []).append(value)
        means = {y: sum(v, Decimal(0)) / len(v) for y, v in by_year.items() if v}
        known = sorted(means)
        first = means[known[0]] if known else None
        last = means[known[-1]] if len(known) > 1 else None
        change = (last - first) if first is not None and last is not None else None
        movement[pk] = IndicatorMovement(indicator, first, last, evaluation.trend_of(change, indicator.direction))
    out: dict[str, list[MeasureMovement]] = {}
    for group, row in rows:
        percent = round(100 * row.closed / row.targets) if row.targets else 0
        out.setdefault(group.title, []).append(
            MeasureMovement(row.measure, percent, row.status, [movement[i.pk] for i in row.measure.indicators.all()])
        )
    return list(out.items())
