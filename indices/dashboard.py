"""What indices contribute to the dashboards: the schools by support category (latest run)."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count
from django.utils.text import capfirst

from reporting.charts import bar_chart
from reporting.dashboards import Column, Panel

from .access import visible_runs
from .charts import POINT
from .models import Run, SchoolResult

LABELS = dict(SchoolResult.Category.choices)
ORDER = ["low_on_both", "not_coping", "resilient", "stable", "no_data"]


def _latest_regional_run(user, region_id: int) -> Run | None:
    return (
        visible_runs(user)
        .filter(status=Run.Status.DONE, region_id=region_id, municipality__isnull=True)
        .order_by("-year", "-finished_at")
        .first()
    )


def panels(*, level: str, obj, user) -> list[Panel]:
    if level != "municipality":
        return []
    run = _latest_regional_run(user, obj.region_id)
    counts: Counter = Counter()
    if run is not None:
        counts.update(
            dict(
                SchoolResult.objects.filter(run=run, school__municipality=obj)
                .values_list("category")
                .annotate(n=Count("pk"))
                .values_list("category", "n")
            )
        )
    return [
        Panel(
            "categories",
            "Школы по категориям поддержки",
            "indices/dashboard/_categories.html",
            {
                "run": run,
                "rows": [(key, LABELS[key], counts.get(key, 0)) for key in ORDER],
                "chart": bar_chart(
                    [(capfirst(str(LABELS[key])), counts.get(key, 0)) for key in ORDER],
                    title="",
                    value_title="Школ",
                    colours=[POINT[key] for key in ORDER],
                )
                if run is not None and counts
                else None,
            },
            order=40,
        )
    ]


def region_columns(*, municipalities, user) -> list[Column]:
    ids = [m.pk for m in municipalities]
    region_ids = {m.region_id for m in municipalities}
    counts: dict[int, Counter] = defaultdict(Counter)
    for region_id in region_ids:
        run = _latest_regional_run(user, region_id)
        if run is None:
            continue
        for municipality_id, category, n in (
            SchoolResult.objects.filter(run=run, school__municipality_id__in=ids)
            .values_list("school__municipality_id", "category")
            .annotate(n=Count("pk"))
        ):
            counts[municipality_id][category] = n
    return [
        Column(LABELS[key].capitalize(), {m: counts[m].get(key, 0) for m in ids}, order=40 + i)
        for i, key in enumerate(ORDER[:4])
    ]
