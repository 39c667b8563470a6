"""The curator's plan (roadmap) for a school and the log of visits. A visit may close a plan item;
the item's state is then «выполнено» (curators/selectors/school.py reads it from the visit)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.services.uploads import check_evidence_file
from schools.models import User

from ..models import CuratorAssignment, PlanItem, Visit, VisitFile
from .errors import CuratorRuleError


def _active(assignment: CuratorAssignment) -> None:
    if not assignment.is_active:
        raise CuratorRuleError(_("Закрепление куратора за школой завершено: план и визиты больше не ведутся."))


def plan_item_add(*, assignment: CuratorAssignment, planned_on: date, kind: str, topic: str, user: User) -> PlanItem:
    """A line of the curator's plan for the school, within the period of the assignment."""
    _active(assignment)
    errors: dict[str, list[str]] = {}
    if planned_on < assignment.starts_on:
        errors["planned_on"] = [
            _("Дата раньше начала закрепления (%(d)s).") % {"d": f"{assignment.starts_on:%d.%m.%Y}"}
        ]
    elif assignment.ends_on is not None and planned_on > assignment.ends_on:
        errors["planned_on"] = [
            _("Дата позже окончания срока закрепления (%(d)s).") % {"d": f"{assignment.ends_on:%d.%m.%Y}"}
        ]
    if not topic.strip():
        errors["topic"] = [_("Укажите тему.")]
    if kind not in PlanItem.Kind.values:
        errors["kind"] = [_("Выберите вид работы из списка.")]
    if errors:
        raise CuratorRuleError(errors)
    item = PlanItem(assignment=assignment, planned_on=planned_on, kind=kind, topic=topic.strip(), created_by=user)
    item.full_clean()
    item.save()
    return item


@dataclass(frozen=True)
class VisitData:
    visited_on: date
    format: str
    purpose: str
    observed: str = ""
    recommendations: str = ""
    next_steps: str = ""


def visit_record(
    *,
    assignment: CuratorAssignment,
    data: VisitData,
    user: User,
    plan_item: PlanItem | None = None,
    files: Iterable[UploadedFile] = (),
) -> Visit:
    """Record a visit of the curator; all of it or nothing (the visit, its files, the closed item)."""
    _active(assignment)
    files = list(files)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if data.visited_on > today:
        errors["visited_on"] = [
            _("Дата визита %(d)s ещё не наступила: в журнал вносятся только состоявшиеся визиты, будущие — в план.")
            % {"d": f"{data.visited_on:%d.%m.%Y}"}
        ]
    elif data.visited_on < assignment.starts_on:
        errors["visited_on"] = [
            _("Дата визита раньше начала закрепления куратора (%(d)s).") % {"d": f"{assignment.starts_on:%d.%m.%Y}"}
        ]
    if not data.purpose.strip():
        errors["purpose"] = [_("Укажите цель визита.")]
    if data.format not in Visit.Format.values:
        errors["format"] = [_("Выберите формат визита: очно или дистанционно.")]
    if plan_item is not None and plan_item.assignment_id != assignment.pk:
        errors["plan_item"] = [_("Этот пункт не из плана куратора по этой школе.")]
    if errors:
        raise CuratorRuleError(errors)
    for f in files:
        check_evidence_file(f)
    with transaction.atomic():
        if plan_item is not None:
            # Locked: two visits recorded at once cannot both close the same item.
            locked = PlanItem.objects.select_for_update().get(pk=plan_item.pk)
            if Visit.objects.filter(plan_item=locked).exists():
                raise CuratorRuleError({"plan_item": [_("Этот пункт плана уже закрыт другим визитом.")]})
        visit = Visit(
            assignment=assignment,
            visited_on=data.visited_on,
            format=data.format,
            purpose=data.purpose.strip(),
            observed=data.observed.strip(),
            recommendations=data.recommendations.strip(),
            next_steps=data.next_steps.strip(),
            plan_item=plan_item,
            recorded_by=user,
        )
        visit.full_clean()
        visit.save()
        for f in files:
            VisitFile.objects.create(visit=visit, file=f, original_name=(f.name or "файл")[:255], uploaded_by=user)
    return visit
