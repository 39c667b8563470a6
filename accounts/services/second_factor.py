"""The second factor: an authenticator app (TOTP, django-otp's device) and one-time recovery codes.

A person has at most one confirmed TOTP device and one set of recovery codes. Enrolment makes an
unconfirmed device first; it counts only after a code from the app confirms it, and only then are
the recovery codes made — shown once, stored as django-otp's static tokens, each deleted when used.
Wrong codes are throttled by django-otp itself (a growing delay per device); the sign-in view
also reports them to django-axes, so guessing codes locks the sign-in like guessing passwords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schools.models import User

RECOVERY_CODES = 10
DEVICE_NAME = "Приложение-аутентификатор"
RECOVERY_NAME = "Коды восстановления"
_TOTP_CODE = re.compile(r"\d{6}")


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of one code: the device that accepted it, or why none did."""

    device: Device | None
    throttled_until: datetime | None = None

    @property
    def recovery(self) -> bool:
        return isinstance(self.device, StaticDevice)


def normalise_code(raw: str) -> str:
    """What a person types: spaces and hyphens anywhere, either case (recovery codes are lower case)."""
    return re.sub(r"[\s\-]", "", raw or "").lower()


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new unconfirmed device with a fresh secret; an earlier unconfirmed one is discarded."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app; returns the new recovery codes, or None if the code
    is wrong. The confirmed device replaces any earlier one."""
    code = normalise_code(code)
    with transaction.atomic():
        # Gone if a second submit of the same form confirmed it a moment ago: that one answered.
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if locked is None or not _TOTP_CODE.fullmatch(code) or not locked.verify_token(code):
            return None
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        return recovery_codes_issue(user=user)


def recovery_codes_issue(*, user: User) -> list[str]:
    """A new set of recovery codes; the previous set stops working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_check(*, user: User, code: str) -> CodeCheck:
    """Try a code against the user's confirmed devices: six digits go to the app's device, anything
    else to the recovery codes (a used recovery code is deleted by django-otp)."""
    code = normalise_code(code)
    model: type[Device] = TOTPDevice if _TOTP_CODE.fullmatch(code) else StaticDevice
    throttled: datetime | None = None
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            allowed, details = device.verify_is_allowed()
            if not allowed:
                throttled = (details or {}).get("locked_until") or timezone.now()
                continue
            if device.verify_token(code):
                return CodeCheck(device=device)
    return CodeCheck(device=None, throttled_until=throttled)


def second_factor_disable(*, user: User) -> None:
    """Remove the app's device and the recovery codes (allowed only where the policy does not require them)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
