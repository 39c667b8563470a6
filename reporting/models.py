"""Report jobs: a report ordered by a user, built by a Celery worker, downloaded when done."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models.fields import CharField


class ReportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("формируется")
        DONE = "done", _("готов")
        FAILED = "failed", _("ошибка")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"
        DOCX = "docx", "DOCX"
        CSV = "csv", "CSV"

    kind = CharField(_("вид отчёта"), max_length=32)
    format = CharField(_("формат"), max_length=8, choices=Format.choices)
    object_id = models.PositiveBigIntegerField(_("объект"), null=True, blank=True)
    params = models.JSONField(_("параметры"), default=dict, blank=True)
    title = CharField(_("название"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_jobs",
        verbose_name=_("заказал"),
    )
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("готовность, %"), default=0)
    error = models.TextField(_("причина ошибки"), blank=True)
    file = models.FileField(_("файл"), upload_to="reports/%Y/%m/", blank=True)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    created_at = models.DateTimeField(_("заказан"), auto_now_add=True)
    finished_at = models.DateTimeField(_("готов"), null=True, blank=True)
    expires_at = models.DateTimeField(_("хранится до"), null=True, blank=True)
    # Set by the report services for the view that queued the job: None until the commit, then
    # whether the broker could not be reached (the job stays queued and is sent again later).
    enqueue_failed: bool | None

    class Meta:
        verbose_name = _("отчёт")
        verbose_name_plural = _("отчёты")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]), models.Index(fields=["status", "expires_at"])]
        # The table monitoring created before reports became their own app: moved without copying
        # (reporting/migrations/0001_initial.py).
        db_table = "monitoring_reportjob"

    def __str__(self) -> str:
        return self.title or f"{self.kind} #{self.pk}"
