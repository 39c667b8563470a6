"""«Мои школы»: the curator's schools with what is due — the next planned item, the overdue ones,
the last visit and the school's documents waiting for the curator's review."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max
from django.utils import timezone

from programs.selectors.reviews import InboxItem, reviewer_inbox
from schools.models import User

from ..access import curator_school_ids
from ..models import CuratorAssignment, PlanItem, Visit


@dataclass
class MySchool:
    assignment: CuratorAssignment
    next_item: PlanItem | None = None
    overdue: list[PlanItem] = field(default_factory=list)
    last_visit: date | None = None
    to_review: list[InboxItem] = field(default_factory=list)

    @property
    def school(self):
        return self.assignment.school


def my_schools(*, user: User, today: date | None = None) -> list[MySchool]:
    """The user's schools as their active curator, by name. Five queries whatever their number:
    the assignments, their open plan items, the last visits, and the review inbox (two)."""
    today = today or timezone.localdate()
    ids = curator_school_ids(user)
    assignments = list(
        CuratorAssignment.objects.active()
        .filter(curator=user, school_id__in=ids)
        .select_related("school__municipality")
        .order_by("school__short_name", "pk")
    )
    rows = {a.pk: MySchool(a) for a in assignments}
    if not rows:
        return []
    for item in PlanItem.objects.filter(assignment_id__in=rows, visit__isnull=True).order_by("planned_on", "pk"):
        row = rows[item.assignment_id]
        if item.planned_on < today:
            row.overdue.append(item)
        elif row.next_item is None:
            row.next_item = item
    last = (
        Visit.objects.filter(assignment__school_id__in=ids)
        .values("assignment__school_id")
        .annotate(last=Max("visited_on"))
    )
    by_school = {r["assignment__school_id"]: r["last"] for r in last}
    inbox: dict[int, list[InboxItem]] = defaultdict(list)
    for entry in reviewer_inbox(user=user, today=today):
        inbox[entry.assignment.program.school_id].append(entry)
    for row in rows.values():
        row.last_visit = by_school.get(row.assignment.school_id)
        row.to_review = inbox.get(row.assignment.school_id, [])
    return list(rows.values())
