"""Who may see and start index runs, built on schools/access.py.

Region staff see and start runs of their region; municipal staff see the runs that cover their
municipality (the region's, read through their municipality's schools) and start runs of it."""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet

from schools.access import is_superuser, scope_of

from .models import Run


@rules.predicate
def governs_run(user, run: Run) -> bool:
    scope = scope_of(user)
    if run.region_id in scope.region_ids:
        return True
    if scope.api_municipality_ids or scope.api_school_ids:
        # REST clients pull index results of their area (rows are restricted by run_results).
        from schools.models import School

        if (
            School.objects.filter(region_id=run.region_id)
            .filter(Q(municipality_id__in=scope.api_municipality_ids) | Q(pk__in=scope.api_school_ids))
            .exists()
        ):
            return True
    if run.municipality_id is not None:
        return run.municipality_id in scope.municipality_ids
    return bool(scope.municipality_ids) and run.region.municipalities.filter(pk__in=scope.municipality_ids).exists()


@rules.predicate
def is_index_staff(user) -> bool:
    scope = scope_of(user)
    return bool(scope.region_ids or scope.municipality_ids)


rules.add_perm("indices.view_run", is_superuser | governs_run)
rules.add_perm("indices.add_run", is_superuser | is_index_staff)
rules.add_perm("indices.change_methodology", is_superuser | rules.predicate(lambda u: bool(scope_of(u).region_ids)))


def visible_runs(user, qs: QuerySet[Run] | None = None) -> QuerySet[Run]:
    qs = Run.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    return qs.filter(
        Q(region_id__in=scope.region_ids)
        | Q(municipality_id__in=scope.municipality_ids | scope.api_municipality_ids)
        | Q(
            municipality__isnull=True,
            region__municipalities__id__in=scope.municipality_ids | scope.api_municipality_ids,
        )
        | Q(municipality__isnull=True, region__schools__id__in=scope.api_school_ids)
        | Q(municipality__schools__id__in=scope.api_school_ids)
    ).distinct()
