"""Per-teacher development plans and mentor–mentee pairs of a school (where a program asks for them).
A planned training's state is not written here: the selector reads it from the register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from schools.models import School

from ..models import MentorPair, PlannedTraining, TeacherPlan, Training
from .checks import check_hours
from .errors import ResourceRuleError


def _name(text: str) -> str:
    return " ".join(text.split())


@dataclass
class PlanItemData:
    year: int
    full_name: str
    topic: str
    form: str
    hours: object
    planned_from: date
    planned_to: date
    position: str = ""
    subject: str = ""


def plan_item_add(*, school: School, data: PlanItemData) -> PlannedTraining:
    """Adds a planned training to the teacher's plan of the year (the plan is made on first use; the
    position and subject given last are kept)."""
    full_name = _name(data.full_name)
    if not full_name:
        raise ResourceRuleError({"full_name": _("Укажите ФИО педагога.")})
    if not data.topic.strip():
        raise ResourceRuleError({"topic": _("Укажите тему обучения.")})
    if data.form not in Training.Form.values:
        raise ResourceRuleError({"form": _("Выберите форму обучения из списка.")})
    hours = check_hours(data.hours)
    if data.planned_to < data.planned_from:
        raise ResourceRuleError({"planned_to": _("Окончание не может быть раньше начала.")})
    if not data.planned_from.year == data.planned_to.year == data.year:
        raise ResourceRuleError(
            {"planned_to": _("Обучение планируется в пределах %(year)s года: даты вне года.") % {"year": data.year}}
        )
    with transaction.atomic():
        plan, _created = TeacherPlan.objects.select_for_update().get_or_create(
            school=school, year=data.year, full_name=full_name
        )
        if data.position.strip() or data.subject.strip():
            plan.position = data.position.strip() or plan.position
            plan.subject = data.subject.strip() or plan.subject
            plan.save(update_fields=["position", "subject"])
        item = PlannedTraining(
            plan=plan,
            topic=data.topic.strip(),
            form=data.form,
            hours=hours,
            planned_from=data.planned_from,
            planned_to=data.planned_to,
        )
        item.full_clean()
        item.save()
    return item


def plan_item_delete(*, item: PlannedTraining) -> None:
    """Removes a planned training; a plan left empty goes with it."""
    with transaction.atomic():
        plan_id = item.plan_id
        item.delete()
        TeacherPlan.objects.filter(pk=plan_id, items__isnull=True).delete()


@dataclass
class PairData:
    mentor: str
    mentee: str
    topic: str
    starts_on: date
    ends_on: date
    result: str = ""


def pair_add(*, school: School, data: PairData) -> MentorPair:
    mentor, mentee = _name(data.mentor), _name(data.mentee)
    if not mentor:
        raise ResourceRuleError({"mentor": _("Укажите ФИО наставника.")})
    if not mentee:
        raise ResourceRuleError({"mentee": _("Укажите ФИО наставляемого.")})
    if mentor.lower().replace("ё", "е") == mentee.lower().replace("ё", "е"):
        raise ResourceRuleError({"mentee": _("Наставник и наставляемый — разные педагоги.")})
    if not data.topic.strip():
        raise ResourceRuleError({"topic": _("Укажите тему наставничества.")})
    if data.ends_on < data.starts_on:
        raise ResourceRuleError({"ends_on": _("Окончание не может быть раньше начала.")})
    pair = MentorPair(
        school=school,
        mentor=mentor,
        mentee=mentee,
        topic=data.topic.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        result=data.result.strip(),
    )
    with transaction.atomic():
        pair.full_clean()
        pair.save()
    return pair


def pair_delete(*, pair: MentorPair) -> None:
    pair.delete()
