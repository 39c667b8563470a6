"""Writes of the results analysis: a new version of the risk-of-low-results rule."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ..models import RiskRule
from ..stats.errors import RiskRuleError
from ..stats.risk import RiskParameters, validate_parameters

THRESHOLD_QUANTUM = Decimal("0.01")  # the model keeps two decimals


def _threshold(value: Any) -> Any:
    """A threshold as the model will store it (two decimals); anything else is left for the
    validation to refuse."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return value
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return value
    return number.quantize(THRESHOLD_QUANTUM, rounding=ROUND_HALF_UP) if number.is_finite() else value


@transaction.atomic
def risk_rule_save(
    *,
    share_threshold: Any,
    min_low_assessments: Any,
    consecutive_years: Any,
    min_participants: Any,
    note: str = "",
    user=None,
) -> RiskRule:
    """Stores the parameters as a new current version (the earlier versions stay, so every past
    computation can be explained). Nonsense values raise a ValidationError naming each parameter
    in Russian, and nothing is stored; the same parameters as the current version change nothing."""
    threshold = _threshold(share_threshold)
    try:
        parameters = validate_parameters(
            RiskParameters(
                share_threshold=threshold,
                min_low_assessments=min_low_assessments,
                consecutive_years=consecutive_years,
                min_participants=min_participants,
            )
        )
    except RiskRuleError as exc:
        errors: dict[str, list[str]] = {}
        for field, message in zip(exc.fields, exc.messages, strict=True):
            errors.setdefault(field, []).append(message)
        raise ValidationError(errors) from exc
    note = (note or "").strip()
    if len(note) > (RiskRule._meta.get_field("note").max_length or 0):
        raise ValidationError({"note": ["Основание изменения — не длиннее 300 символов."]})
    current = RiskRule.objects.select_for_update().filter(is_current=True).first()
    if current is not None and current.parameters() == parameters:
        return current
    version = (RiskRule.objects.aggregate(last=Max("version"))["last"] or 0) + 1
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    return RiskRule.objects.create(
        version=version,
        share_threshold=threshold,
        min_low_assessments=parameters.min_low_assessments,
        consecutive_years=parameters.consecutive_years,
        min_participants=parameters.min_participants,
        note=note,
        is_current=True,
        created_by=user,
    )
