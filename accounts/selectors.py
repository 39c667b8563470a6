"""Reads about a person's own sign-in: the second factor they have, the sessions they hold."""

from __future__ import annotations

from dataclasses import dataclass

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schools.models import User

from .access import second_factor_required
from .models import SessionRecord


@dataclass(frozen=True)
class SecurityState:
    second_factor_on: bool
    second_factor_required: bool
    recovery_codes_left: int
    sessions: int


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def security_state(user: User) -> SecurityState:
    return SecurityState(
        second_factor_on=has_second_factor(user),
        second_factor_required=second_factor_required(user),
        recovery_codes_left=StaticToken.objects.filter(device__user=user, device__confirmed=True).count(),
        sessions=SessionRecord.objects.filter(user=user).count(),
    )
