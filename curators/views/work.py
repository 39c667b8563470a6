"""The curator's pages: «Мои школы», a school's curation (plan and visits), a visit, its files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.views.common import add_rule_error, file_download, form_error_summary
from schools.models import School
from schools.views.guards import object_required, perm_required

from ..forms import PlanItemForm, VisitForm
from ..models import CuratorAssignment, VisitFile
from ..selectors.mine import my_schools
from ..selectors.school import school_curation, visit_source
from ..services.visits import VisitData, plan_item_add, visit_record


@perm_required("curators.view_my_schools")
def my_schools_view(request):
    today = timezone.localdate()
    return render(request, "curators/my_schools.html", {"rows": my_schools(user=request.user, today=today)})


def _school_source(request, pk: int) -> School:
    return School.objects.select_related("municipality").get(pk=pk)


def _active_assignment(request, pk: int) -> CuratorAssignment:
    """The school's active assignment (the URL names the school): the object of the curator's work."""
    return CuratorAssignment.objects.active().with_people().get(school_id=pk)


@object_required("curators.view_curation", _school_source)
def school_view(request, school: School):
    curation = school_curation(school=school)
    can_work = curation.current is not None and request.user.has_perm("curators.work", curation.current)
    return render(
        request,
        "curators/school.html",
        {
            "school": school,
            "curation": curation,
            "can_work": can_work,
            "plan_form": PlanItemForm() if can_work else None,
        },
    )


@require_POST
@object_required("curators.work", _active_assignment)
def plan_add_view(request, assignment: CuratorAssignment):
    form = PlanItemForm(request.POST)
    if form.is_valid():
        try:
            plan_item_add(assignment=assignment, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Пункт добавлен в план."))
            return redirect("curators:school", assignment.school_id)
    for message in (row["message"] for row in form_error_summary(form)):
        messages.error(request, message)
    return redirect("curators:school", assignment.school_id)


@object_required("curators.work", _active_assignment)
def visit_create_view(request, assignment: CuratorAssignment):
    initial = {"visited_on": timezone.localdate(), "format": "onsite"}
    if (request.GET.get("item") or "").isdigit():
        initial["plan_item"] = request.GET["item"]
    form = VisitForm(request.POST or None, request.FILES or None, assignment=assignment, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = VisitData(
            visited_on=d["visited_on"],
            format=d["format"],
            purpose=d["purpose"],
            observed=d["observed"],
            recommendations=d["recommendations"],
            next_steps=d["next_steps"],
        )
        try:
            visit = visit_record(
                assignment=assignment, data=data, user=request.user, plan_item=d["plan_item"], files=d["files"]
            )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Визит записан в журнал."))
            return redirect("curators:visit", visit.pk)
    return render(
        request,
        "curators/visit_form.html",
        {"assignment": assignment, "school": assignment.school, "form": form, "errors": form_error_summary(form)},
    )


@object_required("curators.view_curation", visit_source)
def visit_view(request, visit):
    return render(request, "curators/visit.html", {"visit": visit, "school": visit.assignment.school})


@object_required(
    "curators.view_curation",
    VisitFile.objects.select_related("visit__assignment__school"),
)
def file_view(request, stored: VisitFile):
    if not stored.file:
        raise Http404
    return file_download(request, stored, subject=f"curator-visit-file:{stored.pk}")
