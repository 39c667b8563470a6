"""A school's per-teacher development plans and mentor–mentee pairs, under its trainings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.views.common import add_rule_error
from schools.models import School
from schools.views.guards import object_required

from ..forms import PairForm, PlanItemForm
from ..models import MentorPair, PlannedTraining
from ..selectors.plans import PlanState, pair_source, plan_item_source, school_pairs, school_plans
from ..selectors.training import school_source
from ..services import plans as svc
from .training import _year


def _back(school_id: int, year: int) -> str:
    return f"{reverse('resources:plans', args=[school_id])}?year={year}"


@object_required("resources.view_trainings", school_source())
def plans_view(request, school: School):
    year = _year(request)
    can_change = request.user.has_perm("resources.change_trainings", school)
    item_form = pair_form = None
    if can_change:
        which = request.POST.get("which") if request.method == "POST" else None
        item_form = PlanItemForm(request.POST if which == "item" else None, initial={"year": year})
        pair_form = PairForm(request.POST if which == "pair" else None)
        if which == "item" and item_form.is_valid():
            try:
                svc.plan_item_add(school=school, data=svc.PlanItemData(**item_form.cleaned_data))
            except ValidationError as exc:
                add_rule_error(request, item_form, exc)
            else:
                messages.success(request, _("Обучение добавлено в план педагога."))
                return redirect(_back(school.pk, item_form.cleaned_data["year"]))
        if which == "pair" and pair_form.is_valid():
            try:
                svc.pair_add(school=school, data=svc.PairData(**pair_form.cleaned_data))
            except ValidationError as exc:
                add_rule_error(request, pair_form, exc)
            else:
                messages.success(request, _("Пара «наставник — наставляемый» добавлена."))
                return redirect(_back(school.pk, year))
    return render(
        request,
        "resources/plans.html",
        {
            "school": school,
            "year": year,
            "plans": school_plans(school_id=school.pk, year=year),
            "pairs": school_pairs(school_id=school.pk, year=year),
            "states": PlanState,
            "item_form": item_form,
            "pair_form": pair_form,
            "can_change": can_change,
        },
    )


@require_POST
@object_required(
    "resources.change_trainings",
    plan_item_source(),
    check=lambda item: item.plan.school,
)
def plan_item_delete_view(request, item: PlannedTraining):
    school_id, year = item.plan.school_id, item.plan.year
    svc.plan_item_delete(item=item)
    messages.success(request, _("Обучение убрано из плана."))
    return redirect(_back(school_id, year))


@require_POST
@object_required("resources.change_trainings", pair_source(), check=lambda p: p.school)
def pair_delete_view(request, pair: MentorPair):
    school_id, year = pair.school_id, pair.starts_on.year
    svc.pair_delete(pair=pair)
    messages.success(request, _("Пара удалена."))
    return redirect(_back(school_id, year))
