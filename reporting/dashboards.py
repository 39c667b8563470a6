"""Dashboards (municipality, school, region) assembled from panels that each app contributes.

reporting sits below monitoring, indices and programs, so every app adds what it knows through two
extension points (schools/extensions.py), registered in its AppConfig.ready():

- ``DASHBOARD_PANELS``: ``(*, level, obj, user) -> list[Panel]`` for the municipality and school pages;
- ``DASHBOARD_REGION_COLUMNS``: ``(*, municipalities, user) -> list[Column]`` for the region's table.

Every contribution must issue a fixed number of queries whatever the number of schools."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schools import extensions

from .charts import Spec, grouped_bars


@dataclass
class Panel:
    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50
    width: str = "col-lg-6"


@dataclass
class Column:
    label: str
    values: dict[int, Any]  # municipality id → value shown in the cell
    status: dict[int, str] = field(default_factory=dict)  # municipality id → done/partly/overdue/nodata
    order: int = 50


def dashboard_panels(*, level: str, obj, user) -> list[extensions.DashboardPanel]:
    panels: list[extensions.DashboardPanel] = []
    for contribute in extensions.dashboard_panel_providers():
        panels.extend(contribute(level=level, obj=obj, user=user))
    return sorted(panels, key=lambda p: (p.order, p.key))


def dashboard_region_columns(*, municipalities, user) -> list[extensions.DashboardColumn]:
    columns: list[extensions.DashboardColumn] = []
    for contribute in extensions.dashboard_region_column_providers():
        columns.extend(contribute(municipalities=municipalities, user=user))
    return sorted(columns, key=lambda c: c.order)


def region_chart(*, municipalities, columns: list[extensions.DashboardColumn]) -> Spec | None:
    """The region's municipalities side by side: every column that is a percentage («…, %») as a
    bar per municipality, 0–100. None when no such column has a value."""
    percent = [c for c in columns if c.label.rstrip().endswith("%")]
    rows = [(m.name, c.label, c.values.get(m.pk)) for m in municipalities for c in percent]
    spec = grouped_bars(
        rows,
        title="Муниципалитеты рядом: выполнение, %",
        value_title="%",
        series_order=[c.label for c in percent],
    )
    if spec is not None:
        spec["encoding"]["x"]["scale"] = {"domain": [0, 100]}
    return spec
