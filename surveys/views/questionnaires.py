"""Questionnaires: the list, a new one, the editor (sections and questions), XLSForm import and
export. The editing rule (a version with answers is never rewritten) is the service's."""

from __future__ import annotations

import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from schools.formats import ru_plural
from schools.views.guards import object_required, perm_required

from .. import spec as specs
from ..forms import ImportForm, QuestionForm, QuestionnaireForm, SectionForm, SurveyIndicatorForm
from ..imports import xlsform
from ..models import Questionnaire, SurveyIndicator
from ..selectors.campaigns import questionnaire_list, questionnaire_versions
from ..services import questionnaires as svc
from ..services.indicators import COUNTABLE, survey_indicator_save
from ..spec import FormSpec, QuestionSpec

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUESTIONNAIRES = Questionnaire.objects.prefetch_related("sections", "questions")


def questions_phrase(n: int) -> str:
    return f"{n} {ru_plural(n, 'вопрос', 'вопроса', 'вопросов')}"


@perm_required("surveys.design")
def questionnaire_list_view(request):
    return render(request, "surveys/questionnaire_list.html", {"questionnaires": questionnaire_list()})


@perm_required("surveys.design")
def questionnaire_create_view(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        spec = FormSpec(
            title=d["title"],
            group=d["group"],
            description=d["description"],
            grade_from=d["grade_from"],
            grade_to=d["grade_to"],
            form_id=slugify(d["title"], allow_unicode=False)[:60],
        )
        # A new questionnaire starts with a note, so it is never empty; the editor adds the rest.
        spec.questions.append(QuestionSpec(name="intro", kind="note", label=d["description"] or d["title"]))
        try:
            questionnaire = svc.questionnaire_create(spec=spec, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Анкета создана. Добавьте вопросы.")
            return redirect("surveys:questionnaire", questionnaire.pk)
    return render(request, "surveys/questionnaire_form.html", {"form": form})


def _save(request, questionnaire: Questionnaire, spec: FormSpec):
    """Save and go to the saved version; a refusal is shown on the editor."""
    try:
        saved = svc.questionnaire_save(questionnaire=questionnaire, spec=spec, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None
    if saved.pk != questionnaire.pk:
        messages.info(
            request, f"На версию {questionnaire.version} уже отвечали — изменения сохранены как версия {saved.version}."
        )
    else:
        messages.success(request, "Анкета сохранена.")
    return redirect("surveys:questionnaire", saved.pk)


@object_required("surveys.design", QUESTIONNAIRES)
def questionnaire_detail_view(request, questionnaire):
    spec = svc.spec_of(questionnaire)
    sections = [(s.name, s.title) for s in spec.sections]
    question_form = QuestionForm(request.POST if request.POST.get("action") == "question" else None, sections=sections)
    section_form = SectionForm(request.POST if request.POST.get("action") == "section" else None)
    countable = [q for q in questionnaire.questions.all() if q.kind in COUNTABLE]
    indicator_form = SurveyIndicatorForm(
        request.POST if request.POST.get("action") == "indicator" else None, questions=countable
    )
    if request.method == "POST" and request.POST.get("action") == "indicator" and indicator_form.is_valid():
        try:
            survey_indicator_save(questionnaire=questionnaire, **indicator_form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                indicator_form.add_error(field if field in indicator_form.fields else None, errors)
        else:
            messages.success(request, "Показатель по анкете сохранён.")
            return redirect("surveys:questionnaire", questionnaire.pk)
    if request.method == "POST":
        changed = None
        if request.POST.get("action") == "question" and question_form.is_valid():
            new = question_form.spec()
            changed = dataclasses.replace(spec, questions=[*spec.questions, new])
        elif request.POST.get("action") == "section" and section_form.is_valid():
            changed = dataclasses.replace(spec, sections=[*spec.sections, section_form.spec()])
        elif request.POST.get("action") == "delete":
            name = request.POST.get("name", "")
            changed = dataclasses.replace(spec, questions=[q for q in spec.questions if q.name != name])
        if changed is not None:
            response = _save(request, questionnaire, changed)
            if response is not None:
                return response
    return render(
        request,
        "surveys/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "questions": list(questionnaire.questions.all()),
            "sections": {s.pk: s.title for s in questionnaire.sections.all()},
            "versions": questionnaire_versions(questionnaire),
            "answered": svc.has_answers(questionnaire),
            "question_form": question_form,
            "section_form": section_form,
            "indicator_form": indicator_form,
            "indicators": SurveyIndicator.objects.filter(family_id=questionnaire.family_id or questionnaire.pk),
        },
    )


@object_required("surveys.design", QUESTIONNAIRES)
def questionnaire_export_view(request, questionnaire):
    content = xlsform.write(svc.spec_of(questionnaire), version=questionnaire.version)
    response = HttpResponse(content, content_type=XLSX)
    name = questionnaire.form_id or f"questionnaire-{questionnaire.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-v{questionnaire.version}.xlsx"'
    return response


@perm_required("surveys.design")
def questionnaire_import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            spec = xlsform.read(upload.read(), group=form.cleaned_data["group"] or None)
            problems = specs.check(spec)
            if problems:
                raise xlsform.XLSFormError(problems)
            if form.cleaned_data["dry_run"]:
                checked = spec
            else:
                questionnaire = svc.questionnaire_create(spec=spec, user=request.user)
                messages.success(request, f"Анкета загружена: {questions_phrase(questionnaire.questions.count())}.")
                for line in spec.skipped:
                    messages.info(request, line)
                return redirect("surveys:questionnaire", questionnaire.pk)
        except xlsform.XLSFormError as exc:
            for problem in exc.problems:
                form.add_error("file", problem)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
    return render(request, "surveys/questionnaire_import.html", {"form": form, "checked": checked})


@require_POST
@object_required("surveys.design", QUESTIONNAIRES)
def questionnaire_copy_view(request, questionnaire):
    """A new questionnaire from this one (another committee's form reused as a start)."""
    spec = svc.spec_of(questionnaire)
    spec.title = f"{spec.title} (копия)"
    copy = svc.questionnaire_create(spec=spec, user=request.user)
    messages.success(request, "Копия анкеты создана.")
    return redirect("surveys:questionnaire", copy.pk)
