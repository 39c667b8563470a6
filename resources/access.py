"""Who may see and change events, funding and the professional development register.

Built from the predicates of schools/access.py and programs/access.py only: the ladder and the
program facts are read there; this module adds the host and the invited schools of an event."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.db.models import Q, QuerySet

from programs.access import executes_in_program, governs_program, takes_part_in_program, visible_programs
from schools.access import (
    can_change_school_data,
    can_view_school,
    governs_municipality,
    is_superuser,
    scope_of,
    visible_schools,
)
from schools.models import School

from .models import FundingLine, MentorPair, MethodEvent, TeacherPlan, Training

if TYPE_CHECKING:
    from schools.access import AnyUser


def _invited_school_ids(event: MethodEvent) -> set[int]:
    cache = getattr(event, "_invited_ids", None)
    if cache is None:
        cache = {a.school_id for a in event.attendance.all()}
        event._invited_ids = cache
    return cache


@rules.predicate
def hosts_event(user: AnyUser, event) -> bool:
    """The team of the host school or the staff of the host organisation."""
    scope = scope_of(user)
    return (event.host_school_id is not None and event.host_school_id in scope.team_school_ids) or (
        event.host_organisation_id is not None and event.host_organisation_id in scope.organisation_ids
    )


@rules.predicate
def invited_to_event(user: AnyUser, event) -> bool:
    """A school team or assigned methodologist of a school the event invites."""
    scope = scope_of(user)
    mine = scope.team_school_ids | scope.assigned_school_ids
    return bool(mine) and bool(mine & _invited_school_ids(event))


@rules.predicate
def works_in_municipality(user: AnyUser, municipality) -> bool:
    """A school team or methodologist of some school of the municipality: they see its calendar."""
    scope = scope_of(user)
    mine = scope.team_school_ids | scope.assigned_school_ids
    return bool(mine) and School.objects.filter(pk__in=mine, municipality_id=municipality.pk).exists()


governs = is_superuser | governs_program
rules.add_perm("resources.view_calendar", is_superuser | governs_municipality | works_in_municipality)
rules.add_perm("resources.plan_event", governs)  # obj: the program
rules.add_perm("resources.view_event", governs | hosts_event | invited_to_event)
rules.add_perm("resources.change_event", governs)
rules.add_perm("resources.record_event", governs | hosts_event)
rules.add_perm("resources.view_funding", governs | takes_part_in_program | executes_in_program)  # obj: the program
rules.add_perm("resources.change_funding", governs)
rules.add_perm("resources.view_trainings", can_view_school)  # obj: the school
rules.add_perm("resources.change_trainings", can_change_school_data)


def visible_events(user: AnyUser, qs: QuerySet[MethodEvent] | None = None) -> QuerySet[MethodEvent]:
    """The events ``user`` may see: the same rule as ``resources.view_event``, in SQL."""
    qs = qs if qs is not None else MethodEvent.objects.all()
    scope = scope_of(user)
    if scope.superuser:
        return qs
    mine = scope.team_school_ids | scope.assigned_school_ids
    condition = (
        Q(program__municipality__region_id__in=scope.region_ids)
        | Q(program__municipality_id__in=scope.municipality_ids)
        | Q(host_school_id__in=scope.team_school_ids)
        | Q(host_organisation_id__in=scope.organisation_ids)
        | Q(attendance__school_id__in=mine)
    )
    return qs.filter(pk__in=MethodEvent.objects.filter(condition).values("pk"))


def visible_funding(user: AnyUser) -> QuerySet[FundingLine]:
    """The funding lines of the programs ``user`` sees (``resources.view_funding``'s rule in SQL:
    the programs' own visibility is governs, takes part or executes)."""
    return FundingLine.objects.filter(program__in=visible_programs(user))


def visible_trainings(user: AnyUser) -> QuerySet[Training]:
    return Training.objects.filter(school__in=visible_schools(user))


def visible_teacher_plans(user: AnyUser) -> QuerySet[TeacherPlan]:
    """Plans of the schools whose register ``user`` sees (``resources.view_trainings``)."""
    return TeacherPlan.objects.filter(school__in=visible_schools(user))


def visible_mentor_pairs(user: AnyUser) -> QuerySet[MentorPair]:
    return MentorPair.objects.filter(school__in=visible_schools(user))
