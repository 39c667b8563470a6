from decimal import Decimal

from django import template

from schools.formats import format_number

register = template.Library()


@register.filter
def rub(value) -> str:
    """An exact amount in roubles the portal's way: «1 250 000,5», «20 180 000» (no trailing zeros,
    like every number of the portal); «—» when there is none."""
    if value is None or value == "":
        return "—"
    return format_number(Decimal(value), 2)


@register.filter
def hours(value) -> str:
    """Hours without trailing zeros: 4, 1,5, 2,25."""
    if value is None:
        return "—"
    return format_number(Decimal(value), 2)
