"""Reads for pages about the ladder and schools."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Q, QuerySet, Sum

from . import extensions
from .access import scope_of, visible_municipalities, visible_schools
from .history import HistoryEntry, history_entries
from .models import (
    CONTEXT_FACTORS,
    Municipality,
    Role,
    School,
    SchoolContext,
    SchoolProfile,
)
from .years import format_academic_year

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from schools.access import AnyUser


def school_list(*, user: AnyUser) -> QuerySet[School]:
    """The schools a user may see, with what the list shows joined in (no per-row queries)."""
    return (
        visible_schools(user).with_municipality().filter(is_archived=False).order_by("municipality__name", "short_name")
    )


class MunicipalityCounts(TypedDict):
    school_count: int
    rural_count: int
    organisation_count: int


def municipalities_overview(*, user: AnyUser) -> QuerySet[WithAnnotations[Municipality, MunicipalityCounts]]:
    """Municipalities side by side with their school counts, in one query."""
    # The custom queryset's type loses the annotations' TypedDict for the checker: named here.
    return cast(
        "QuerySet[WithAnnotations[Municipality, MunicipalityCounts]]",
        visible_municipalities(user)
        .with_region()
        .annotate(
            school_count=Count("schools", filter=Q(schools__is_archived=False), distinct=True),
            rural_count=Count(
                "schools",
                filter=Q(schools__is_archived=False, schools__locality=School.Locality.RURAL),
                distinct=True,
            ),
            organisation_count=Count("organisations", distinct=True),
        )
        .order_by("region__name", "name"),
    )


def home_context(*, user: AnyUser, role: str | None) -> dict:
    scope = scope_of(user)
    if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF):
        municipalities = list(municipalities_overview(user=user))
        return {
            "municipalities": municipalities,
            "school_total": sum(m.school_count for m in municipalities),
        }
    if role == Role.SCHOOL_TEAM:
        return {"schools": School.objects.filter(pk__in=scope.team_school_ids).with_municipality()}
    if role == Role.METHODOLOGIST:
        return {
            "schools": School.objects.filter(pk__in=scope.assigned_school_ids)
            .with_municipality()
            .order_by("municipality__name", "short_name")
        }
    if role == Role.API_CLIENT:
        return {"schools": visible_schools(user).with_municipality()[:50]}
    return {}


# --- The school page ------------------------------------------------------------------------


@dataclass(frozen=True)
class FactorRow:
    key: str
    title: str
    count: int | None
    share: float | None
    region_share: float | None

    @property
    def difference(self) -> float | None:
        if self.share is None or self.region_share is None:
            return None
        return self.share - self.region_share


@dataclass(frozen=True)
class ContextYear:
    year: int
    label: str
    total: int
    factors: list[FactorRow]
    record: SchoolContext


def region_context_shares(*, region_id: int, years: list[int]) -> dict[int, dict[str, float | None]]:
    """The region's pooled share of students for every factor and year, in one query.

    Pooled (Σ count / Σ total over the schools that reported the factor) rather than the mean of
    school shares, so that a small school does not weigh as much as a large one."""
    if not years:
        return {}
    aggregates = {}
    for key, _title in CONTEXT_FACTORS:
        known = Q(**{f"{key}__isnull": False})
        aggregates[f"{key}__n"] = Sum(key, filter=known)
        aggregates[f"{key}__d"] = Sum("total", filter=known)
    rows = (
        SchoolContext.objects.filter(school__region_id=region_id, year__in=years, school__is_archived=False)
        .values("year")
        .annotate(**aggregates)
    )
    result: dict[int, dict[str, float | None]] = {}
    for row in rows:
        result[row["year"]] = {
            key: (row[f"{key}__n"] / row[f"{key}__d"]) if row[f"{key}__d"] else None for key, _title in CONTEXT_FACTORS
        }
    return result


def school_context_years(*, school: School) -> list[ContextYear]:
    records = list(school.contexts.order_by("-year"))
    region = region_context_shares(region_id=school.region_id, years=[r.year for r in records])
    years = []
    for record in records:
        regional = region.get(record.year, {})
        years.append(
            ContextYear(
                year=record.year,
                label=format_academic_year(record.year),
                total=record.total,
                record=record,
                factors=[
                    FactorRow(key, title, getattr(record, key), record.share(key), regional.get(key))
                    for key, title in CONTEXT_FACTORS
                ],
            )
        )
    return years


def school_page(*, school: School) -> dict:
    return {
        "profiles": list(school.profiles.order_by("-year")),
        "context_years": school_context_years(school=school),
    }


def school_tabs(*, school: School, user) -> list[extensions.SchoolTab]:
    """The tabs the apps above schools (programs, monitoring, indices) add to the school page
    through the SCHOOL_TABS extension point, in INSTALLED_APPS order; those the user may not see
    are left out."""
    return [tab for provider in extensions.school_tab_providers() if (tab := provider(school, user))]


def school_history(*, school: School, limit: int = 100) -> list[HistoryEntry]:
    """Who changed what and when, on the school and its yearly records, newest first."""
    return history_entries(
        [
            (school.history.all(), lambda r: f"Школа: {r.short_name}"),
            (SchoolProfile.history.filter(school_id=school.pk), lambda r: f"Профиль {format_academic_year(r.year)}"),
            (SchoolContext.history.filter(school_id=school.pk), lambda r: f"Контекст {format_academic_year(r.year)}"),
        ],
        limit=limit,
    )
