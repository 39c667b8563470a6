"""The support episodes of a municipality's schools (issue 17): each school's history of support
across the years, filtered by year and by the measure of need, and the same as a workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from schools.access import staff_municipalities, visible_schools
from schools.access_log import access_event_record
from schools.models import AccessEvent, Municipality
from schools.years import format_academic_year

from ..exports import episodes_xlsx
from ..selectors.episodes import attach_parts, episode_years, support_episodes
from .common import object_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def support_home_view(request):
    """The «Эпизоды поддержки» link: the committee's own municipality (the first by name)."""
    own = staff_municipalities(request.user).order_by("name").values_list("pk", flat=True).first()
    if own is None:
        raise PermissionDenied
    return redirect("programs:support_municipality", pk=own)


@object_required("programs.view_support_episodes", Municipality.objects.select_related("region"))
def support_municipality_view(request, municipality: Municipality):
    schools = list(
        visible_schools(request.user).filter(municipality=municipality).select_related("municipality").order_by("name")
    )
    episodes = support_episodes(schools=schools, user=request.user)
    years = episode_years(episodes)
    kinds = sorted({(e.order, e.kind, e.kind_label) for e in episodes})
    year_raw, kind = request.GET.get("year", ""), request.GET.get("kind", "")
    year = int(year_raw) if year_raw.isdigit() and int(year_raw) in years else None
    if kind not in {k for _o, k, _l in kinds}:
        kind = ""
    shown = [e for e in episodes if (year is None or e.covers(year) or e.left == year) and (not kind or e.kind == kind)]
    shown.sort(key=lambda e: (e.school.name if e.school else "", e.order, e.start))
    if request.GET.get("format") == "xlsx":
        access_event_record(
            request,
            kind=AccessEvent.Kind.EXPORT,
            subject=f"Эпизоды поддержки: {municipality.name} (XLSX)",
        )
        response = HttpResponse(episodes_xlsx(shown), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="support-episodes-{municipality.pk}.xlsx"'
        return response
    if year is not None:
        # What each school's year held (documents, visits, results): asked per school
        # shown; the workbook does not list them, so it is written before.
        for school in {e.school for e in shown if e.school is not None}:
            attach_parts(shown, school=school, user=request.user, years=[year])
    return render(
        request,
        "programs/support_episodes.html",
        {
            "municipality": municipality,
            "episodes": shown,
            "schools": len({e.school_id for e in shown}),
            "years": [(y, format_academic_year(y)) for y in years],
            "year": year,
            "kinds": [(k, label) for _o, k, label in kinds],
            "kind": kind,
            "entered": sum(1 for e in shown if year is not None and e.start == year),
            "left": sum(1 for e in shown if year is not None and e.left == year),
        },
    )
