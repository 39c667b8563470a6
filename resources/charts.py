"""The resources' charts (reporting/charts.py specs): money planned vs spent, events per quarter,
trained share against target."""

from __future__ import annotations

from collections.abc import Sequence

from reporting.charts import grouped_bars

from .selectors.funding import Funding
from .selectors.training import TrainedShare


def funding_spec(funding: Funding):
    rows = []
    for (year, source), sums in sorted(funding.by_year_source.items()):
        label = f"{year}, {dict(funding.sources)[source]}"
        rows.append((label, "план", sums.planned))
        rows.append((label, "исполнено", sums.actual))
    if not rows:
        return None
    return grouped_bars(
        rows,
        title="Средства: план и исполнение по годам и источникам",
        value_title="руб.",
        series_order=["план", "исполнено"],
    )


def events_spec(rows: Sequence[tuple[str, str, int]], *, year: int):
    if not any(n for _q, _s, n in rows):
        return None
    return grouped_bars(
        rows,
        title=f"Методические мероприятия {year} года: запланировано и проведено по кварталам",
        value_title="мероприятий",
        counts=True,
        series_order=["запланировано", "проведено"],
    )


def trained_spec(shares: Sequence[tuple[str, TrainedShare]]):
    rows = []
    for name, share in shares:
        if share.percent is None:
            continue
        rows.append((name, "обучено, %", share.percent))
        if share.target is not None:
            rows.append((name, "цель, %", share.target))
    if not rows:
        return None
    return grouped_bars(
        rows,
        title="Доля педагогов, прошедших обучение, и цель школы",
        value_title="%",
        series_order=["обучено, %", "цель, %"],
    )
