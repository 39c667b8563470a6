"""Curators' load for the committee: per curator the schools, the visits of the academic year and
the overdue plan items; and the overdue items themselves. Four queries for any area."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from schools.models import School, User
from schools.years import academic_year_bounds, current_academic_year

from ..models import CuratorAssignment, PlanItem, Visit


@dataclass
class CuratorRow:
    curator: User
    schools: list[School] = field(default_factory=list)
    visits: int = 0
    last_visit: date | None = None
    overdue: int = 0

    @property
    def school_names(self) -> str:
        return ", ".join(s.short_name for s in self.schools)


@dataclass
class Load:
    year: int  # the academic year counted, by its end
    rows: list[CuratorRow]
    overdue: list[PlanItem]
    without_curator: list[School]

    @property
    def visits(self) -> int:
        return sum(r.visits for r in self.rows)


def curator_load(*, schools: QuerySet[School], today: date | None = None) -> Load:
    """The load of the curators of ``schools`` (the committee's area, already limited to what the
    user sees)."""
    today = today or timezone.localdate()
    year = current_academic_year(today)
    first, last = academic_year_bounds(year)
    area = list(schools.select_related("municipality").order_by("short_name"))
    ids = [s.pk for s in area]
    assignments = list(CuratorAssignment.objects.active().filter(school_id__in=ids).select_related("curator", "school"))
    rows: dict[int, CuratorRow] = {}
    for a in assignments:
        rows.setdefault(a.curator_id, CuratorRow(a.curator)).schools.append(a.school)
    visits = (
        Visit.objects.filter(assignment__school_id__in=ids, visited_on__range=(first, last))
        .values("assignment__curator_id")
        .annotate(n=Count("pk"), last=Max("visited_on"))
    )
    visited = {v["assignment__curator_id"]: v for v in visits}
    people = User.objects.in_bulk([pk for pk in visited if pk not in rows])
    for pk, person in people.items():
        rows[pk] = CuratorRow(person)  # visited this year, no active assignment any more
    for pk, v in visited.items():
        if pk in rows:
            rows[pk].visits, rows[pk].last_visit = v["n"], v["last"]
    overdue = list(
        PlanItem.objects.filter(assignment__in=[a.pk for a in assignments], visit__isnull=True, planned_on__lt=today)
        .select_related("assignment__curator", "assignment__school")
        .order_by("planned_on", "pk")
    )
    for item in overdue:
        rows[item.assignment.curator_id].overdue += 1
    curated = {a.school_id for a in assignments}
    return Load(
        year=year,
        rows=sorted(rows.values(), key=_by_name),
        overdue=overdue,
        without_curator=[s for s in area if s.pk not in curated],
    )


def _by_name(row: CuratorRow) -> tuple[str, int]:
    return (row.curator.display_name, row.curator.pk)


def load_rows_for_export(load: Load) -> Iterable[list[object]]:
    for row in load.rows:
        yield [
            row.curator.display_name,
            len(row.schools),
            row.school_names,
            row.visits,
            f"{row.last_visit:%d.%m.%Y}" if row.last_visit else "",
            row.overdue,
        ]
