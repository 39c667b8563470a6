"""Digest e-mails: each person gets one e-mail listing everything due or overdue for them — never one
e-mail per item. The reminders of measures, reviews and data collections all send through here.

A digest is rendered from two templates, ``<template>_subject.txt`` and ``<template>.txt``, with
``user``, ``today``, ``overdue`` and ``upcoming`` (the lines, split by their ``overdue`` flag).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from .models import User


class DigestLine(Protocol):
    @property
    def overdue(self) -> bool: ...


def digest_send(*, user: User, today: date, lines: Sequence[DigestLine], template: str) -> bool:
    """One digest to ``user``; nothing is sent for no lines. Whether an e-mail went out."""
    if not lines:
        return False
    context = {
        "user": user,
        "today": today,
        "overdue": [line for line in lines if line.overdue],
        "upcoming": [line for line in lines if not line.overdue],
    }
    send_mail(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        message=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    return True


def digests_send(digest: Mapping[int, Sequence[DigestLine]], *, today: date, template: str) -> int:
    """A digest to each user of ``digest`` (user id → lines); the number of e-mails sent."""
    users = User.objects.in_bulk(list(digest))
    return sum(digest_send(user=users[pk], today=today, lines=lines, template=template) for pk, lines in digest.items())
