"""Who may assign curators, keep a curator's plan and visits, and read them.

Built on schools/access.py only: the right to see a school stays the methodologist's assignment
there (``Scope.assigned_school_ids``); this module adds the one fact of its own — which of those
schools the user is the *active curator* of (``curator_school_ids``, one query per user object)."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from schools.access import (
    AnyUser,
    governs_municipality,
    governs_region,
    governs_school,
    is_assigned_to_school,
    is_region_staff,
    is_superuser,
    is_team_of_school,
    scope_of,
    staff_municipalities,
)
from schools.models import Municipality, Region, Role, School, User

from .models import CuratorAssignment, Visit

_CURATED_ATTR = "_curated_school_ids"


def curator_school_ids(user: AnyUser) -> frozenset[int]:
    """The schools ``user`` is the active curator of, among those their methodologist's right
    reaches (an assignment whose right was withdrawn in schools gives nothing). Cached on the user."""
    scope = scope_of(user)
    if not scope.assigned_school_ids:
        return frozenset()
    cached = getattr(user, _CURATED_ATTR, None)
    if cached is not None:
        return cached
    ids = frozenset(
        CuratorAssignment.objects.active()
        .filter(curator_id=user.pk, school_id__in=scope.assigned_school_ids)
        .values_list("school_id", flat=True)
    )
    setattr(user, _CURATED_ATTR, ids)
    return ids


def _school_of(obj: Any) -> School | None:
    if isinstance(obj, School):
        return obj
    if isinstance(obj, CuratorAssignment):
        return obj.school
    assignment = getattr(obj, "assignment", None)  # a plan item or a visit
    if isinstance(assignment, CuratorAssignment):
        return assignment.school
    visit = getattr(obj, "visit", None)  # a visit's file
    if isinstance(visit, Visit):
        return visit.assignment.school
    return None


@rules.predicate
def is_curator_of_school(user: AnyUser, obj: Any) -> bool:
    """The active curator of the object's school (a school, an assignment, a plan item, a visit or
    its file), whose right to see the school holds in schools.access."""
    school = _school_of(obj)
    return school is not None and is_assigned_to_school(user, school) and school.pk in curator_school_ids(user)


@rules.predicate
def is_curator_of_assignment(user: AnyUser, assignment: CuratorAssignment) -> bool:
    """The curator of this very assignment while it is active: they plan and record visits."""
    return (
        assignment is not None
        and assignment.is_active
        and assignment.curator_id == user.pk
        and is_curator_of_school(user, assignment.school)
    )


@rules.predicate
def is_methodologist(user: AnyUser) -> bool:
    return Role.METHODOLOGIST in scope_of(user).roles


@rules.predicate
def governs_region_of_school(user: AnyUser, obj: Any) -> bool:
    """Region staff of the school's region: the region assigns curators."""
    school = _school_of(obj)
    return school is not None and school.region_id in scope_of(user).region_ids


def _curation_of_school(user: AnyUser, obj: Any) -> bool:
    school = _school_of(obj)
    return school is not None and bool(governs_school(user, school) or is_team_of_school(user, school))


governs_or_team = rules.predicate(_curation_of_school, name="governs_or_team")

# The school's curation (the «Куратор» tab, the visits and their files): the school's committee
# and region, the school's team and its active curator.
can_view_curation = is_superuser | governs_or_team | is_curator_of_school
rules.add_perm("curators.view_curation", can_view_curation)
rules.add_perm("curators.manage_assignments", is_superuser | is_region_staff)  # the region's page
rules.add_perm("curators.assign", is_superuser | governs_region_of_school)  # obj: a school or assignment
rules.add_perm("curators.work", is_superuser | is_curator_of_assignment)  # obj: the assignment
rules.add_perm("curators.view_my_schools", is_methodologist)
rules.add_perm("curators.view_load", is_superuser | governs_municipality)  # obj: a municipality
rules.add_perm("curators.view_region_load", is_superuser | governs_region)  # obj: a region


def assignable_schools(user: AnyUser) -> QuerySet[School]:
    """The schools ``user`` may give a curator: those of the regions they are staff of."""
    scope = scope_of(user)
    if scope.superuser:
        return School.objects.all()
    return School.objects.filter(region_id__in=scope.region_ids)


def assignable_curators(user: AnyUser) -> QuerySet[User]:
    """People with an active methodologist's role («методист, эксперт, куратор») that ``user`` may
    name: of their regions' municipalities, schools or region, or of no rung at all."""
    scope = scope_of(user)
    roles = Q(memberships__role=Role.METHODOLOGIST, memberships__is_active=True)
    if not scope.superuser:
        regions = scope.region_ids
        roles &= (
            Q(memberships__region_id__in=regions)
            | Q(memberships__municipality__region_id__in=regions)
            | Q(memberships__school__region_id__in=regions)
            | Q(
                memberships__region__isnull=True,
                memberships__municipality__isnull=True,
                memberships__school__isnull=True,
            )
        )
    return User.objects.filter(is_active=True, pk__in=User.objects.filter(roles).values("pk"))


def visible_assignments(user: AnyUser) -> QuerySet[CuratorAssignment]:
    """The assignments on the region's page: those of the region's schools."""
    return CuratorAssignment.objects.filter(school__in=assignable_schools(user))


def load_area(user: AnyUser) -> tuple[str, Municipality | Region] | None:
    """Where the committee's «Нагрузка кураторов» opens: the region for region staff, else the
    first municipality the user is committee staff of; None for anybody else."""
    scope = scope_of(user)
    if scope.region_ids or scope.superuser:
        regions = Region.objects.all() if scope.superuser else Region.objects.filter(pk__in=scope.region_ids)
        region = regions.order_by("name").first()
        if region is not None:
            return "region", region
    municipality = staff_municipalities(user).order_by("name").first()
    return ("municipality", municipality) if municipality is not None else None
