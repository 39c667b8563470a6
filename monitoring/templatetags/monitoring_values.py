"""Indicator values on pages: Russian numbers («12,5», «−3»), status badges with their label."""

from __future__ import annotations

from django import template

from schools.formats import format_number

from ..evaluation import STATUS_COLOURS, STATUS_LABELS, Status
from ..models import Submission

register = template.Library()


@register.filter
def num(value, digits: int = 2) -> str:
    """A value rounded to ``digits`` decimals in the portal's way (``schools.formats``)."""
    return format_number(value, int(digits))


@register.inclusion_tag("monitoring/_status.html")
def status_badge(status) -> dict:
    status = Status(status)
    return {"label": STATUS_LABELS[status], "colour": STATUS_COLOURS[status], "status": status.value}


@register.filter
def submission_state_label(state: str) -> str:
    """The one name of a school's answer state («не начато», «черновик», …): Submission.STATE_LABELS."""
    return str(Submission.STATE_LABELS.get(state, ""))
