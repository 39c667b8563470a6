"""A program document uploaded to be read (issue 18): kept while the user checks the preview and,
once the draft is created, as the program's source document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.models import Municipality

from .program import Program


class ProgramImport(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("муниципалитет")
    )
    file = models.FileField(_("документ"), upload_to="program-sources/%Y/")
    filename = models.CharField(_("имя файла"), max_length=255)
    # What the reader understood, then what the user corrected (programs.imports.parsed).
    parsed = models.JSONField(_("прочитанное из документа"), default=dict)
    program = models.OneToOneField(
        Program,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_document",
        verbose_name=_("программа"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("загрузил")
    )
    created_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("документ программы")
        verbose_name_plural = _("документы программ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def original_name(self) -> str:
        """The name the download gets (programs.views.common.file_download)."""
        return self.filename
