"""Russian number formats for shares: "17,2 %" and "+3,1 п.п." (decimal comma, non-breaking space)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()
NBSP = "\u00a0"


def _fixed(value: float, digits: int) -> str:
    # number_format truncates; round first so 17.18 shows as 17,2, not 17,1.
    return number_format(round(value, digits), digits)


@register.filter
def percent(value, digits: int = 1) -> str:
    if value is None or value == "":
        return "—"
    return f"{_fixed(float(value) * 100, int(digits))}{NBSP}%"


@register.filter
def percent_points(value, digits: int = 1) -> str:
    if value is None or value == "":
        return "—"
    points = float(value) * 100
    sign = "+" if points > 0 else ("−" if points < 0 else "")
    return f"{sign}{_fixed(abs(points), int(digits))}{NBSP}п.{NBSP}п."


@register.simple_tag(takes_context=True)
def render_panel(context, panel) -> str:
    """Renders a dashboard panel's own template with the panel's context (apps contribute panels
    without knowing each other's templates)."""
    from django.template.loader import render_to_string

    return render_to_string(panel.template, {**context.flatten(), **panel.context}, request=context.get("request"))
