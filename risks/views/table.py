"""The municipal picture: schools × factors, coloured and labelled, with counts per factor."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from schools.models import Municipality
from schools.views.guards import object_required, perm_required

from ..access import table_municipalities
from ..selectors import profiles as sel
from ..services.catalogue import catalogue_current
from .profiles import _year


@perm_required("risks.view_catalogue")
def index_view(request):
    """The navigation's entry: the first municipality the user oversees."""
    municipality = table_municipalities(request.user).first()
    if municipality is None or not request.user.has_perm("risks.view_table", municipality):
        raise PermissionDenied
    return redirect(reverse("risks:table", args=[municipality.pk]))


@object_required("risks.view_table", Municipality.objects.select_related("region"))
def table_view(request, municipality: Municipality):
    year = _year(request.GET.get("year"))
    table = sel.municipal_table(municipality=municipality, year=year, catalogue=catalogue_current())
    others = [m for m in table_municipalities(request.user) if m.pk != municipality.pk]
    return render(
        request,
        "risks/table.html",
        {
            "municipality": municipality,
            "year": year,
            "years": sel.table_years(municipality=municipality),
            "table": table,
            "columns": list(zip(table.factors, table.counts, strict=True)),
            "others": others[:50],
        },
    )
