"""Template helpers for the counts of work (programs.selectors.execution)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from programs.selectors.execution import PROGRESS_RULE

register = template.Library()


@register.simple_tag
def progress_rule() -> str:
    return str(PROGRESS_RULE)


@register.simple_tag
def work_url(state: str = "", program_id: int | None = None) -> str:
    """The list behind a count: «Мои мероприятия» (or the committee's list) in that state."""
    params = [f"state={state}"] if state else []
    if program_id:
        params.insert(0, f"program={program_id}")
    return reverse("programs:my") + ("?" + "&".join(params) if params else "")
