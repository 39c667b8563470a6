"""The number rules every register shares: quarter hours, roubles with kopecks."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import ResourceRuleError

QUARTER = Decimal("0.25")
KOPECK = Decimal("0.01")


def check_hours(value, *, field: str = "hours") -> Decimal:
    """Hours are positive and counted in quarter hours (15 minutes): 1,5 and 4,25, not 1,3."""
    try:
        hours = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ResourceRuleError({field: _("Укажите число часов, например 4 или 1,5.")}) from exc
    if not hours.is_finite() or hours <= 0:
        raise ResourceRuleError({field: _("Число часов должно быть больше нуля.")})
    if hours % QUARTER:
        raise ResourceRuleError({field: _("Часы указываются с шагом в четверть часа: например 1,25, 1,5 или 1,75.")})
    if hours > Decimal("999"):
        raise ResourceRuleError({field: _("Слишком много часов: не больше 999.")})
    return hours


def check_amount(value, *, field: str) -> Decimal:
    """Roubles with at most two decimals (kopecks), never negative; kept exact as a Decimal."""
    try:
        amount = Decimal(str(value).replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ResourceRuleError({field: _("Укажите сумму в рублях, например 125000 или 12500,50.")}) from exc
    if not amount.is_finite():
        raise ResourceRuleError({field: _("Укажите сумму в рублях, например 125000 или 12500,50.")})
    if amount < 0:
        raise ResourceRuleError({field: _("Сумма не может быть отрицательной.")})
    if amount != amount.quantize(KOPECK):
        raise ResourceRuleError(
            {field: _("Сумма указывается в рублях с копейками: не больше двух знаков после запятой.")}
        )
    if amount >= Decimal("1e12"):
        raise ResourceRuleError({field: _("Слишком большая сумма: меньше триллиона рублей.")})
    return amount.quantize(KOPECK)
