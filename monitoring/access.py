"""Who may see and change indicators, collections, submissions and audits — on top of
schools/access.py, so the ladder is read in one place."""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING

import rules
from django.db.models import Q, QuerySet

from schools.access import (
    api_scope_covers_school,
    can_view_school,
    governs_municipality,
    governs_school,
    is_assigned_to_school,
    is_committee_staff,
    is_region_staff,
    is_superuser,
    is_team_of_school,
    scope_of,
)
from schools.lookups import Ids, one_of

from .models import Collection, Submission

if TYPE_CHECKING:
    from schools.access import AnyUser


@rules.predicate
def submission_is_open(user: AnyUser, submission: Submission) -> bool:
    return not submission.locked and submission.collection.status == Collection.Status.OPEN


rules.add_perm("monitoring.view_indicator", rules.is_authenticated)
rules.add_perm("monitoring.add_indicator", is_superuser | is_committee_staff)
rules.add_perm("monitoring.change_indicator", is_superuser | is_region_staff)
rules.add_perm(
    "monitoring.view_values", is_superuser | can_view_school | governs_municipality
)  # obj: school or municipality
rules.add_perm("monitoring.import_values", is_superuser | is_committee_staff)
rules.add_perm("monitoring.add_collection", is_superuser | governs_municipality)  # obj: municipality
rules.add_perm("monitoring.view_collection", is_superuser | governs_municipality)
rules.add_perm("monitoring.manage_collection", is_superuser | governs_municipality)
rules.add_perm("monitoring.view_submission", is_superuser | governs_school | is_team_of_school | is_assigned_to_school)
rules.add_perm("monitoring.fill_submission", (is_team_of_school | is_superuser | governs_school) & submission_is_open)
rules.add_perm("monitoring.review_submission", is_superuser | governs_school)
rules.add_perm("monitoring.view_audit", is_superuser | governs_school | is_team_of_school | is_assigned_to_school)
rules.add_perm("monitoring.fill_audit", is_superuser | is_team_of_school)
rules.add_perm("monitoring.review_audit", is_superuser | governs_school)
rules.add_perm("monitoring.view_dashboard", is_superuser | is_committee_staff)


def visible_collections(user: AnyUser, qs: QuerySet[Collection] | None = None) -> QuerySet[Collection]:
    qs = Collection.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    return qs.filter(Q(municipality__region_id__in=scope.region_ids) | Q(municipality_id__in=scope.municipality_ids))


# --- Indicator values and targets: appended, the lines above are shared ---------------

# Writing a value directly (import, manual entry) — on top of view_values: the committee over the
# school or municipality, or the school's own team (as the context import). Collections have their
# own flow (fill / review) and do not use this permission. obj: a school or a municipality.
# REST clients may push values (docs/domain.md) for the schools of their area; a read-only token is
# refused before any permission is asked (config/api), so this only ever applies to write tokens.
rules.add_perm(
    "monitoring.change_values", is_superuser | governs_municipality | is_team_of_school | api_scope_covers_school
)
# Targets are read with the values they are judged on. obj: a school or a municipality.
rules.add_perm("monitoring.view_targets", is_superuser | can_view_school | governs_municipality)


def _value_subject_filter(user: AnyUser, prefix: str = "") -> Q | None:
    """Which schools' and municipalities' records the user may read, as the same rules as
    ``monitoring.view_values`` (None: everything).

    The visible schools and municipalities are read first (two small queries) and the rows are
    filtered by their ids: an OR across a join (``school__municipality_id = … OR municipality_id
    = …``) makes PostgreSQL scan the whole values table (two million rows at national scale),
    while an OR of two id lists is a bitmap OR of two index scans."""
    from schools.models import Municipality, School

    scope = scope_of(user)
    if scope.superuser:
        return None
    if not scope.authenticated:
        return Q(pk__in=[])
    municipalities = scope.municipality_ids | scope.api_municipality_ids
    schools = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    school_ids = set(schools)
    if scope.region_ids or municipalities:
        school_ids |= set(
            School.objects.filter(Q(region_id__in=scope.region_ids) | Q(municipality_id__in=municipalities))
            .order_by()
            .values_list("pk", flat=True)
        )
    municipality_ids = set(municipalities)
    if scope.region_ids:
        municipality_ids |= set(
            Municipality.objects.filter(region_id__in=scope.region_ids).order_by().values_list("pk", flat=True)
        )
    return Q(**{f"{prefix}school_id__in_ids": Ids(sorted(school_ids))}) | Q(
        **{f"{prefix}municipality_id__in_ids": Ids(sorted(municipality_ids))}
    )


def _value_area_filter(user: AnyUser) -> Q | None:
    """``_value_subject_filter`` for indicator values, through their ``area`` (the municipality a
    value belongs to: its school's, or its own): the same rows, but a whole municipality is one
    range of the (area, period, id) index instead of a thousand of its schools' ids."""
    from schools.models import Municipality

    scope = scope_of(user)
    if scope.superuser:
        return None
    municipalities = set(scope.municipality_ids | scope.api_municipality_ids)
    if scope.region_ids:
        municipalities |= set(
            Municipality.objects.filter(region_id__in=scope.region_ids).order_by().values_list("pk", flat=True)
        )
    schools = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    parts = [one_of(field, ids) for field, ids in (("area_id", municipalities), ("school_id", schools)) if ids]
    if not scope.authenticated or not parts:
        return Q(pk__in=[])
    return functools.reduce(operator.or_, parts)


def visible_values(user: AnyUser, qs=None):
    """Indicator values the user may read: a list's counterpart of ``monitoring.view_values``."""
    from .models import IndicatorValue

    qs = IndicatorValue.objects.all() if qs is None else qs
    condition = _value_area_filter(user)
    return qs if condition is None else qs.filter(condition)


def visible_targets(user: AnyUser, qs=None):
    """Targets the user may read: a list's counterpart of ``monitoring.view_targets``."""
    from .models import Target

    qs = Target.objects.all() if qs is None else qs
    condition = _value_subject_filter(user)
    return qs if condition is None else qs.filter(condition)


def own_dashboard(user: AnyUser) -> tuple[str, int] | None:
    """The user's own dashboard as (level, id): their region's, else their municipality's, else
    their school team's (the lowest id where they have several); None for whoever has none."""
    scope = scope_of(user)
    for level, ids in (
        ("region", scope.region_ids),
        ("municipality", scope.municipality_ids),
        ("school", scope.team_school_ids),
    ):
        if ids:
            return level, min(ids)
    return None


# --- Data collections (appended with monitoring/views/collections.py) ---------------------------

# Who fills this school's forms, whatever the submission's state: the form page uses it to tell
# the school "accepted and locked" in Russian instead of a bare 403 (fill_submission decides
# whether the values may actually change).
rules.add_perm("monitoring.enter_submission", is_superuser | is_team_of_school | governs_school)
