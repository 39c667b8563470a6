"""The portal's Russian formats in templates — built into every template (settings.TEMPLATES
``builtins``), no ``{% load %}`` needed: ``num`` («62,5», «−3»), ``percent`` («17,2 %»),
``percent_points`` («+3,1 п. п.»), ``plural`` («строки»), ``academic_year`` («2025/2026»),
``academic_year_long`` («2025/2026 уч. г.») and ``calendar_year`` («2025 г.»). The rules live in
``schools.formats`` and ``schools.years``. ``{% status_badge value choices %}`` draws any status
(``schools.badges``)."""

from __future__ import annotations

from django import template

from schools import badges, formats, years

register = template.Library()


@register.filter
def num(value, digits: int = 2) -> str:
    """A number with a decimal comma, no trailing zeros and a real minus; «—» when there is none."""
    return formats.format_number(value, int(digits))


@register.filter
def signed_num(value, digits: int = 2) -> str:
    """As ``num``, with «+» before a positive number."""
    return formats.format_number(value, int(digits), signed=True)


@register.filter
def percent(value, digits: int = 1) -> str:
    return formats.format_percent(value, int(digits))


@register.filter
def percent_points(value, digits: int = 1) -> str:
    return formats.format_points(value, int(digits))


@register.filter
def plural(n, forms: str) -> str:
    """``{{ n }} {{ n|plural:"строка,строки,строк" }}`` — the Russian form for the number."""
    one, few, many = forms.split(",")
    return formats.ru_plural(n or 0, one, few, many)


@register.filter
def academic_year(end_year) -> str:
    return years.format_academic_year(end_year)


@register.filter
def academic_year_long(end_year) -> str:
    return years.academic_year_label(end_year)


@register.filter
def calendar_year(year) -> str:
    return years.calendar_year_label(year)


@register.inclusion_tag("includes/badge.html")
def status_badge(value, choices=None, *, data: str = "status", testid: str = "") -> dict:
    """``value`` of the set of statuses ``choices`` (a model's ``Status``, or the member's own set)
    as a badge; ``data`` names its ``data-*`` attribute holding the code, ``testid`` a test id."""
    return {**badges.badge(value, choices), "data": data, "testid": testid}


@register.simple_tag(takes_context=True)
def render_panel(context, panel) -> str:
    """Renders a dashboard panel's own template with the panel's context (apps contribute panels
    without knowing each other's templates)."""
    from django.template.loader import render_to_string

    return render_to_string(panel.template, {**context.flatten(), **panel.context}, request=context.get("request"))
