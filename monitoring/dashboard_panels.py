"""What monitoring itself contributes to the dashboards: targets met, collections pending, and a
school's values over time (Vega-Lite specs, reporting/charts.py)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from reporting.charts import line_chart
from reporting.dashboards import Column, Panel
from schools.years import current_academic_year

from . import evaluation
from .access import visible_collections
from .models import Collection, Indicator
from .selectors.home import NOT_SUBMITTED, collections_pending
from .selectors.values import target_evaluations, yearly_values

CHART_INDICATORS = ["share_gia_passed", "share_teachers_trained", "share_parents_satisfied", "students_on_register"]


def _target_counts(rows) -> list[tuple[str, str, int]]:
    counts = Counter(r.result.status for r in rows)
    return [(s.value, str(evaluation.STATUS_LABELS[s]), counts.get(s, 0)) for s in evaluation.Status]


def panels(*, level: str, obj, user) -> list[Panel]:
    if level == "municipality":
        rows = target_evaluations(user=user, municipality_ids=[obj.pk])
        collections = collections_pending(user=user, municipality_ids=[obj.pk])
        return [
            Panel(
                "targets",
                "Целевые показатели",
                "monitoring/dashboard/_targets.html",
                {"counts": _target_counts(rows), "total": len(rows)},
                order=30,
            ),
            Panel(
                "collections",
                "Сбор данных: кто ещё не сдал",
                "monitoring/dashboard/_collections.html",
                {"collections": collections},
                order=35,
            ),
        ]
    if level == "school":
        rows = target_evaluations(user=user, school_id=obj.pk)
        indicators = list(Indicator.objects.filter(code__in=CHART_INDICATORS))
        last = current_academic_year()
        years = list(range(last - 4, last + 1))
        values = yearly_values(indicators=indicators, years=years, school_ids=[obj.pk])
        charts = []
        for indicator in sorted(indicators, key=lambda i: CHART_INDICATORS.index(i.code)):
            series = values.get((indicator.pk, ("school", obj.pk)), {})
            spec = line_chart(
                {obj.short_name: [(y, series.get(y)) for y in years]},
                unit=indicator.get_unit_display(),
                title=indicator.name,
            )
            if spec:
                charts.append(spec)
        return [
            Panel(
                "school-targets",
                "Целевые показатели школы",
                "monitoring/dashboard/_school_targets.html",
                {"rows": rows},
                order=10,
                width="col-12",
            ),
            Panel(
                "school-values",
                "Показатели по годам",
                "monitoring/dashboard/_charts.html",
                {"charts": charts},
                order=20,
                width="col-12",
            ),
        ]
    return []


def region_columns(*, municipalities, user) -> list[Column]:
    ids = [m.pk for m in municipalities]
    met: Counter = Counter()
    total: Counter = Counter()
    for r in target_evaluations(user=user, municipality_ids=ids):
        municipality_id = r.target.municipality_id or r.target.school.municipality_id
        if r.result.status != evaluation.Status.NO_DATA:
            total[municipality_id] += 1
            met[municipality_id] += r.result.status == evaluation.Status.MET
    share = {m: (round(100 * met[m] / total[m]) if total[m] else None) for m in ids}
    waiting = dict(
        visible_collections(user)
        .filter(municipality_id__in=ids, status=Collection.Status.OPEN)
        .values_list("municipality_id")
        .annotate(n=Count("submissions", filter=NOT_SUBMITTED))
    )
    return [
        Column(
            "Целевых показателей выполнено, %",
            share,
            {
                m: "nodata"
                if share[m] is None
                else "done"
                if share[m] >= 80
                else "partly"
                if share[m] >= 50
                else "overdue"
                for m in ids
            },
            order=20,
        ),
        Column(
            "Не сдали данные (форм)",
            {m: waiting.get(m, 0) for m in ids},
            {m: "overdue" if waiting.get(m) else "done" for m in ids},
            order=21,
        ),
    ]
