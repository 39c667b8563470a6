"""A school's per-teacher plans with each planned training's state read from the register, and its
mentor–mentee pairs. The state is never stored: a completed record of the register is what makes a
planned training done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schools import badges

from ..models import MentorPair, PlannedTraining, TeacherPlan, Training


class PlanState(models.TextChoices):
    DONE = "done", _("пройдено")
    RUNNING = "running", _("идёт обучение")
    PLANNED = "planned", _("запланировано")
    OVERDUE = "overdue", _("не пройдено в срок")

    tones = badges.badge_tones(
        done=badges.DONE, running=badges.IN_PROGRESS, planned=badges.NEUTRAL, overdue=badges.OVERDUE
    )


def name_key(text: str) -> str:
    return " ".join(str(text or "").lower().replace("ё", "е").split())


@dataclass
class PlanItemRow:
    item: PlannedTraining
    state: str
    record: Training | None  # the register's record that carries it out


@dataclass
class PlanRow:
    plan: TeacherPlan
    items: list[PlanItemRow]

    @property
    def done(self) -> int:
        return sum(1 for row in self.items if row.state == PlanState.DONE)


def _state(item: PlannedTraining, found: list[Training], today: date) -> tuple[str, Training | None]:
    done = [r for r in found if r.ends_on <= today]
    if done:
        return PlanState.DONE, done[0]
    if any(r.starts_on <= today for r in found):
        return PlanState.RUNNING, found[0]
    return (PlanState.OVERDUE if item.planned_to < today else PlanState.PLANNED), None


def plan_states(
    items: list[PlannedTraining], records: list[Training], today: date
) -> list[tuple[str, Training | None]]:
    """Each planned training's state from the teacher's records of the year. A record carries out
    one planned training: first the one with its topic (case and «ё» ignored), then — a school
    rarely copies the course's title into its plan word for word — one of its form whose planned
    period holds the record's end."""
    free = list(records)
    found: dict[int, list[Training]] = {id(item): [] for item in items}
    for item in items:
        for record in [r for r in free if name_key(r.topic) == name_key(item.topic)]:
            found[id(item)].append(record)
            free.remove(record)
    for item in items:
        if found[id(item)]:
            continue
        match = next(
            (r for r in free if r.form == item.form and item.planned_from <= r.ends_on <= item.planned_to), None
        )
        if match is not None:
            found[id(item)].append(match)
            free.remove(match)
    return [_state(item, found[id(item)], today) for item in items]


def school_plans(*, school_id: int, year: int, today: date | None = None) -> list[PlanRow]:
    """Three queries whatever the number of teachers: plans, their items, the year's named records."""
    today = today or timezone.localdate()
    plans = list(
        TeacherPlan.objects.filter(school_id=school_id, year=year).prefetch_related(
            Prefetch("items", queryset=PlannedTraining.objects.order_by("planned_from", "pk"))
        )
    )
    records: dict[str, list[Training]] = {}
    for record in Training.objects.filter(school_id=school_id, year=year).exclude(full_name="").order_by("ends_on"):
        records.setdefault(name_key(record.full_name), []).append(record)
    rows = []
    for plan in plans:
        items = list(plan.items.all())
        states = plan_states(items, records.get(name_key(plan.full_name), []), today)
        rows.append(PlanRow(plan, [PlanItemRow(item, *state) for item, state in zip(items, states, strict=True)]))
    return rows


def school_pairs(*, school_id: int, year: int | None = None) -> list[MentorPair]:
    """The school's pairs, those running in ``year`` when given."""
    qs = MentorPair.objects.filter(school_id=school_id)
    if year is not None:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    return list(qs.order_by("-starts_on", "pk"))


def plan_item_source():
    return PlannedTraining.objects.select_related("plan__school")


def pair_source():
    return MentorPair.objects.select_related("school")
