"""The resources' panels of the municipality and school dashboards (schools.extensions
DASHBOARD_PANELS): trained share per school against its target, events held vs planned per quarter,
money planned vs spent per year and source. A fixed number of queries whatever the schools."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from programs.access import visible_programs
from programs.models import Program
from reporting.charts import grouped_bars
from reporting.dashboards import Panel
from schools.access import visible_schools

from .charts import events_spec, trained_spec
from .models import FundingLine, Source
from .selectors.events import events_by_quarter
from .selectors.training import trained_shares


def _money_spec(program_ids: list[int]):
    sums: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for year, source, planned, actual in FundingLine.objects.filter(program_id__in=program_ids).values_list(
        "year", "source", "planned", "actual"
    ):
        sums[(year, source)][0] += planned
        sums[(year, source)][1] += actual or Decimal(0)
    labels = dict(Source.choices)
    rows = []
    for (year, source), (planned, actual) in sorted(sums.items()):
        rows.append((f"{year}, {labels[source]}", "план", planned))
        rows.append((f"{year}, {labels[source]}", "исполнено", actual))
    if not rows:
        return None
    return grouped_bars(
        rows, title="Средства программ: план и исполнение", value_title="руб.", series_order=["план", "исполнено"]
    )


def panels(*, level: str, obj, user) -> list[Panel]:
    year = timezone.localdate().year
    period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    if level == "municipality":
        program_ids = list(
            visible_programs(user)
            .filter(municipality=obj)
            .exclude(status=Program.Status.ARCHIVED)
            .values_list("pk", flat=True)
        )
        schools = list(visible_schools(user).filter(municipality=obj, is_archived=False).order_by("short_name"))
        shares = trained_shares(school_ids=[s.pk for s in schools], date_from=period[0], date_to=period[1])
        rows = [(s.short_name, shares[s.pk]) for s in schools if shares[s.pk].teachers]
        return [
            Panel(
                "resources",
                f"Ресурсы программ, {year} год",
                "resources/dashboard/_municipality.html",
                {
                    "trained_chart": trained_spec(rows),
                    "events_chart": events_spec(events_by_quarter(program_ids=program_ids, year=year), year=year),
                    "money_chart": _money_spec(program_ids),
                    "calendar_municipality": obj,
                },
                order=60,
                width="col-12",
            )
        ]
    if level == "school":
        share = trained_shares(school_ids=[obj.pk], date_from=period[0], date_to=period[1])[obj.pk]
        return [
            Panel(
                "trained",
                f"Повышение квалификации, {year} год",
                "resources/dashboard/_school.html",
                {"share": share, "school": obj},
                order=60,
            )
        ]
    return []
