"""An uploaded spreadsheet between its preview and its confirmation, and what became of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import badges
from .fields import CharField


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("проверен, ждёт подтверждения")
        REJECTED = "rejected", _("отклонён: есть ошибки")
        APPLIED = "applied", _("загружен")
        CANCELLED = "cancelled", _("отменён")

        tones = badges.badge_tones(
            previewed=badges.IN_PROGRESS, rejected=badges.FAILED, applied=badges.DONE, cancelled=badges.NEUTRAL
        )

    kind = CharField(_("вид данных"), max_length=32)
    file = models.FileField(_("файл"), upload_to="imports/%Y/%m/")
    original_name = CharField(_("имя файла"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches", verbose_name=_("загрузил")
    )
    created_at = models.DateTimeField(_("загружен"), auto_now_add=True)
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    summary = models.JSONField(_("итоги проверки"), default=dict, blank=True)
    create_missing = models.BooleanField(_("создать недостающие регионы и муниципалитеты"), default=False)
    applied_at = models.DateTimeField(_("применён"), null=True, blank=True)

    class Meta:
        verbose_name = _("загрузка файла")
        verbose_name_plural = _("загрузки файлов")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
