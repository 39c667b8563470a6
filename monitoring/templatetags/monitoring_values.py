"""Indicator values on pages: Russian numbers («12,5», «−3»), the names of targets' and answers'
statuses (the badges themselves are the builtin ``status_badge``)."""

from __future__ import annotations

from django import template

from schools.formats import format_number

from ..evaluation import Status
from ..models import Submission

register = template.Library()


@register.filter
def num(value, digits: int = 2) -> str:
    """A value rounded to ``digits`` decimals in the portal's way (``schools.formats``)."""
    return format_number(value, int(digits))


@register.filter
def target_status(code: str) -> Status:
    """A target status code («met») as its ``Status``, for ``status_badge``."""
    return Status(code)


@register.filter
def submission_state_label(state: str) -> str:
    """The one name of a school's answer state («не начато», «черновик», …): Submission.STATE_LABELS."""
    return str(Submission.STATE_LABELS.get(state, ""))
