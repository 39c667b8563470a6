"""The access log: who signed in (or tried to) and who took data out of the portal.

Written by ``schools.access_log.access_event_record`` only; read on «Журнал доступа» and in the
admin, never edited. Old rows are deleted after ACCESS_LOG_RETENTION_DAYS by a beat task.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import CharField


class AccessEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("вход")
        LOGIN_FAILED = "login_failed", _("неудачный вход")
        LOGOUT = "logout", _("выход")
        EXPORT = "export", _("выгрузка данных")
        API_EXPORT = "api_export", _("выгрузка через API")
        REPORT_DOWNLOAD = "report_download", _("скачивание отчёта")
        FILE_DOWNLOAD = "file_download", _("скачивание файла")

    at = models.DateTimeField(_("когда"), default=timezone.now)
    # SET_NULL: deleting an account must not erase what it did; `username` keeps the name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("пользователь"),
    )
    username = CharField(_("имя пользователя"), max_length=150, blank=True)
    kind = CharField(_("событие"), max_length=32, choices=Kind.choices)
    subject = CharField(_("что"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    user_agent = CharField(_("браузер"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("событие доступа")
        verbose_name_plural = _("журнал доступа")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="accessevent_at"),
            models.Index(fields=["kind", "-at"], name="accessevent_kind_at"),
            models.Index(fields=["user", "-at"], name="accessevent_user_at"),
            models.Index(fields=["username", "-at"], name="accessevent_username_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.username} {self.get_kind_display()}"
