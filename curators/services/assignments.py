"""Assigning a curator to schools by the region's order, and ending an assignment.

The curator's right to see a school is the methodologist's assignment of schools
(``schools.MethodologistAssignment``): assigning opens it (or finds it open for another reason),
ending withdraws it only when this assignment opened it, so a methodologist who reviewed the school
before keeps what they had."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import MethodologistAssignment, Role, School, User

from ..models import CuratorAssignment
from .errors import CuratorRuleError


@dataclass(frozen=True)
class OrderData:
    """The region's order (приказ) and the period of the assignment."""

    number: str
    date: dt.date
    starts_on: dt.date
    ends_on: dt.date | None = None


def _check_order(order: OrderData, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if not order.number.strip():
        errors["order_number"] = [_("Укажите номер приказа о закреплении куратора.")]
    if order.date > today:
        errors["order_date"] = [_("Дата приказа ещё не наступила: укажите дату подписанного приказа.")]
    if order.ends_on is not None and order.ends_on < order.starts_on:
        errors["ends_on"] = [_("Срок закрепления не может закончиться раньше, чем начался.")]
    if errors:
        raise CuratorRuleError(errors)


def curator_assign(
    *, curator: User, schools: Sequence[School], order: OrderData, user: User
) -> list[CuratorAssignment]:
    """Make ``curator`` the curator of ``schools`` by the order; all or nothing."""
    today = timezone.localdate()
    _check_order(order, today)
    if not schools:
        raise CuratorRuleError({"schools": [_("Выберите хотя бы одну школу.")]})
    if not curator.is_active or not curator.memberships.filter(role=Role.METHODOLOGIST, is_active=True).exists():
        raise CuratorRuleError(
            {"curator": [_("Куратором может быть только пользователь с ролью «методист, эксперт, куратор».")]}
        )
    foreign = [s.short_name for s in schools if not rules.has_perm("curators.assign", user, s)]
    if foreign:
        raise CuratorRuleError(
            _("Закреплять куратора можно только за школами своего региона: %(names)s.") % {"names": ", ".join(foreign)}
        )
    created: list[CuratorAssignment] = []
    with transaction.atomic():
        # Lock the schools' rows: two people assigning at once cannot both pass the check below.
        locked = list(School.objects.select_for_update().filter(pk__in=[s.pk for s in schools]).order_by("pk"))
        busy = {
            a.school_id: a
            for a in CuratorAssignment.objects.active().filter(school__in=locked).select_related("curator", "school")
        }
        if busy:
            names = "; ".join(
                _("«%(school)s» — %(curator)s") % {"school": a.school.short_name, "curator": a.curator.display_name}
                for a in sorted(busy.values(), key=lambda a: a.school.short_name)
            )
            raise CuratorRuleError(
                _("У школы уже есть куратор: %(names)s. Сначала завершите его закрепление.") % {"names": names}
            )
        for school in locked:
            access, made = MethodologistAssignment.objects.get_or_create(
                methodologist=curator, school=school, defaults={"since": order.starts_on, "is_active": True}
            )
            opened = made or not access.is_active
            if not access.is_active:
                access.is_active = True
                access.since = order.starts_on
                access.save(update_fields=["is_active", "since"])
            assignment = CuratorAssignment(
                curator=curator,
                school=school,
                order_number=order.number.strip(),
                order_date=order.date,
                starts_on=order.starts_on,
                ends_on=order.ends_on,
                access=access,
                opened_access=opened,
                assigned_by=user,
            )
            assignment._history_user = user
            assignment.full_clean(validate_constraints=False)
            assignment.save()
            created.append(assignment)
    return created


def curator_end(*, assignment: CuratorAssignment, ended_on: dt.date, user: User) -> CuratorAssignment:
    """End the assignment on ``ended_on``; the curator's right to see the school goes with it
    unless it was open before the assignment (another reason keeps it)."""
    if not assignment.is_active:
        raise CuratorRuleError(_("Это закрепление уже завершено."))
    if ended_on < assignment.starts_on:
        raise CuratorRuleError(
            {
                "ended_on": [
                    _("Закрепление не может завершиться раньше, чем началось (%(d)s).")
                    % {"d": f"{assignment.starts_on:%d.%m.%Y}"}
                ]
            }
        )
    if ended_on > timezone.localdate():
        raise CuratorRuleError({"ended_on": [_("Дата завершения ещё не наступила.")]})
    with transaction.atomic():
        locked = CuratorAssignment.objects.select_for_update().get(pk=assignment.pk)
        if not locked.is_active:
            raise CuratorRuleError(_("Это закрепление уже завершено."))
        locked.ended_on, locked.ended_by = ended_on, user
        locked._history_user = user
        locked.save(update_fields=["ended_on", "ended_by"])
        if locked.opened_access:
            MethodologistAssignment.objects.filter(pk=locked.access_id).update(is_active=False)
    return locked
