"""Who may see and start index runs, built on schools/access.py.

Region staff see and start runs of their region; municipal staff see the runs that cover their
municipality (the region's, read through their municipality's schools) and start runs of it.

Municipal staff do not start regional runs: a regional run is the region's
official result — the dashboards, the schools' index tabs and the index indicators read the
region's latest finished run — so only the region's committee decides when one is made and by
which methodology. A municipality too small for the regression (three schools) asks for the
region instead and is shown the region's latest finished run of the year, its own schools
highlighted among the region's (``may_start_run`` and the run page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.db.models import Q, QuerySet

from schools.access import (
    Scope,
    governs_municipality,
    governs_region,
    is_committee_staff,
    is_region_staff,
    is_superuser,
    scope_of,
)

from .models import Run

if TYPE_CHECKING:
    from schools.access import AnyUser


def _run_places(scope: Scope) -> tuple[set[int], set[int]]:
    """The municipalities whose own runs the user reads, and the regions whose regional runs they
    read, besides the regions they govern: their municipalities' (as staff or a REST client) and
    their REST client schools' — known to the scope, no query."""
    municipalities = scope.municipalities_of(scope.api_school_ids) | scope.municipality_ids | scope.api_municipality_ids
    regions = scope.regions_of(
        municipalities=scope.municipality_ids | scope.api_municipality_ids, schools=scope.api_school_ids
    )
    return municipalities, regions


@rules.predicate
def governs_run(user: AnyUser, run: Run) -> bool:
    """The object form of ``visible_runs`` (REST clients read the rows of their area only:
    run_results)."""
    scope = scope_of(user)
    if run.region_id in scope.region_ids:
        return True
    municipalities, regions = _run_places(scope)
    if run.municipality_id is not None:
        return run.municipality_id in municipalities
    return run.region_id in regions


rules.add_perm("indices.view_run", is_superuser | governs_run)
rules.add_perm("indices.add_run", is_committee_staff)  # superusers, region and municipal staff
rules.add_perm("indices.change_methodology", is_superuser | is_region_staff)
# The risk-of-low-results rule is versioned like a methodology and changed by the same people.
rules.add_perm("indices.change_risk_rule", is_superuser | is_region_staff)
# Assessment results and the risk group of a municipality (obj: a Municipality) or of a region (obj:
# a Region): the committee staff over it and superusers; schools and API clients read their own
# school's results on the school page and through the API.
rules.add_perm("indices.view_municipality_results", is_superuser | governs_municipality)
rules.add_perm("indices.view_region_results", is_superuser | governs_region)


def own_results_area(user: AnyUser) -> tuple[str, int] | None:
    """Where the «Риск низких результатов» link leads: the user's region, else their municipality
    (the first of each by id; a superuser's: the first region); None for anyone who is not committee
    staff."""
    from schools.models import Region

    scope = scope_of(user)
    if scope.superuser:
        first = Region.objects.order_by("pk").values_list("pk", flat=True).first()
        return None if first is None else ("region", first)
    if scope.region_ids:
        return "region", min(scope.region_ids)
    if scope.municipality_ids:
        return "municipality", min(scope.municipality_ids)
    return None


def may_start_run(user: AnyUser, *, region_id: int, municipality_id: int | None) -> bool:
    """A run of the region: its staff (and superusers); of a municipality: its staff, or the
    region's."""
    scope = scope_of(user)
    if scope.superuser or region_id in scope.region_ids:
        return True
    return municipality_id is not None and municipality_id in scope.municipality_ids


def regions_started_by(user: AnyUser):
    """The regions whose regional runs the user starts (``may_start_run``): every region for a
    superuser, else those of their region staff role."""
    from schools.models import Region

    scope = scope_of(user)
    return Region.objects.all() if scope.superuser else Region.objects.filter(pk__in=scope.region_ids)


def regions_read_through_latest_run(user: AnyUser, municipalities) -> set:
    """The regions of those of ``municipalities`` the user is municipal staff of: they do not start
    the region's run but are shown its latest one, their schools highlighted (module docstring)."""
    mine = scope_of(user).municipality_ids
    return {m.region for m in municipalities if m.pk in mine}


def run_region_ids(user: AnyUser) -> set[int] | None:
    """The regions whose runs the user starts or reads as their municipality's staff (None: every
    region) — where the run form looks for the latest year with data."""
    scope = scope_of(user)
    if scope.superuser:
        return None
    return set(scope.region_ids) | scope.regions_of(municipalities=scope.municipality_ids)


def visible_runs(user: AnyUser, qs: QuerySet[Run] | None = None) -> QuerySet[Run]:
    qs = Run.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    # The runs are filtered on their own columns, with the places of the user known to the
    # scope: joins through the region's municipalities and schools multiplied each run by the
    # region's schools (1,500 rows per run at national scale, 30 ms to find one run), and
    # subqueries cost more to build than the run costs to read.
    municipalities, regions = _run_places(scope)
    return qs.filter(
        Q(region_id__in=scope.region_ids)
        | Q(municipality_id__in=municipalities)
        | Q(municipality__isnull=True, region_id__in=regions)
    )
