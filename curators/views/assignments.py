"""The region's page of curators: who curates which school by which order; assigning and ending."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.views.common import add_rule_error
from schools.formats import count_of
from schools.views.guards import object_required, perm_required

from ..access import assignable_curators, assignable_schools, visible_assignments
from ..forms import AssignForm, EndForm
from ..models import CuratorAssignment
from ..services.assignments import OrderData, curator_assign, curator_end


@perm_required("curators.manage_assignments")
def assignments_view(request):
    user = request.user
    form = AssignForm(request.POST or None, curators=assignable_curators(user), schools=assignable_schools(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        order = OrderData(d["order_number"], d["order_date"], d["starts_on"], d["ends_on"])
        try:
            made = curator_assign(curator=d["curator"], schools=list(d["schools"]), order=order, user=user)
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(
                request,
                _("%(name)s — куратор: %(n)s.")
                % {"name": d["curator"].display_name, "n": count_of(len(made), "школа", "школы", "школ")},
            )
            return redirect("curators:assignments")
    rows = list(visible_assignments(user).with_people().order_by("ended_on", "school__short_name", "-starts_on"))
    return render(
        request,
        "curators/assignments.html",
        {
            "form": form,
            "active": [a for a in rows if a.is_active],
            "ended": [a for a in rows if not a.is_active],
            "end_form": EndForm(),
        },
    )


@require_POST
@object_required("curators.assign", CuratorAssignment.objects.with_people())
def assignment_end_view(request, assignment: CuratorAssignment):
    form = EndForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("curators:assignments")
    try:
        curator_end(assignment=assignment, ended_on=form.cleaned_data["ended_on"], user=request.user)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(
            request,
            _("Закрепление куратора %(name)s за школой «%(school)s» завершено.")
            % {"name": assignment.curator.display_name, "school": assignment.school.short_name},
        )
    return redirect("curators:assignments")
