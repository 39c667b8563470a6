"""Filing progress on an occurrence, the report page, the committee's review, "my measures"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs import selectors
from programs.forms import ProgressForm, ReviewForm
from programs.models import Evidence, ProgressReport
from programs.services import progress as svc
from schools.access import scope_of
from schools.models import School

from .common import add_rule_error, file_download, occurrence_or_404, perm_required, report_from_url


def _target(request, occurrence_pk: int) -> svc.ProgressTarget:
    occurrence = occurrence_or_404(occurrence_pk)
    school_id = request.GET.get("school") or request.POST.get("school")
    school = get_object_or_404(School, pk=school_id) if school_id else None
    return svc.ProgressTarget(occurrence=occurrence, school=school)


@login_required
def progress_file_view(request, occurrence_pk: int):
    target = _target(request, occurrence_pk)
    if not request.user.has_perm("programs.file_progress", target):
        raise PermissionDenied
    report = ProgressReport.objects.filter(occurrence=target.occurrence, school=target.school).first()
    initial = {"status": report.status, "narrative": report.narrative, "version": report.version} if report else {}
    form = ProgressForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
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
        },
    )


@perm_required("programs.file_progress", fn=report_from_url)
def report_detail_view(request, report_pk: int):
    report = get_object_or_404(
        ProgressReport.objects.select_related("occurrence__measure__program", "school", "filed_by", "reviewed_by"),
        pk=report_pk,
    )
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
            "can_review": request.user.has_perm("programs.review_progress", program)
            and report.review == ProgressReport.Review.SUBMITTED,
            "review_form": ReviewForm(),
        },
    )


def _program_of_report(request, report_pk: int):
    report = get_object_or_404(ProgressReport.objects.select_related("occurrence__measure__program"), pk=report_pk)
    return report.occurrence.measure.program


@require_POST
@perm_required("programs.review_progress", fn=_program_of_report)
def report_review_view(request, report_pk: int):
    report = get_object_or_404(ProgressReport, pk=report_pk)
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


@perm_required(
    "programs.file_progress",
    fn=lambda request, evidence_pk: get_object_or_404(Evidence.objects.select_related("report"), pk=evidence_pk).report,
)
def evidence_download_view(request, evidence_pk: int):
    evidence = get_object_or_404(Evidence, pk=evidence_pk)
    return file_download(
        request, evidence, subject=_("Подтверждающий файл «%(name)s»") % {"name": evidence.original_name}
    )


@login_required
def my_measures_view(request):
    scope = scope_of(request.user)
    items = selectors.due_for_schools(school_ids=set(scope.team_school_ids), days=30)
    schools = {s.pk: s for s in School.objects.filter(pk__in=scope.team_school_ids)}
    return render(request, "programs/my_measures.html", {"items": items, "schools": schools})
