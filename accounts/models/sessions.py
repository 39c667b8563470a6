"""The sessions a person has opened, so that «Выйти на всех устройствах» can end every one of them.

A row is written when someone signs in (``accounts.signals``) and names the session's key; ending
all sessions deletes those sessions from the session store (whatever engine it is) and the rows.
Only the key is kept, never the session's contents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schools.models.fields import CharField


class SessionRecord(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_records",
        verbose_name=_("пользователь"),
    )
    session_key = CharField(_("ключ сеанса"), max_length=64, unique=True)
    started_at = models.DateTimeField(_("начат"), default=timezone.now)
    user_agent = CharField(_("браузер"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("сеанс")
        verbose_name_plural = _("сеансы")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%d.%m.%Y %H:%M}"
