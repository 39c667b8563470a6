"""Dashboards: municipality, school, region. The panels come from every app (reporting/dashboards.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from reporting.dashboards import dashboard_panels, dashboard_region_columns, region_chart
from schools.access import visible_municipalities
from schools.models import Municipality, Region, School
from schools.views.guards import object_required

from ..access import own_dashboard


@login_required
def dashboard_home_view(request):
    """The user's own dashboard: their region, else their municipality, else their school."""
    own = own_dashboard(request.user)
    if own is None:
        raise PermissionDenied
    level, pk = own
    return redirect(f"monitoring:dashboard_{level}", pk=pk)


@object_required("schools.view_municipality", Municipality.objects.select_related("region"))
def dashboard_municipality_view(request, municipality: Municipality):
    panels = dashboard_panels(level="municipality", obj=municipality, user=request.user)
    return render(request, "monitoring/dashboard/municipality.html", {"municipality": municipality, "panels": panels})


@object_required("schools.view_school", School.objects.select_related("municipality"))
def dashboard_school_view(request, school: School):
    panels = dashboard_panels(level="school", obj=school, user=request.user)
    return render(request, "monitoring/dashboard/school.html", {"school": school, "panels": panels})


@object_required("schools.view_region", Region)
def dashboard_region_view(request, region: Region):
    municipalities = list(visible_municipalities(request.user).filter(region=region).order_by("name"))
    columns = dashboard_region_columns(municipalities=municipalities, user=request.user)
    rows = [(m, [(c.values.get(m.pk), c.status.get(m.pk, "")) for c in columns]) for m in municipalities]
    chart = region_chart(municipalities=municipalities, columns=columns)
    return render(
        request,
        "monitoring/dashboard/region.html",
        {"region": region, "columns": columns, "rows": rows, "chart": chart},
    )
