"""Who must sign in with a second factor, and who may manage their own sign-in settings.

Staff who read or change more than one school — region and committee staff, methodologists — and
superusers and admin users must confirm a code from an authenticator app when the setting
``OTP_REQUIRED`` is on. Anyone signed in may turn the second factor on for themselves."""

from __future__ import annotations

import rules
from django.conf import settings

from schools.access import AnyUser, scope_of
from schools.models import Role

#: The roles whose sign-in needs a code when OTP_REQUIRED is on.
SECOND_FACTOR_ROLES = frozenset({Role.REGION_STAFF, Role.MUNICIPAL_STAFF, Role.METHODOLOGIST})


def second_factor_role(user: AnyUser) -> bool:
    """Whether the user is one of those the policy is about (whatever the setting says)."""
    if not user.is_authenticated:
        return False
    scope = scope_of(user)
    return scope.superuser or user.is_staff or bool(scope.roles & SECOND_FACTOR_ROLES)


def second_factor_required(user: AnyUser) -> bool:
    """Whether this user may not work without a confirmed second factor."""
    return bool(getattr(settings, "OTP_REQUIRED", False)) and second_factor_role(user)


@rules.predicate
def may_drop_second_factor(user: AnyUser) -> bool:
    return user.is_authenticated and not second_factor_required(user)


rules.add_perm("accounts.manage_own_security", rules.is_authenticated)
rules.add_perm("accounts.disable_second_factor", may_drop_second_factor)
