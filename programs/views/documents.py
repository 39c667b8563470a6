"""The program document: overview, passport, its parts, approval, status, versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.charts import task_progress_spec, timeline_spec
from programs.forms.programs import (
    PASSPORT_PARTS,
    AmendmentForm,
    ApproveForm,
    NewsForm,
    ProgramForm,
    limit_part_choices,
)
from programs.models import Program
from programs.selectors import programs as selectors
from programs.selectors.monitoring import measures_move_indicators, program_targets
from programs.selectors.panels import program_panels
from programs.services import programs as svc
from programs.services.errors import StaleVersion
from programs.services.snapshot import program_snapshot, snapshot_diff
from schools.access import visible_municipalities
from schools.views.editing import keep_typed_if_stale

from .common import add_rule_error, object_required, protected_message


@login_required
def program_list_view(request):
    municipality_id = request.GET.get("municipality")
    rows = selectors.program_overview(
        user=request.user, municipality_id=int(municipality_id) if (municipality_id or "").isdigit() else None
    )
    municipalities = [
        m
        for m in visible_municipalities(request.user).order_by("name")
        if request.user.has_perm("programs.add_program", m)
    ]
    return render(request, "programs/program_list.html", {"rows": rows, "can_create_in": municipalities})


@login_required
def program_create_view(request):
    municipalities = [
        m
        for m in visible_municipalities(request.user).order_by("name")
        if request.user.has_perm("programs.add_program", m)
    ]
    if not municipalities:
        raise PermissionDenied
    chosen = request.POST.get("municipality") or request.GET.get("municipality")
    municipality = next((m for m in municipalities if str(m.pk) == str(chosen)), municipalities[0])
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        program = svc.program_create(municipality=municipality, data=data, user=request.user)
        messages.success(request, _("Программа создана. Заполните цели, задачи и мероприятия."))
        return redirect(program)
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "municipalities": municipalities, "municipality": municipality},
    )


def _state_filter(request) -> str | None:
    state = request.GET.get("state") or ("overdue" if request.GET.get("overdue") == "1" else None)
    return state if state in dict(selectors.MEASURE_FILTER_STATES) else None


def _program_document(request, pk: int, **_kwargs) -> Program:
    """The program with its whole document prefetched: what the page shows is what was checked."""
    return selectors.program_document(program_id=pk)


@object_required("programs.view_program", _program_document)
def program_detail_view(request, program: Program):
    user = request.user
    task, organisation, school = (request.GET.get(k) for k in ("task", "organisation", "school"))
    work = selectors.execution(program_ids=[program.pk])
    groups = selectors.measures_table(
        program=program,
        task_id=int(task) if (task or "").isdigit() else None,
        organisation_id=int(organisation) if (organisation or "").isdigit() else None,
        school_id=int(school) if (school or "").isdigit() else None,
        state=_state_filter(request),
        work=work,
    )
    progress = work.counts()
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "groups": groups,
            "progress": progress,
            "can_edit": user.has_perm("programs.change_program", program),
            "can_manage": user.has_perm("programs.manage_program", program),
            "versions": list(program.versions.order_by("number")),
            "passport_parts": [(key, label) for key, (label, _f) in PASSPORT_PARTS.items()],
            "status_choices": [(s, Program.Status(s).label) for s in svc.TRANSITIONS.get(program.status, ())],
            "approve_form": ApproveForm(),
            "amend_form": AmendmentForm(),
            "news_form": NewsForm(),
            "filter_task": task,
            "filter_organisation": organisation,
            "filter_school": school,
            "filter_state": _state_filter(request),
            "state_choices": selectors.MEASURE_FILTER_STATES,
            "responsible_choices": selectors.program_responsible(program=program),
            "targets": program_targets(program=program, user=user),
            "movement": measures_move_indicators(program=program, groups=groups),
            "task_chart": task_progress_spec(groups),
            "panels": program_panels(program, user=user, public=False),
        },
    )


@object_required("programs.view_program", _program_document)
def program_timeline_view(request, program: Program):
    work = selectors.execution(program_ids=[program.pk])
    groups = selectors.measures_table(program=program, work=work)
    spec = timeline_spec(program=program, groups=groups, work=work, today=timezone.localdate())
    return render(request, "programs/program_timeline.html", {"program": program, "spec": spec})


@object_required("programs.change_program", Program)
def program_edit_view(request, program: Program):
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            with keep_typed_if_stale(form, StaleVersion, latest=program):
                svc.program_update(program=program, data=data, expected_version=form.cleaned_data.get("version"))
        except ValidationError as exc:  # a stale version too: the form now carries the latest one
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Паспорт программы сохранён."))
            return redirect(program)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@object_required("programs.change_program", Program.objects.select_related("municipality"))
def program_part_view(request, program: Program, part: str):
    if part not in PASSPORT_PARTS:
        raise Http404
    label, formset_class = PASSPORT_PARTS[part]
    formset = formset_class(request.POST or None, instance=program, prefix=part)
    limit_part_choices(formset, program)
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                formset.save()
                if part == "stages":
                    for stage in program.stages.all():
                        stage.full_clean()
        except ValidationError as exc:
            add_rule_error(request, None, exc)
        except ProtectedError as exc:
            # A task or section that measures belong to: refused, so no measure loses its place.
            messages.error(request, protected_message(exc))
        else:
            messages.success(request, _("Раздел «%s» сохранён.") % label)
            return redirect(f"{program.get_absolute_url()}#{part}")
    return render(
        request,
        "programs/program_part_form.html",
        {"program": program, "formset": formset, "label": label, "part": part},
    )


@require_POST
@object_required("programs.manage_program", Program)
def program_approve_view(request, program: Program):
    form = ApproveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Проверьте реквизиты документа об утверждении."))
        svc.program_approve(program=program, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Программа утверждена. Зафиксирована версия 1."))
    return redirect(program)


@require_POST
@object_required("programs.manage_program", Program)
def program_status_view(request, program: Program):
    try:
        svc.program_status_set(program=program, status=request.POST.get("status", ""))
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Статус программы изменён."))
    return redirect(program)


@require_POST
@object_required("programs.manage_program", Program)
def program_amend_view(request, program: Program):
    action = request.POST.get("action")
    try:
        if action == "open":
            svc.program_amendment_open(program=program)
            messages.info(request, _("Внесение изменений начато: правьте программу, затем зафиксируйте новую версию."))
        elif action == "discard":
            svc.program_amendment_discard(program=program)
        else:
            form = AmendmentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Укажите основание изменений."))
            version = svc.program_amendment_commit(program=program, user=request.user, **form.cleaned_data)
            messages.success(request, _("Зафиксирована версия %s.") % version.number)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    return redirect(program)


@require_POST
@object_required("programs.manage_program", Program)
def program_publish_view(request, program: Program):
    try:
        svc.program_publish(program=program, public=request.POST.get("public") == "1")
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    return redirect(program)


@require_POST
@object_required("programs.manage_program", Program)
def program_news_view(request, program: Program):
    form = NewsForm(request.POST)
    if form.is_valid():
        svc.news_publish(program=program, user=request.user, **form.cleaned_data)
        messages.success(request, _("Новость опубликована."))
    else:
        messages.error(request, _("Укажите заголовок и текст новости."))
    return redirect(f"{program.get_absolute_url()}#news")


@object_required("programs.view_program", Program)
def program_versions_view(request, program: Program):
    """Any two versions side by side; "current" is the live state (e.g. an open amendment)."""
    versions = list(program.versions.select_related("created_by").order_by("number"))
    by_number = {str(v.number): v for v in versions}
    diff, a, b = None, None, None
    if versions:
        default_a = str(versions[-2].number) if len(versions) > 1 else str(versions[0].number)
        default_b = str(versions[-1].number) if len(versions) > 1 else "current"
        a = (
            request.GET.get("a")
            if request.GET.get("a") in by_number or request.GET.get("a") == "current"
            else default_a
        )
        b = (
            request.GET.get("b")
            if request.GET.get("b") in by_number or request.GET.get("b") == "current"
            else default_b
        )

        def snap(key: str) -> dict:
            return program_snapshot(program) if key == "current" else by_number[key].snapshot

        diff = [d for d in snapshot_diff(snap(a), snap(b)) if not d.empty]
    return render(
        request,
        "programs/program_versions.html",
        {"program": program, "versions": versions, "diff": diff, "a": a, "b": b},
    )


@object_required("programs.change_program", Program.objects.select_related("municipality"))
def program_targets_view(request, program: Program):
    from monitoring.models import Target
    from programs.forms.programs import TargetForm
    from programs.services.targets import target_delete, target_problems, target_set

    if request.method == "POST" and request.POST.get("delete"):
        target = get_object_or_404(Target, pk=request.POST["delete"], target_set_id=program.target_set_id)
        try:
            target_delete(program=program, target=target)
        except ValidationError as exc:
            add_rule_error(request, None, exc)
        return redirect("programs:targets", pk=program.pk)
    editing = None
    if (request.GET.get("edit") or "").isdigit():
        editing = get_object_or_404(Target, pk=request.GET["edit"], target_set_id=program.target_set_id)
    initial = TargetForm.initial_for(editing) if editing else {"version": 0}
    form = TargetForm(request.POST or None, program=program, initial=initial)
    if request.method == "POST" and not form.is_valid() and form.cleaned_data.get("indicator"):
        # The form refused some fields: the service's reasons for the others are shown at once too,
        # so that the person fixes everything in one go, not one error per submission.
        d = form.cleaned_data
        problems, _values = target_problems(
            program=program,
            indicator=d["indicator"],
            school=d.get("school"),
            baseline_value=d.get("baseline_value"),
            planned={year: d.get(f"plan_{year}") for year in form.years if f"plan_{year}" not in form.errors},
        )
        for field, errors in problems.items():
            if field == NON_FIELD_ERRORS and not any(f.startswith("plan_") for f in form.errors):
                form.add_error(None, errors)
            elif field in form.fields and field not in form.errors:
                form.add_error(field, errors)
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        stored = Target.objects.filter(
            target_set_id=program.target_set_id,
            indicator=d["indicator"],
            school=d.get("school"),
            municipality=None if d.get("school") else program.municipality,
        )
        try:
            with keep_typed_if_stale(
                form, StaleVersion, latest=lambda _refusal: stored.values_list("version", flat=True).first()
            ):
                target_set(
                    program=program,
                    indicator=d["indicator"],
                    school=d.get("school"),
                    baseline_value=d.get("baseline_value"),
                    baseline_year=d.get("baseline_year"),
                    planned=form.planned(),
                    # 0 or empty: the person meant a new target; an existing one is not overwritten unseen.
                    expected_version=d.get("version") or 0,
                )
        except ValidationError as exc:  # a stale version too: the form now carries the latest one
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Целевой показатель сохранён."))
            return redirect("programs:targets", pk=program.pk)
    targets = Target.objects.filter(target_set_id=program.target_set_id).select_related(
        "indicator", "school", "municipality"
    )
    return render(
        request,
        "programs/program_targets.html",
        {"program": program, "form": form, "targets": targets, "editing": editing},
    )
