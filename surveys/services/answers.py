"""Taking answers: the server checks what the phone already checked (skip logic, required answers,
types, ranges, constraints), so a hand-made request cannot store what the page would refuse.

Anonymity: a response stores the campaign, the school, the day and the answers. The personal link
that brought it is only marked used — in the same transaction, so a link cannot answer twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from schools.text import strip_invisible

from .. import expressions
from ..models import Campaign, CampaignSchool, PersonalLink, Question, Response, Section

TEXT_LIMIT = 500
LONG_TEXT_LIMIT = 5000


@dataclass
class Target:
    """What a link opens: the campaign, the school and, for a personal link, the link itself."""

    campaign: Campaign
    campaign_school: CampaignSchool
    link: PersonalLink | None = None


def campaign_is_open(campaign: Campaign, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return not campaign.closed and campaign.start <= today <= campaign.end


def _parse(question: Question, raw: list[str]) -> tuple[Any, str | None]:
    """(value or None when unanswered, error)."""
    # Invisible characters (a right-to-left mark can reverse a name in an export) go, as from every form.
    values = [v for v in (strip_invisible(v).strip() for v in raw if v is not None) if v]
    if not values:
        return None, None
    allowed = [str(c["value"]) for c in question.choices]
    kind = question.kind
    if kind == Question.Kind.MULTIPLE:
        unknown = [v for v in values if v not in allowed]
        if unknown:
            return None, "Выберите варианты из списка."
        return [v for v in allowed if v in values], None
    value = values[0]
    if kind in {Question.Kind.SINGLE, Question.Kind.MATRIX}:
        return (value, None) if value in allowed else (None, "Выберите вариант из списка.")
    if kind in {Question.Kind.SCALE, Question.Kind.NUMBER}:
        try:
            number = Decimal(value.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        except InvalidOperation:
            return None, "Введите число."
        if not number.is_finite() or abs(number) > Decimal("1e9"):
            return None, "Введите число."
        if kind == Question.Kind.SCALE or question.integer_only:
            if number != number.to_integral_value():
                return None, "Введите целое число."
            if kind == Question.Kind.SCALE and not (question.scale_min or 0) <= number <= (question.scale_max or 0):
                return None, f"Выберите значение от {question.scale_min} до {question.scale_max}."
            return int(number), None
        return float(number), None
    limit = LONG_TEXT_LIMIT if kind == Question.Kind.LONG_TEXT else TEXT_LIMIT
    if len(value) > limit:
        return None, f"Не длиннее {limit} знаков."
    return value, None


def answers_clean(
    *, sections: Iterable[Section], questions: Iterable[Question], get: Callable[[str], list[str]]
) -> dict[str, Any]:
    """The answers that count (a hidden question's answer is dropped), or ValidationError keyed
    by answer name. ``get(name)`` returns the raw values sent under that name."""
    relevant_of = {s.pk: expressions.parse(s.relevant) for s in sections}
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        if question.section_id and not expressions.evaluate(relevant_of.get(question.section_id), answers):
            continue
        if not expressions.evaluate(expressions.parse(question.relevant), answers):
            continue
        constraint = expressions.parse(question.constraint)
        for name in question.answer_names:
            value, error = _parse(question, get(name))
            if error:
                errors[name] = error
                continue
            if value is None:
                if question.required:
                    errors[name] = "Ответьте на этот вопрос."
                continue
            if constraint is not None and not expressions.evaluate(constraint, answers, value):
                errors[name] = question.constraint_message or "Ответ не подходит под условие вопроса."
                continue
            answers[name] = value
    if errors:
        raise ValidationError(errors)
    return answers


def resolve(token: str) -> Target | None:
    """The campaign and school a link opens (a school's anonymous link or a personal one)."""
    school_link = CampaignSchool.objects.select_related("campaign__questionnaire", "school").filter(token=token).first()
    if school_link is not None:
        return Target(campaign=school_link.campaign, campaign_school=school_link)
    personal = (
        PersonalLink.objects.select_related("campaign_school__campaign__questionnaire", "campaign_school__school")
        .filter(token=token)
        .first()
    )
    if personal is None:
        return None
    return Target(campaign=personal.campaign_school.campaign, campaign_school=personal.campaign_school, link=personal)


def refusal(target: Target, *, today: dt.date | None = None) -> str | None:
    """Why the link takes no answer now, or None."""
    campaign = target.campaign
    today = today or timezone.localdate()
    if campaign.closed or today > campaign.end:
        return "Опрос закрыт: ответы больше не принимаются. Спасибо, что хотели ответить!"
    if today < campaign.start:
        return f"Опрос начнётся {campaign.start:%d.%m.%Y}."
    if target.link is not None and target.link.used:
        return "По этой ссылке анкета уже отправлена. Одна ссылка — один ответ."
    return None


@transaction.atomic
def response_submit(*, target: Target, get: Callable[[str], list[str]], today: dt.date | None = None) -> Response:
    """Store one filled questionnaire; ValidationError (a refusal or answer errors) stores nothing."""
    today = today or timezone.localdate()
    if target.link is not None:
        # Re-read under a lock: two sends of one link at once — only the first counts.
        target.link = PersonalLink.objects.select_for_update().get(pk=target.link.pk)
    reason = refusal(target, today=today)
    if reason:
        raise ValidationError(reason)
    questionnaire = target.campaign.questionnaire
    answers = answers_clean(
        sections=questionnaire.sections.all(),
        questions=questionnaire.questions.order_by("order"),
        get=get,
    )
    if not answers:
        # Keyed, so the answer page shows the form again with the message (a bare error is a refusal).
        raise ValidationError({NON_FIELD_ERRORS: "Анкета пуста: ответьте хотя бы на один вопрос."})
    response = Response.objects.create(
        campaign=target.campaign,
        questionnaire=questionnaire,
        school=target.campaign_school.school,
        submitted_on=today,
        answers=answers,
    )
    if target.link is not None:
        target.link.used = True
        target.link.save(update_fields=["used"])
    return response
