"""Writing questionnaires: from a checked ``FormSpec`` (the editor's or an XLSForm's) into rows.

A version that has answers is never rewritten: saving over it makes the next version of the same
family, so every stored answer keeps the questions it answered."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from schools.models import User

from .. import spec as specs
from ..models import Question, Questionnaire, Response, Section


def spec_of(questionnaire: Questionnaire) -> specs.FormSpec:
    """The stored questionnaire as a spec (what the editor changes and the XLSForm export writes)."""
    sections = list(questionnaire.sections.all())
    names = {s.pk: s.name for s in sections}
    return specs.FormSpec(
        title=questionnaire.title,
        group=questionnaire.group,
        description=questionnaire.description,
        form_id=questionnaire.form_id,
        grade_from=questionnaire.grade_from,
        grade_to=questionnaire.grade_to,
        sections=[specs.SectionSpec(name=s.name, title=s.title, relevant=s.relevant) for s in sections],
        questions=[
            specs.QuestionSpec(
                name=q.name,
                kind=q.kind,
                label=q.label,
                section=names.get(q.section_id, "") if q.section_id else "",
                hint=q.hint,
                required=q.required,
                relevant=q.relevant,
                constraint=q.constraint,
                constraint_message=q.constraint_message,
                list_name=q.list_name,
                choices=list(q.choices),
                statements=list(q.statements),
                scale_min=q.scale_min,
                scale_max=q.scale_max,
                integer_only=q.integer_only,
            )
            for q in questionnaire.questions.all()
        ],
    )


def has_answers(questionnaire: Questionnaire) -> bool:
    return Response.objects.filter(questionnaire=questionnaire).exists()


def _write(questionnaire: Questionnaire, spec: specs.FormSpec) -> None:
    sections = {}
    for order, s in enumerate(spec.sections, start=1):
        sections[s.name] = Section.objects.create(
            questionnaire=questionnaire, order=order, name=s.name, title=s.title, relevant=s.relevant.strip()
        )
    Question.objects.bulk_create(
        [
            Question(
                questionnaire=questionnaire,
                section=sections.get(q.section) if q.section else None,
                order=order,
                name=q.name,
                kind=q.kind,
                label=q.label.strip(),
                hint=q.hint.strip(),
                required=q.required and q.kind != "note",
                relevant=q.relevant.strip(),
                constraint=q.constraint.strip(),
                constraint_message=q.constraint_message.strip(),
                list_name=q.list_name or (f"{q.name}_list" if q.kind in specs.KINDS_WITH_CHOICES else ""),
                choices=q.choices,
                statements=q.statements,
                scale_min=q.scale_min,
                scale_max=q.scale_max,
                integer_only=q.integer_only,
            )
            for order, q in enumerate(spec.questions, start=1)
        ]
    )


def _refuse_unsound(spec: specs.FormSpec) -> None:
    problems = specs.check(spec)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def questionnaire_create(*, spec: specs.FormSpec, user: User | None) -> Questionnaire:
    """A new questionnaire (version 1 of its own family); ValidationError listing every problem."""
    _refuse_unsound(spec)
    questionnaire = Questionnaire.objects.create(
        title=spec.title.strip(),
        description=spec.description.strip(),
        group=spec.group,
        grade_from=spec.grade_from,
        grade_to=spec.grade_to,
        form_id=spec.form_id,
        created_by=user,
    )
    _write(questionnaire, spec)
    return questionnaire


@transaction.atomic
def questionnaire_save(*, questionnaire: Questionnaire, spec: specs.FormSpec, user: User | None) -> Questionnaire:
    """Save ``spec`` over ``questionnaire``: in place while nobody has answered it, else as the
    family's next version (returned). Nothing is written when the spec has a problem."""
    _refuse_unsound(spec)
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if has_answers(locked):
        family_id = locked.family_id or locked.pk
        latest = Questionnaire.objects.filter(pk=family_id).values_list("version", flat=True).first() or 1
        newest = Questionnaire.objects.filter(family_id=family_id).aggregate(v=Max("version"))["v"] or latest
        target = Questionnaire.objects.create(
            family_id=family_id, version=max(latest, newest) + 1, created_by=user, group=spec.group, title=spec.title
        )
    else:
        target = locked
        target.sections.all().delete()
        target.questions.all().delete()
    target.title = spec.title.strip()
    target.description = spec.description.strip()
    target.group = spec.group
    target.grade_from, target.grade_to = spec.grade_from, spec.grade_to
    target.form_id = spec.form_id or locked.form_id
    target.save()
    _write(target, spec)
    return target
