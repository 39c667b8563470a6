"""Reads for pages about the ladder: what each role's home page shows."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .access import scope_of, visible_municipalities, visible_schools
from .models import Municipality, Organisation, Role, School


def school_list(*, user, search: str = "", municipality_id: int | None = None) -> QuerySet[School]:
    qs = visible_schools(user).select_related("municipality").filter(is_archived=False)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    if search:
        qs = qs.filter(Q(short_name__icontains=search) | Q(name__icontains=search) | Q(code=search))
    return qs.order_by("municipality__name", "short_name")


def municipalities_overview(*, user) -> QuerySet[Municipality]:
    """Municipalities side by side with their school counts, in one query."""
    return (
        visible_municipalities(user)
        .select_related("region")
        .annotate(
            school_count=Count("schools", filter=Q(schools__is_archived=False), distinct=True),
            rural_count=Count(
                "schools",
                filter=Q(schools__is_archived=False, schools__locality=School.Locality.RURAL),
                distinct=True,
            ),
            organisation_count=Count("organisations", distinct=True),
        )
        .order_by("region__name", "name")
    )


def home_context(*, user, role: str | None) -> dict:
    scope = scope_of(user)
    if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF):
        municipalities = list(municipalities_overview(user=user))
        return {
            "municipalities": municipalities,
            "authorities": Organisation.objects.filter(
                municipality__in=[m.pk for m in municipalities], kind=Organisation.Kind.AUTHORITY
            ).select_related("municipality"),
            "school_total": sum(m.school_count for m in municipalities),
        }
    if role == Role.SCHOOL_TEAM:
        return {
            "schools": School.objects.filter(pk__in=scope.team_school_ids).select_related(
                "municipality"
            )
        }
    if role == Role.METHODOLOGIST:
        return {
            "schools": School.objects.filter(pk__in=scope.assigned_school_ids)
            .select_related("municipality")
            .order_by("municipality__name", "short_name")
        }
    if role == Role.API_CLIENT:
        return {"schools": visible_schools(user).select_related("municipality")[:50]}
    return {}
