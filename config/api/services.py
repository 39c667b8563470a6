"""The API's one write of its own making: a value through monitoring's ``value_set``, with the
answers an API needs (created or not, a version conflict told apart from a refused value)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from monitoring.models import Indicator, IndicatorValue, Period
from monitoring.services.values import value_set
from schools.models import ApiToken, Municipality, School

if TYPE_CHECKING:
    from schools.models import User


class ValueConflict(Exception):
    """Someone else wrote the value since the version the client based its change on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def api_value_write(
    *,
    indicator: Indicator,
    period: Period,
    value: Decimal | str,
    school: School | None,
    municipality: Municipality | None,
    user: User,
    token: ApiToken | None,
    expected_version: int | None,
) -> tuple[IndicatorValue, bool]:
    """Store the value (the caller checked ``monitoring.change_values``); returns it and whether it
    is new. ValidationError: the value was refused (Russian reasons by field); ValueConflict: the
    stored version is not ``expected_version`` or a parallel request created the row first."""
    source_ref = _("API, токен %(prefix)s…") % {"prefix": token.prefix} if token is not None else _("API")
    try:
        stored = value_set(
            indicator=indicator,
            period=period,
            value=value,
            school=school,
            municipality=municipality,
            user=user,
            expected_version=expected_version,
            source_ref=source_ref,
        )
    except ValidationError as exc:
        if expected_version is not None:
            subject: dict[str, School | Municipality | None] = (
                {"school": school} if school is not None else {"municipality": municipality}
            )
            found = (
                IndicatorValue.objects.filter(indicator=indicator, period=period, **subject)
                .values_list("version", flat=True)
                .first()
            )
            if (found or 0) != expected_version:
                raise ValueConflict(exc.messages[0]) from None
        raise
    except IntegrityError:
        # Two first writes of the same (indicator, period, subject) at once: the unique constraint
        # kept one; this one is told to re-read instead of overwriting it.
        raise ValueConflict(
            _("Значение только что записал другой запрос. Получите его и повторите изменение.")
        ) from None
    return stored, stored.version == 1
