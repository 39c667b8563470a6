"""Single sign-on: the account of a provider's subject, and its memberships from the claim mappings.

At each sign-in the person's memberships made by single sign-on are brought in line with the
active mappings of the claim values the provider sent now: a mapping newly matched makes a
membership (through the mapping's own fields only), one no longer matched withdraws it. Nothing
else about the account changes: memberships made by hand, ``is_staff``, ``is_superuser``, groups,
permissions and methodologist assignments are never read from the provider."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from schools.models import Membership, User

from ..models import ClaimMapping, ExternalIdentity, MappingGrant

_USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


@dataclass
class SyncResult:
    granted: list[Membership] = field(default_factory=list)
    withdrawn: list[Membership] = field(default_factory=list)


def sso_identity_user(*, subject: str) -> User | None:
    """The account linked to the provider's subject, if any (never matched by e-mail or name)."""
    identity = ExternalIdentity.objects.select_related("user").filter(subject=subject).first()
    return identity.user if identity is not None else None


def _free_username(wanted: str) -> str:
    base = _USERNAME_UNSAFE.sub("", wanted)[:140] or "sso"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def sso_user_create(*, subject: str, username: str, email: str, first_name: str, last_name: str) -> User:
    """A new account for a person the portal has not seen: no password, no rights of its own."""
    with transaction.atomic():
        user = User(
            username=_free_username(username or email.split("@")[0] or subject),
            email=email[:254],
            first_name=first_name[:150],
            last_name=last_name[:150],
            is_staff=False,
            is_superuser=False,
        )
        user.set_unusable_password()
        user.save()
        ExternalIdentity.objects.create(user=user, subject=subject)
    return user


def sso_memberships_sync(*, user: User, claim_values: Collection[str]) -> SyncResult:
    """Grant what the active mappings of ``claim_values`` say, withdraw earlier grants they no longer say."""
    values = {str(v) for v in claim_values if isinstance(v, str | int) and str(v)}
    result = SyncResult()
    now = timezone.now()
    with transaction.atomic():
        wanted = {m.pk: m for m in ClaimMapping.objects.filter(is_active=True, claim_value__in=values)}
        live = MappingGrant.objects.select_related("membership").filter(membership__user=user, revoked_at__isnull=True)
        held: set[int] = set()
        for grant in live.select_for_update(of=("self",)):
            if grant.mapping_id in wanted:
                held.add(grant.mapping_id)
                continue
            grant.revoked_at = now
            grant.save(update_fields=["revoked_at"])
            grant.membership.is_active = False
            grant.membership.save(update_fields=["is_active"])
            result.withdrawn.append(grant.membership)
        for pk, mapping in wanted.items():
            if pk in held:
                continue
            membership = Membership.objects.create(user=user, is_active=True, **mapping.membership_fields())
            MappingGrant.objects.create(membership=membership, mapping=mapping, claim_value=mapping.claim_value)
            result.granted.append(membership)
        ExternalIdentity.objects.filter(user=user).update(last_seen_at=now)
    return result
