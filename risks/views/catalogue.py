"""The risk factor catalogue: the current version read by committees, edited by the region."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render

from schools.views.guards import perm_required

from ..forms import CatalogueForm, FactorFormSet, derived_text
from ..inputs import INPUTS
from ..models import Catalogue
from ..rules import FactorSpec, rule_in_words
from ..services.catalogue import catalogue_current, catalogue_save


@perm_required("risks.view_catalogue")
def catalogue_view(request):
    catalogue = catalogue_current()
    derived = catalogue.derived_specs()
    factors = [(f, rule_in_words(f.rule, derived)) for f in catalogue.factors.all()]
    return render(
        request,
        "risks/catalogue.html",
        {
            "catalogue": catalogue,
            "factors": factors,
            "derived": list(derived.values()),
            "inputs": INPUTS,
            "versions": Catalogue.objects.select_related("created_by").annotate(used=Count("profiles")),
            "can_change": request.user.has_perm("risks.change_catalogue"),
        },
    )


@perm_required("risks.change_catalogue")
def catalogue_edit_view(request):
    catalogue = catalogue_current()
    initial = [
        {
            "code": f.code,
            "title": f.title,
            "rule": f.rule,
            "unit": f.unit,
            "direction": f.direction,
            "low": f.low,
            "medium": f.medium,
            "high": f.high,
        }
        for f in catalogue.factors.all()
    ]
    formset = FactorFormSet(request.POST or None, initial=initial, prefix="f")
    form = CatalogueForm(request.POST or None, initial={"derived": derived_text(catalogue.derived)})
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid() and form.is_valid():
        factors = [
            FactorSpec(d["code"], d["title"], d["rule"], d["direction"], d["low"], d["medium"], d["high"], d["unit"])
            for d in formset.cleaned_data
        ]
        try:
            saved = catalogue_save(
                user=request.user, factors=factors, derived=form.cleaned_data["derived"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Сохранена версия {saved.number} каталога факторов риска.")
            return redirect("risks:catalogue")
    return render(
        request,
        "risks/catalogue_edit.html",
        {"catalogue": catalogue, "formset": formset, "form": form, "errors": errors, "inputs": INPUTS},
    )
