"""Audit checklists (комплексный аудит, seed 001 step 3) in five parts, filled by the school and
reviewed by the committee."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import text as text_limits
from schools.models import School
from schools.models.fields import CharField, TextField


class AuditTemplate(models.Model):
    title = CharField(_("название"), max_length=300)
    scale_max = models.PositiveSmallIntegerField(_("максимальная оценка пункта"), default=3)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("шаблон аудита")
        verbose_name_plural = _("шаблоны аудита")

    def __str__(self) -> str:
        return self.title


class AuditItem(models.Model):
    class Part(models.TextChoices):
        ORGANISATIONAL = "organisational", _("организационно-содержательные условия")
        METHODOLOGICAL = "methodological", _("информационно-методические условия")
        STAFFING = "staffing", _("кадровые условия")
        MATERIAL = "material", _("материально-технические условия")
        FINANCIAL = "financial", _("финансовые условия")

    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="items")
    part = CharField(_("раздел"), max_length=16, choices=Part.choices)
    position = models.PositiveSmallIntegerField(default=0)
    text = CharField(_("пункт"), max_length=500)

    class Meta:
        verbose_name = _("пункт аудита")
        verbose_name_plural = _("пункты аудита")
        ordering = ["template", "part", "position"]

    def __str__(self) -> str:
        return self.text


class Audit(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("заполняется")
        SUBMITTED = "submitted", _("на проверке")
        RETURNED = "returned", _("возвращён")
        ACCEPTED = "accepted", _("принят")

    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="audits")
    year = models.PositiveSmallIntegerField(_("учебный год (год окончания)"))
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    review_comment = TextField(_("комментарий проверяющего"), max_length=text_limits.MEDIUM, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("аудит школы")
        verbose_name_plural = _("аудиты школ")
        constraints = [models.UniqueConstraint(fields=["template", "school", "year"], name="audit_once")]

    def __str__(self) -> str:
        return f"{self.school} — {self.year}"


class AuditAnswer(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(AuditItem, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("оценка"), null=True, blank=True)
    comment = CharField(_("комментарий"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("ответ аудита")
        verbose_name_plural = _("ответы аудита")
        constraints = [models.UniqueConstraint(fields=["audit", "item"], name="audit_answer_once")]

    def __str__(self) -> str:
        return f"{self.item}: {self.rating}"
