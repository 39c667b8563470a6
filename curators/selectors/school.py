"""A school's curation: its curators (by order), the roadmap with each item's state, the visits.
The «Куратор» tab of the school page and the school's curation page read it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.utils import timezone

from schools import badges
from schools.extensions import SchoolTab
from schools.models import School

from ..models import CuratorAssignment, PlanItem, Visit


class PlanState(StrEnum):
    """The state of a plan item, read from the visits (never stored)."""

    DONE = "done"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"

    tones = badges.badge_tones(done=badges.DONE, overdue=badges.OVERDUE, upcoming=badges.NEUTRAL)

    @property
    def label(self) -> str:
        return {"done": "выполнено", "overdue": "просрочено", "upcoming": "предстоит"}[self.value]


def plan_state(item: PlanItem, *, closed: bool, today: date) -> PlanState:
    """Done once a visit closed it; overdue when its date has passed; upcoming otherwise."""
    if closed:
        return PlanState.DONE
    return PlanState.OVERDUE if item.planned_on < today else PlanState.UPCOMING


@dataclass(frozen=True)
class PlanRow:
    item: PlanItem
    state: PlanState
    visit: Visit | None


@dataclass
class Curation:
    school: School
    current: CuratorAssignment | None
    past: list[CuratorAssignment]
    plan: list[PlanRow] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.plan if row.state == PlanState.OVERDUE)


def school_curation(*, school: School, today: date | None = None) -> Curation:
    """Everything about the school's curators in four queries, whatever its size."""
    today = today or timezone.localdate()
    assignments = list(
        CuratorAssignment.objects.filter(school=school).with_people().order_by("ended_on", "-starts_on", "-pk")
    )
    current = next((a for a in assignments if a.is_active), None)
    items = list(
        PlanItem.objects.filter(assignment__school=school)
        .select_related("visit", "assignment__curator")
        .order_by("planned_on", "pk")
    )
    plan = []
    for item in items:
        visit = getattr(item, "visit", None)
        plan.append(PlanRow(item, plan_state(item, closed=visit is not None, today=today), visit))
    visits = list(
        Visit.objects.filter(assignment__school=school)
        .select_related("assignment__curator", "plan_item")
        .prefetch_related("files")
        .order_by("-visited_on", "-pk")
    )
    return Curation(
        school=school,
        current=current,
        past=[a for a in assignments if not a.is_active],
        plan=plan,
        visits=visits,
    )


def school_tab(school: School, user: Any) -> SchoolTab | None:
    """The school page's «Куратор» tab: the curator and the order, the roadmap and the visits."""
    if not user.has_perm("curators.view_curation", school):
        return None
    curation = school_curation(school=school)
    return {
        "key": "curator",
        "label": "Куратор",
        "template": "curators/_school_tab.html",
        "context": {
            "curation": curation,
            "can_work": curation.current is not None and user.has_perm("curators.work", curation.current),
        },
    }


def visit_source(request: Any, pk: int) -> Visit:
    """A visit with what its page shows (object_required's source)."""
    return (
        Visit.objects.select_related("assignment__curator", "assignment__school__municipality", "plan_item")
        .prefetch_related("files")
        .get(pk=pk)
    )
