from decimal import Decimal

from django import template

register = template.Library()
NBSP = "\u00a0"  # the portal's thousands separator


@register.filter
def rub(value) -> str:
    """An exact amount in roubles, always with kopecks: «1 250 000,50»; «—» when there is none."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "−" if amount < 0 else ""
    whole, frac = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + NBSP.join(groups) + "," + frac


@register.filter
def hours(value) -> str:
    """Hours without trailing zeros: 4, 1,5, 2,25."""
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():f}".replace(".", ",")
