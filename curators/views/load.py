"""The committee's view of curators' load: the municipality's (its committee, the region) and the
region's (region staff), with an XLSX of the same table."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from schools.access import visible_schools
from schools.access_log import access_event_record
from schools.models import AccessEvent, Municipality, Region
from schools.views.guards import object_required, perm_required

from ..access import load_area
from ..exports import load_xlsx
from ..selectors.load import curator_load

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@perm_required("schools.view_dashboard")
def load_index_view(request):
    area = load_area(request.user)
    if area is None:
        raise PermissionDenied
    kind, obj = area
    return redirect(f"curators:load_{kind}", obj.pk)


def _page(request, *, area_name: str, schools, slug: str, back: dict):
    load = curator_load(schools=visible_schools(request.user, schools), today=timezone.localdate())
    if request.GET.get("format") == "xlsx":
        access_event_record(request, kind=AccessEvent.Kind.EXPORT, subject=f"Нагрузка кураторов: {area_name} (XLSX)")
        response = HttpResponse(load_xlsx(load, area=area_name), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="curators-{slug}.xlsx"'
        return response
    return render(request, "curators/load.html", {"load": load, "area_name": area_name, **back})


@object_required("curators.view_load", Municipality.objects.select_related("region"))
def load_municipality_view(request, municipality: Municipality):
    return _page(
        request,
        area_name=municipality.name,
        schools=municipality.schools.all(),
        slug=f"municipality-{municipality.pk}",
        back={"municipality": municipality},
    )


@object_required("curators.view_region_load", Region)
def load_region_view(request, region: Region):
    return _page(
        request,
        area_name=region.name,
        schools=region.schools.all(),
        slug=f"region-{region.pk}",
        back={"region": region},
    )
