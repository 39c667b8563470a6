"""Measures: create, edit, the measure page with its occurrences, schedule correction."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from programs.forms.assignments import assignment_formset, submitted_changes
from programs.forms.programs import MeasureForm, ScheduleForm
from programs.models import Measure, Program
from programs.selectors import programs as selectors
from programs.selectors.panels import measure_evidence_notes
from programs.services import measures as svc
from programs.services.errors import StaleVersion
from programs.timing import Kind, Schedule
from schools.views.editing import keep_typed_if_stale

from .common import add_rule_error, object_required

MEASURES = Measure.objects.select_related("program", "program__municipality", "task", "section")


def measure_required(perm: str):
    """A measure of the program in the URL (another program's measure id is 404), checked under
    its program's right."""
    return object_required(perm, MEASURES, lookup={"pk": "measure_pk", "program_id": "pk"}, check=lambda m: m.program)


@object_required("programs.change_program", Program.objects.select_related("municipality"))
def measure_create_view(request, program: Program):
    form = MeasureForm(request.POST or None, program=program)
    executors = assignment_formset(request.POST or None, program=program)
    if request.method == "POST" and _both_valid(form, executors):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            measure = svc.measure_create(program=program, data=data, assignments=submitted_changes(executors) or ())
        except ValidationError as exc:
            _refusal(request, form, executors, exc)
        else:
            if measure.needs_timing_review:
                messages.warning(
                    request, _("Срок «%s» не распознан автоматически — уточните расписание.") % measure.timing_text
                )
                return redirect("programs:measure_schedule", pk=program.pk, measure_pk=measure.pk)
            messages.success(request, _("Мероприятие %s добавлено.") % measure.number)
            return redirect(f"{program.get_absolute_url()}#measures")
    return render(request, "programs/measure_form.html", {"program": program, "form": form, "executors": executors})


def _both_valid(form, executors) -> bool:
    # Both validated, so one POST shows every mistake of the measure and of its executors at once;
    # an unposted executors section (unbound) has nothing to check.
    return all([form.is_valid(), not executors.is_bound or executors.is_valid()])


def _refusal(request, form, executors, exc: ValidationError) -> None:
    """A refusal about the executors' rows goes above them; any other to the measure's form."""
    if hasattr(exc, "error_dict") and "assignments" in exc.message_dict:
        executors.add_refusal(exc.message_dict["assignments"])
    else:
        add_rule_error(request, form, exc)


@measure_required("programs.change_program")
def measure_edit_view(request, measure: Measure):
    form = MeasureForm(request.POST or None, instance=measure, program=measure.program)
    executors = assignment_formset(request.POST or None, program=measure.program, measure=measure)
    if request.method == "POST" and _both_valid(form, executors):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            with keep_typed_if_stale(form, StaleVersion, latest=measure):
                svc.measure_update(
                    measure=measure,
                    data=data,
                    expected_version=form.cleaned_data.get("version"),
                    assignments=submitted_changes(executors),
                )
        except ValidationError as exc:  # a stale version too: the form now carries the latest one
            _refusal(request, form, executors, exc)
        else:
            messages.success(request, _("Мероприятие %s сохранено.") % measure.number)
            return redirect("programs:measure", pk=measure.program_id, measure_pk=measure.pk)
    return render(
        request,
        "programs/measure_form.html",
        {"program": measure.program, "form": form, "measure": measure, "executors": executors},
    )


@measure_required("programs.view_program")
def measure_detail_view(request, measure: Measure):
    prefetch_related_objects([measure], "assignments__organisation")
    work = selectors.execution(program_ids=[measure.program_id], measure_ids=[measure.pk])
    info = work.measures.get(measure.pk)
    schedule = Schedule.from_dict(measure.schedule) if measure.schedule else None
    return render(
        request,
        "programs/measure_detail.html",
        {
            "program": measure.program,
            "measure": measure,
            "items": selectors.work_items(work.targets),
            "counts": work.counts(),
            "on_demand": bool(info and info.on_demand),
            "reports_on_demand": selectors.on_demand_reports(measure=measure),
            "evidence_notes": measure_evidence_notes(measure=measure, user=request.user),
            "category_schools": selectors.category_school_list(measure=measure),
            "schedule": schedule,
            "executors": selectors.executors_of(measure, selectors.executor_states(work)),
            "can_edit": request.user.has_perm("programs.change_program", measure.program),
            "can_review": request.user.has_perm("programs.review_progress", measure.program),
        },
    )


@measure_required("programs.manage_program")
def measure_schedule_view(request, measure: Measure):
    current = Schedule.from_dict(measure.schedule) if measure.schedule else Schedule(kind=Kind.UNPARSED)
    form = ScheduleForm(request.POST or None, initial=ScheduleForm.initial_for(current), program=measure.program)
    if request.method == "POST" and form.is_valid():
        try:
            svc.measure_schedule_set(measure=measure, schedule=form.schedule())
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Расписание мероприятия %s сохранено.") % measure.number)
            return redirect("programs:measure", pk=measure.program_id, measure_pk=measure.pk)
    return render(
        request,
        "programs/measure_schedule.html",
        {"program": measure.program, "measure": measure, "form": form, "current": current},
    )


# --- previews: what the portal understood, before saving (htmx partials) ----------------------


@require_GET
@object_required("programs.change_program", Program)
def measure_timing_preview_view(request, program: Program):
    """The measure form's timing text as the portal reads it; allowed to whoever may add or edit
    the program's measures, the only people who see that form."""
    preview = svc.timing_preview(program=program, text=request.GET.get("timing_text", ""))
    return render(request, "programs/_timing_preview.html", {"preview": preview})


@require_GET
@measure_required("programs.manage_program")
def measure_schedule_preview_view(request, measure: Measure):
    """The schedule correction form's fields as a schedule; the permission of that form (an
    approved program's schedules are corrected too, so not change_program)."""
    form = ScheduleForm(request.GET, program=measure.program)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return render(request, "programs/_timing_preview.html", {"errors": errors})
    preview = svc.schedule_preview(program=measure.program, schedule=form.schedule())
    return render(request, "programs/_timing_preview.html", {"preview": preview})
