"""School programs: the team writes and submits, the committee assigns experts, experts review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.access import visible_school_programs
from programs.forms.reviews import (
    AssignForm,
    AttachmentForm,
    ConflictForm,
    IndicatorFormSet,
    MeasureFormSet,
    ReviewForm,
    SchoolProgramForm,
    StageFormSet,
    formset_rows,
)
from programs.models import SECTIONS, Measure, ReviewAssignment, SchoolProgram, SchoolProgramAttachment
from programs.selectors import reviews as review_reads
from programs.selectors.reviews import program_reviews, school_data
from programs.services import reviews as review_svc
from programs.services import school_programs as svc
from schools.access import staff_municipalities, team_school_ids, visible_schools
from schools.models import School

from .common import add_rule_error, attach_and_return, file_download, form_error_summary, object_required

WITH_SCHOOL = SchoolProgram.objects.select_related("school")


@login_required
def school_program_list_view(request):
    qs = visible_school_programs(request.user).select_related("school__municipality").order_by("school__name")
    status = request.GET.get("status") or ""
    if status in SchoolProgram.Status.values:
        qs = qs.filter(status=status)
    own_schools = School.objects.filter(pk__in=team_school_ids(request.user)).order_by("name")
    return render(
        request,
        "programs/school_program_list.html",
        {
            "programs": qs,
            "status": status,
            "statuses": SchoolProgram.Status.choices,
            "own_schools": own_schools,
            "criteria_municipalities": staff_municipalities(request.user).order_by("name"),
        },
    )


def _school_measures(program: SchoolProgram | None, school: School):
    """Measures of the municipal programs the school takes part in (to link school measures to)."""
    qs = Measure.objects.filter(program__participants__school=school, is_archived=False).select_related("program")
    if program is not None and program.municipal_program_id:
        qs = qs.filter(program_id=program.municipal_program_id)
    return qs.order_by("program_id", "sort_key").distinct()


@login_required
def school_program_create_view(request):
    school = get_object_or_404(visible_schools(request.user), pk=request.GET.get("school") or 0)
    if not request.user.has_perm("programs.add_school_program", school):
        raise PermissionDenied
    form = SchoolProgramForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            program = svc.school_program_create(user=request.user, school=school, data=form.cleaned_data)
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Документ создан. Заполните его разделы."))
            return redirect("programs:school_program_edit", pk=program.pk)
    return render(request, "programs/school_program_form.html", {"form": form, "school": school, "program": None})


def _rows(program: SchoolProgram, kind: str) -> list[dict]:
    if kind == "measures":
        return [
            {
                "id": m.pk,
                "number": m.number,
                "title": m.title,
                "task_number": m.task_number,
                "deadline": m.deadline,
                "responsible": m.responsible,
                "participants": m.participants,
                "municipal_measure": m.municipal_measure_id,
            }
            for m in program.measures.all()
        ]
    if kind == "stages":
        return [
            {"id": s.pk, "number": s.number, "title": s.title, "start": s.start, "end": s.end}
            for s in program.stages.all()
        ]
    return [
        {
            "id": i.pk,
            "indicator": i.indicator_id,
            "name": i.name,
            "unit": i.unit,
            "baseline": i.baseline,
            "target": i.target,
            "target_year": i.target_year,
            "method": i.method,
        }
        for i in program.indicators.all()
    ]


@object_required("programs.change_school_program", WITH_SCHOOL)
def school_program_edit_view(request, program: SchoolProgram):
    data = request.POST or None
    form = SchoolProgramForm(data, instance=program, school=program.school, initial={"version": program.version})
    measures_qs = _school_measures(program, program.school)
    measures = MeasureFormSet(
        data, prefix="m", initial=_rows(program, "measures"), form_kwargs={"measures": measures_qs}
    )
    indicators = IndicatorFormSet(data, prefix="i", initial=_rows(program, "indicators"))
    stages = StageFormSet(data, prefix="s", initial=_rows(program, "stages"))
    # A kind without a table keeps its rows as they are (none): only the kind's formsets are read.
    has = program.has_section
    formsets = [f for key, f in (("measures", measures), ("indicators", indicators), ("stages", stages)) if has(key)]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        try:
            svc.school_program_save(
                user=request.user,
                program=program,
                data=form.cleaned_data,
                measures=formset_rows(measures) if has("measures") else [],
                indicators=formset_rows(indicators) if has("indicators") else [],
                stages=formset_rows(stages) if has("stages") else [],
                expected_version=form.cleaned_data.get("version") or 0,
            )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Программа сохранена."))
            return redirect(program.get_absolute_url())
    program.refresh_from_db(fields=["title"])  # the form may have touched the instance
    return render(
        request,
        "programs/school_program_form.html",
        {
            "form": form,
            "measures": measures if has("measures") else None,
            "indicators": indicators if has("indicators") else None,
            "stages": stages if has("stages") else None,
            "school": program.school,
            "program": program,
            "editing": True,
        },
    )


@object_required(
    "programs.view_school_program", SchoolProgram.objects.select_related("school__municipality", "municipal_program")
)
def school_program_detail_view(request, program: SchoolProgram):
    user = request.user
    assignment = review_reads.active_assignment(program, user)
    return render(
        request,
        "programs/school_program_detail.html",
        {
            "program": program,
            "measures": program.measures.select_related("municipal_measure__program"),
            "indicators": program.indicators.select_related("indicator"),
            "stages": program.stages.all(),
            "attachments": program.attachments.all(),
            "versions": program.versions.select_related("submitted_by"),
            "events": program.events.select_related("by"),
            "reviews": program_reviews(program),
            "assignments": program.assignments.select_related("reviewer"),
            "my_assignment": assignment,
            "data": school_data(program.school),
            "checks": svc.submission_check(program) if program.is_editable else [],
            "can_edit": user.has_perm("programs.change_school_program", program),
            "can_assign": user.has_perm("programs.assign_reviewers", program),
            "can_review": user.has_perm("programs.review_school_program", program),
            "attach_form": AttachmentForm(),
            "sections": list(SECTIONS.items()),
            "shown": set(program.sections),
        },
    )


@require_POST
@object_required("programs.change_school_program", SchoolProgram)
def school_program_submit_view(request, program: SchoolProgram):
    try:
        version = svc.school_program_submit(user=request.user, program=program)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Программа подана на экспертизу (версия %(n)s).") % {"n": version.number})
    return redirect(program.get_absolute_url())


@require_POST
@object_required("programs.change_school_program", SchoolProgram)
def school_program_attach_view(request, program: SchoolProgram):
    return attach_and_return(
        request,
        AttachmentForm(request.POST, request.FILES),
        lambda upload: svc.school_program_attach(user=request.user, program=program, upload=upload),
        program.get_absolute_url(),
    )


@object_required(
    "programs.view_school_program",
    SchoolProgramAttachment.objects.select_related("program__school"),
    url_kwarg="attachment_pk",
    check=lambda attachment: attachment.program,
)
def school_program_attachment_view(request, attachment: SchoolProgramAttachment):
    return file_download(
        request, attachment, subject=_("Приложение к программе школы «%(name)s»") % {"name": attachment.original_name}
    )


@object_required("programs.view_school_program", WITH_SCHOOL)
def school_program_versions_view(request, program: SchoolProgram):
    versions = list(program.versions.select_related("submitted_by"))
    by_number = {str(v.number): v for v in versions}
    a = request.GET.get("a") or (str(versions[-2].number) if len(versions) > 1 else "")
    b = request.GET.get("b") or (str(versions[-1].number) if versions else "")
    diff = None
    if a in by_number and (b in by_number or b == "current"):
        new = svc.school_program_snapshot(program) if b == "current" else by_number[b].snapshot
        diff = svc.school_program_diff(by_number[a].snapshot, new)
    return render(
        request,
        "programs/school_program_versions.html",
        {"program": program, "versions": versions, "a": a, "b": b, "diff": diff},
    )


@object_required("programs.assign_reviewers", WITH_SCHOOL)
def school_program_assign_view(request, program: SchoolProgram):
    form = AssignForm(request.POST or None, candidates=review_reads.reviewer_candidates(program))
    if request.method == "POST" and form.is_valid():
        try:
            review_svc.assign_reviewer(
                user=request.user,
                program=program,
                reviewer=form.cleaned_data["reviewer"],
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Эксперт назначен."))
            return redirect(program.get_absolute_url())
    return render(
        request,
        "programs/school_program_assign.html",
        {"program": program, "form": form, "assignments": program.assignments.select_related("reviewer")},
    )


@require_POST
@object_required(
    "programs.assign_reviewers",
    ReviewAssignment.objects.select_related("program__school"),
    lookup={"pk": "assignment_pk", "program_id": "pk"},
    check=lambda assignment: assignment.program,
)
def assignment_withdraw_view(request, assignment: ReviewAssignment):
    try:
        review_svc.withdraw_assignment(user=request.user, assignment=assignment)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    return redirect(assignment.program.get_absolute_url())


@object_required("programs.view_school_program", SchoolProgram)
def school_program_conflict_view(request, program: SchoolProgram):
    assignment = review_reads.active_assignment(program, request.user)
    if assignment is None:
        raise PermissionDenied
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_svc.declare_conflict(user=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Конфликт интересов заявлен; комитет назначит другого эксперта."))
            return redirect("programs:review_inbox")
    return render(request, "programs/school_program_conflict.html", {"program": program, "form": form})


@object_required("programs.review_school_program", SchoolProgram.objects.select_related("school__municipality"))
def school_program_review_view(request, program: SchoolProgram):
    version = review_reads.latest_version(program)
    previous = review_reads.reviewed_version_for(program, request.user)
    diff = svc.school_program_diff(previous.snapshot, version.snapshot) if previous and version else None
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        criteria=review_reads.criteria_for(program.school.municipality),
        sections=program.sections,
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                review_svc.review_submit(
                    user=request.user,
                    program=program,
                    scores=form.scores(),
                    section_comments=form.section_comments(),
                    verdict=form.cleaned_data["verdict"],
                    summary=form.cleaned_data["summary"],
                )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Заключение сохранено."))
            return redirect(program.get_absolute_url())
    return render(
        request,
        "programs/school_program_review.html",
        {
            "program": program,
            "version": version,
            "previous": previous,
            "diff": diff,
            "form": form,
            "error_summary": form_error_summary(form) if form.is_bound else [],
        },
    )
