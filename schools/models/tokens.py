"""API tokens: issued and revoked by staff, scoped to a municipality or a school, read-only or
read-write. Only a hash of the token is stored; the token itself is shown once, at issue."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fields import CharField
from .ladder import Municipality, School

PREFIX_LENGTH = 8


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    name = CharField(_("назначение"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("учётная запись")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("муниципалитет"),
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="api_tokens", verbose_name=_("школа")
    )
    read_only = models.BooleanField(_("только чтение"), default=True)
    prefix = CharField(_("начало токена"), max_length=PREFIX_LENGTH, db_index=True)
    key_hash = CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("выдал"),
    )
    created_at = models.DateTimeField(_("выдан"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)

    class Meta:
        verbose_name = _("токен API")
        verbose_name_plural = _("токены API")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="token_scope_one",
                violation_error_message=_("Область токена — либо муниципалитет, либо школа."),
                condition=Q(municipality__isnull=False, school__isnull=True)
                | Q(municipality__isnull=True, school__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def new_raw(cls) -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
