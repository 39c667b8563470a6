"""Defining an indicator computed from answers (read by monitoring through INDICATOR_VALUES)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Question, Questionnaire, SurveyIndicator

COUNTABLE = {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.SCALE}


@transaction.atomic
def survey_indicator_save(
    *, questionnaire: Questionnaire, code: str, name: str, question_name: str, values: Sequence[str], measure: str
) -> SurveyIndicator:
    """Create or redefine the indicator ``code`` over the questionnaire's family; the question must
    exist in this version and take the counted values."""
    question = questionnaire.questions.filter(name=question_name).first()
    errors: dict[str, str] = {}
    if question is None or question.kind not in COUNTABLE:
        errors["question_name"] = "Выберите вопрос с вариантами ответа или шкалой."
    else:
        allowed = (
            {str(v) for v in range(question.scale_min or 0, (question.scale_max or 0) + 1)}
            if question.kind == Question.Kind.SCALE
            else {str(c["value"]) for c in question.choices}
        )
        unknown = [v for v in values if v not in allowed]
        if not values or unknown:
            errors["values"] = (
                "Засчитываемые ответы — коды вариантов этого вопроса: " + ", ".join(sorted(allowed)) + "."
            )
    other = (
        SurveyIndicator.objects.filter(code=code).exclude(family_id=questionnaire.family_id or questionnaire.pk).first()
    )
    if other is not None:
        errors["code"] = f"Код «{code}» уже занят показателем другой анкеты."
    if errors:
        raise ValidationError(errors)
    indicator, _created = SurveyIndicator.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "family_id": questionnaire.family_id or questionnaire.pk,
            "question_name": question_name,
            "values": list(values),
            "measure": measure,
        },
    )
    return indicator
