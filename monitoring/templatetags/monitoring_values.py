"""Indicator values on pages: Russian numbers («12,5», «−3»), status badges with their label."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

from ..evaluation import STATUS_COLOURS, STATUS_LABELS, Status
from ..models import Submission

register = template.Library()
NBSP = "\u00a0"


@register.filter
def num(value, digits: int = 2) -> str:
    """A value rounded to ``digits`` decimals, trailing zeros dropped, decimal comma, thin
    no-break space between thousands; "—" when there is none."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    number = number.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    text = format(number.normalize(), "f") if number else "0"
    whole, _dot, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    whole = NBSP.join([whole, *groups]) if len(whole + "".join(groups)) > 4 else whole + "".join(groups)
    sign = "−" if number < 0 else ""
    return f"{sign}{whole}{',' + fraction if fraction else ''}"


@register.inclusion_tag("monitoring/_status.html")
def status_badge(status) -> dict:
    status = Status(status)
    return {"label": STATUS_LABELS[status], "colour": STATUS_COLOURS[status], "status": status.value}


@register.filter
def submission_state_label(state: str) -> str:
    """The one name of a school's answer state («не начато», «черновик», …): Submission.STATE_LABELS."""
    return str(Submission.STATE_LABELS.get(state, ""))
