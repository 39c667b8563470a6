"""The respondent's page: opened from a school's anonymous link or a personal one-use link, on a
phone as on a computer. No account, no session, nothing about the visitor is stored: the answers
go into a ``Response`` with the day only. Floods from one address are refused by a counter in the
cache, keyed by a keyed hash of the address that expires within minutes (never written to the
database)."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from schools.throttle import client_address, over_limit

from .. import expressions
from ..models import Question
from ..services import answers as svc

RATE_LIMIT = getattr(settings, "SURVEY_RATE_LIMIT", (60, 600))  # submissions per address per seconds


def _limited(request) -> bool:
    """True when this address has sent too many answers in the window (the cache forgets it)."""
    limit, window = RATE_LIMIT
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256).hexdigest()
    return over_limit(f"surveys:rate:{digest[:24]}", limit, window)


def _items(questionnaire) -> list[dict]:
    sections = {s.pk: s for s in questionnaire.sections.all()}
    items = []
    current = None
    for q in questionnaire.questions.order_by("order"):
        section = sections.get(q.section_id) if q.section_id else None
        tree = expressions.parse(q.relevant)
        if section is not None and section.relevant:
            section_tree = expressions.parse(section.relevant)
            tree = ["and", section_tree, tree] if tree else section_tree
        items.append(
            {
                "q": q,
                "section": section if section is not None and section is not current else None,
                "relevant": json.dumps(tree) if tree else "",
                "section_relevant": json.dumps(expressions.parse(section.relevant))
                if section and section.relevant
                else "",
                "options": (
                    [str(v) for v in range(q.scale_min or 0, (q.scale_max or 0) + 1)]
                    if q.kind == Question.Kind.SCALE
                    else []
                ),
            }
        )
        current = section
    return items


@never_cache
def answer_view(request, token: str):
    target = svc.resolve(token)
    if target is None:
        raise Http404
    questionnaire = target.campaign.questionnaire
    context = {"target": target, "questionnaire": questionnaire, "token": token, "errors": {}, "values": {}}
    reason = svc.refusal(target)
    if reason:
        return render(request, "surveys/answer_closed.html", {**context, "reason": reason}, status=410)
    status = 200
    if request.method == "POST":
        if _limited(request):
            return render(
                request,
                "surveys/answer_closed.html",
                {
                    **context,
                    "reason": "Слишком много анкет с одного адреса. Подождите несколько минут и отправьте снова — ответы сохранены на этом устройстве.",
                },
                status=429,
            )
        try:
            svc.response_submit(target=target, get=request.POST.getlist)
        except ValidationError as exc:
            status = 400
            if hasattr(exc, "error_dict"):
                context["errors"] = {name: errors[0] for name, errors in exc.message_dict.items()}
            else:
                return render(request, "surveys/answer_closed.html", {**context, "reason": exc.messages[0]}, status=409)
            context["values"] = {k: request.POST.getlist(k) for k in request.POST}
        else:
            return render(request, "surveys/answer_done.html", context)
    context["items"] = _items(questionnaire)
    return render(request, "surveys/answer.html", context, status=status)
