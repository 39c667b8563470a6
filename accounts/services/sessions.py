"""Sessions a person has open: recorded at sign-in, ended all at once on «Выйти на всех устройствах»."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.db import transaction

from schools.models import User

from ..models import SessionRecord


def session_record(*, user: User, session_key: str, user_agent: str = "") -> None:
    """Remember that ``session_key`` belongs to ``user`` (called on every sign-in)."""
    limit = SessionRecord._meta.get_field("user_agent").max_length or 300
    SessionRecord.objects.update_or_create(
        session_key=session_key, defaults={"user": user, "user_agent": (user_agent or "")[:limit]}
    )


def sessions_end_all(*, user: User) -> int:
    """End every session of ``user`` on every device; returns how many were open."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        keys = list(SessionRecord.objects.filter(user=user).values_list("session_key", flat=True))
        for key in keys:
            store(session_key=key).delete()
        SessionRecord.objects.filter(user=user).delete()
    return len(keys)
