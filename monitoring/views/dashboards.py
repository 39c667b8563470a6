"""Dashboards: municipality, school, region. The panels come from every app (reporting/dashboards.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from rules.contrib.views import objectgetter

from reporting.dashboards import dashboard_panels, dashboard_region_columns
from schools.access import scope_of, visible_municipalities
from schools.models import Municipality, Region, School
from schools.views.guards import perm_required


@login_required
def dashboard_home_view(request):
    """The user's own dashboard: their region, else their municipality, else their school."""
    scope = scope_of(request.user)
    if scope.region_ids:
        return redirect("monitoring:dashboard_region", pk=min(scope.region_ids))
    if scope.municipality_ids:
        return redirect("monitoring:dashboard_municipality", pk=min(scope.municipality_ids))
    if scope.team_school_ids:
        return redirect("monitoring:dashboard_school", pk=min(scope.team_school_ids))
    raise PermissionDenied


@perm_required("schools.view_municipality", fn=objectgetter(Municipality, "pk"))
def dashboard_municipality_view(request, pk: int):
    municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
    panels = dashboard_panels(level="municipality", obj=municipality, user=request.user)
    return render(request, "monitoring/dashboard/municipality.html", {"municipality": municipality, "panels": panels})


@perm_required("schools.view_school", fn=objectgetter(School, "pk"))
def dashboard_school_view(request, pk: int):
    school = get_object_or_404(School.objects.select_related("municipality"), pk=pk)
    panels = dashboard_panels(level="school", obj=school, user=request.user)
    return render(request, "monitoring/dashboard/school.html", {"school": school, "panels": panels})


@login_required
def dashboard_region_view(request, pk: int):
    region = get_object_or_404(Region, pk=pk)
    scope = scope_of(request.user)
    if not (scope.superuser or region.pk in scope.region_ids):
        raise PermissionDenied
    municipalities = list(visible_municipalities(request.user).filter(region=region).order_by("name"))
    columns = dashboard_region_columns(municipalities=municipalities, user=request.user)
    rows = [(m, [(c.values.get(m.pk), c.status.get(m.pk, "")) for c in columns]) for m in municipalities]
    return render(request, "monitoring/dashboard/region.html", {"region": region, "columns": columns, "rows": rows})
