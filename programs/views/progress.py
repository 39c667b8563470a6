"""Filing progress on an occurrence, the report page, the committee's review, "my measures"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.forms.programs import ProgressForm, ReviewForm
from programs.models import Evidence, Measure, MeasureAssignment, Occurrence, ProgressReport
from programs.selectors import programs as selectors
from programs.selectors.panels import evidence_notes
from programs.services import progress as svc
from schools.access import is_committee_staff
from schools.models import School

from .common import add_rule_error, file_download, object_required, occurrence_or_404


def _party(request, measure) -> dict:
    """The school or roadmap level named in the query (or the form), checked against the measure."""
    school_id = request.GET.get("school") or request.POST.get("school")
    assignment_id = request.GET.get("assignment") or request.POST.get("assignment")
    party: dict = {}
    if school_id:
        party["school"] = get_object_or_404(School, pk=school_id if str(school_id).isdigit() else 0)
    if assignment_id:
        party["assignment"] = get_object_or_404(
            MeasureAssignment.objects.select_related("organisation"),
            pk=assignment_id if str(assignment_id).isdigit() else 0,
            measure=measure,
        )
    elif not school_id:
        party["organisation"] = svc.reporting_organisation(measure=measure, user=request.user)
    return party


def _file(request, target: svc.ProgressTarget, *, on_demand_measure=None):
    """The filing form for a dated target, or for a measure without due dates (the report then
    carries the date of the work, and makes its occurrence)."""
    if not request.user.has_perm("programs.file_progress", target):
        raise PermissionDenied
    for_party = request.user.has_perm("programs.file_progress_as_party", target)
    report = None
    if on_demand_measure is None:
        report = ProgressReport.objects.filter(
            occurrence=target.occurrence, school=target.school, assignment=target.assignment
        ).first()
    initial = {"status": report.status, "narrative": report.narrative, "version": report.version} if report else {}
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        on_demand=on_demand_measure is not None,
        on_behalf=not for_party,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                if on_demand_measure is not None:
                    occurrence = svc.on_demand_occurrence(measure=on_demand_measure, done_on=d["done_on"])
                    target = svc.ProgressTarget(
                        occurrence=occurrence,
                        school=target.school,
                        organisation=target.organisation,
                        assignment=target.assignment,
                    )
                svc.progress_file(
                    target=target,
                    user=request.user,
                    status=d["status"],
                    narrative=d["narrative"],
                    files=d.get("files") or [],
                    expected_version=d.get("version"),
                )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Отчёт отправлен на проверку."))
            return redirect("programs:measure", pk=target.program.pk, measure_pk=target.occurrence.measure_id)
    return render(
        request,
        "programs/progress_form.html",
        {
            "target": target,
            "form": form,
            "report": report,
            "program": target.program,
            "measure": target.occurrence.measure,
            "on_demand": on_demand_measure is not None,
        },
    )


@login_required
def progress_file_view(request, occurrence_pk: int):
    occurrence = occurrence_or_404(occurrence_pk)
    target = svc.ProgressTarget(occurrence=occurrence, **_party(request, occurrence.measure))
    return _file(request, target)


@login_required
def progress_file_on_demand_view(request, measure_pk: int):
    """A report on a measure without due dates: «по запросу», an undated roadmap row."""
    measure = get_object_or_404(Measure.objects.select_related("program"), pk=measure_pk, is_archived=False)
    # An unsaved occurrence stands for "some day of the program" until the form gives the date.
    placeholder = Occurrence(measure=measure, due_date=timezone.localdate(), on_demand=True)
    target = svc.ProgressTarget(occurrence=placeholder, **_party(request, measure))
    return _file(request, target, on_demand_measure=measure)


@object_required(
    "programs.view_report",
    ProgressReport.objects.select_related(
        "occurrence__measure__program", "school", "assignment__organisation", "filed_by", "reviewed_by"
    ),
    url_kwarg="report_pk",
)
def report_detail_view(request, report: ProgressReport):
    program = report.occurrence.measure.program
    return render(
        request,
        "programs/report_detail.html",
        {
            "report": report,
            "program": program,
            "measure": report.occurrence.measure,
            "reviews": report.reviews.select_related("by"),
            "evidence": report.evidence.all(),
            "evidence_notes": evidence_notes(report_ids=[report.pk], user=request.user),
            "can_review": request.user.has_perm("programs.decide_report", report)
            and report.review == ProgressReport.Review.SUBMITTED
            and report.filed_by_id != request.user.pk,
            # Separation of duties: the service refuses; the page says so instead of offering buttons.
            "filed_by_me": report.filed_by_id == request.user.pk,
            "review_form": ReviewForm(),
        },
    )


@require_POST
@object_required(
    "programs.decide_report",
    ProgressReport.objects.select_related("occurrence__measure__program"),
    url_kwarg="report_pk",
)
def report_review_view(request, report: ProgressReport):
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if request.POST.get("decision") == "accept":
            svc.progress_accept(report=report, user=request.user, comment=comment)
            messages.success(request, _("Отчёт принят."))
        else:
            svc.progress_return(report=report, user=request.user, comment=comment)
            messages.info(request, _("Отчёт возвращён на доработку."))
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    return redirect("programs:report", report_pk=report.pk)


@object_required(
    "programs.view_report",
    Evidence.objects.select_related("report__occurrence__measure__program"),
    url_kwarg="evidence_pk",
    check=lambda evidence: evidence.report,
)
def evidence_download_view(request, evidence: Evidence):
    return file_download(
        request, evidence, subject=_("Подтверждающий файл «%(name)s»") % {"name": evidence.original_name}
    )


@login_required
def my_measures_view(request):
    """«Мои мероприятия» of a school team or an executing organisation, and the committee's
    list behind every count of due / overdue / waiting work (``?state=…&program=…``)."""
    state = request.GET.get("state") or ""
    program = request.GET.get("program") or ""
    program_id = int(program) if program.isdigit() else None
    late = state == "late"
    states = None if late else selectors.list_states(state)
    work = selectors.work_list(user=request.user, states=states, program_id=program_id, late=late)
    return render(
        request,
        "programs/my_measures.html",
        {
            "work": work,
            "items": work.items,
            "state": state if (states is not None or late) else "",
            "program_id": program_id,
            "tabs": selectors.work_tabs(work.counts),
            "oversees": is_committee_staff(request.user),
        },
    )
