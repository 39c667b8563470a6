"""The risk group pages of a municipality and of a region (issue 17): the year's group with the
reason in words and the assessments behind it, the schools entering and leaving it, the schools
with no data; the same as a workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from schools.access import visible_schools
from schools.access_log import access_event_record
from schools.models import AccessEvent, Municipality, Region
from schools.views.guards import object_required
from schools.years import academic_year_label, current_academic_year, format_academic_year

from ..access import own_results_area
from .exports import risk_page_xlsx
from .selectors import describe_risk_rule, result_years, risk_overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def risk_home_view(request):
    """The «Риск низких результатов» link: the user's region, else their municipality."""
    own = own_results_area(request.user)
    if own is None:
        raise PermissionDenied
    level, pk = own
    return redirect(f"indices:risk_{level}", pk=pk)


def _year(request, years: list[int]) -> int:
    """The year asked for (one of those with results), else the newest with results."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else current_academic_year()


def _risk_page(request, *, region: Region, municipality: Municipality | None):
    years = result_years(region_id=region.pk)
    year = _year(request, years)
    schools = visible_schools(request.user).filter(region=region)
    if municipality is not None:
        schools = schools.filter(municipality=municipality)
    overview = risk_overview(
        year=year,
        region_id=region.pk,
        municipality_id=None if municipality is None else municipality.pk,
        school_ids=schools.values_list("pk", flat=True),
    )
    area = municipality or region
    if request.GET.get("format") == "xlsx":
        access_event_record(
            request,
            kind=AccessEvent.Kind.EXPORT,
            subject=_("Группа риска низких результатов: %(area)s, %(year)s (XLSX)")
            % {"area": area.name, "year": academic_year_label(year)},
        )
        response = HttpResponse(risk_page_xlsx(overview), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="risk-{"municipality" if municipality else "region"}-{area.pk}-{year}.xlsx"'
        )
        return response
    return render(
        request,
        "indices/risk.html",
        {
            "region": region,
            "municipality": municipality,
            "area": area,
            "year": year,
            "previous_year": year - 1,
            "years": [(y, format_academic_year(y)) for y in years],
            "overview": overview,
            "rule": describe_risk_rule(overview.rule),
        },
    )


@object_required("indices.view_municipality_results", Municipality.objects.select_related("region"))
def risk_municipality_view(request, municipality: Municipality):
    return _risk_page(request, region=municipality.region, municipality=municipality)


@object_required("indices.view_region_results", Region)
def risk_region_view(request, region: Region):
    return _risk_page(request, region=region, municipality=None)
