"""Versions of an approved program: immutable snapshots with the amendment's reason and document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools import text as text_limits
from schools.models.fields import CharField, TextField

from .program import Program


class ProgramVersion(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("версия"))
    reason = TextField(_("основание изменений"), max_length=text_limits.SHORT, blank=True)
    doc_type = CharField(_("вид документа"), max_length=100, blank=True)
    doc_number = CharField(_("номер документа"), max_length=50, blank=True)
    doc_date = models.DateField(_("дата документа"), null=True, blank=True)
    doc_file = models.FileField(_("файл документа"), upload_to="program-versions/%Y/", blank=True)
    snapshot = models.JSONField(_("содержание версии"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("версия программы")
        verbose_name_plural = _("версии программы")
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="program_version_unique")]

    def __str__(self) -> str:
        return f"{self.program} — версия {self.number}"


class NewsItem(models.Model):
    """News of a program published by the committee ("information openness")."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="news")
    title = CharField(_("заголовок"), max_length=300)
    body = TextField(_("текст"), max_length=text_limits.LONG)
    published_at = models.DateTimeField(_("опубликовано"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("новость программы")
        verbose_name_plural = _("новости программ")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title
