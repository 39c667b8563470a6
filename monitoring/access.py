"""Who may see and change indicators, collections, submissions and audits — on top of
schools/access.py, so the ladder is read in one place."""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet

from schools.access import (
    can_view_school,
    governs_municipality,
    governs_school,
    is_assigned_to_school,
    is_committee_staff,
    is_superuser,
    is_team_of_school,
    scope_of,
)

from .models import Collection, Submission


@rules.predicate
def submission_is_open(user, submission: Submission) -> bool:
    return not submission.locked and submission.collection.status == Collection.Status.OPEN


@rules.predicate
def is_region_staff(user) -> bool:
    return bool(scope_of(user).region_ids)


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


def visible_collections(user, qs: QuerySet[Collection] | None = None) -> QuerySet[Collection]:
    qs = Collection.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    return qs.filter(Q(municipality__region_id__in=scope.region_ids) | Q(municipality_id__in=scope.municipality_ids))


def visible_submissions(user, qs: QuerySet[Submission] | None = None) -> QuerySet[Submission]:
    qs = Submission.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    mine = scope.team_school_ids | scope.assigned_school_ids
    return qs.filter(
        Q(school__region_id__in=scope.region_ids)
        | Q(school__municipality_id__in=scope.municipality_ids)
        | Q(school_id__in=mine)
    )
