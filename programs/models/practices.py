"""The bank of best practices: what a school did, with results and evidence, reviewed before it is
published for every school (and the public) to find."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import badges
from schools import text as text_limits
from schools.models import School
from schools.models.fields import CharField, TextField


class PracticeTag(models.Model):
    class Kind(models.TextChoices):
        SUBJECT = "subject", _("предмет")
        LEVEL = "level", _("уровень образования")
        AREA = "area", _("направление")

    kind = CharField(_("вид"), max_length=16, choices=Kind.choices)
    name = CharField(_("название"), max_length=120)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("метка практики")
        verbose_name_plural = _("метки практик")
        ordering = ["kind", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="practice_tag_unique")]

    def __str__(self) -> str:
        return self.name


class PracticeQuerySet(models.QuerySet["Practice"]):
    def published(self) -> PracticeQuerySet:
        return self.filter(status=Practice.Status.PUBLISHED)

    def with_school(self) -> PracticeQuerySet:
        """With the school and its municipality (the bank's lists)."""
        return self.select_related("school__municipality")


class Practice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("на рассмотрении")
        RETURNED = "returned", _("возвращена на доработку")
        PUBLISHED = "published", _("опубликована")
        WITHDRAWN = "withdrawn", _("снята с публикации")

        tones = badges.badge_tones(
            draft=badges.NEUTRAL,
            submitted=badges.IN_PROGRESS,
            returned=badges.RETURNED,
            published=badges.DONE,
            withdrawn=badges.NEUTRAL,
        )

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="practices", verbose_name=_("школа"))
    title = CharField(_("название практики"), max_length=300)
    problem = TextField(_("какую проблему решает"), max_length=text_limits.LONG)
    actions = TextField(_("что было сделано"), max_length=text_limits.LONG)
    results = TextField(_("результаты"), max_length=text_limits.LONG)
    # Adults who wrote it (teachers, the director) — never pupils.
    authors = CharField(_("авторы"), max_length=500, blank=True)
    tags = models.ManyToManyField(PracticeTag, blank=True, related_name="practices", verbose_name=_("метки"))
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    review_comment = TextField(_("комментарий методиста"), max_length=text_limits.MEDIUM, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("опубликована"), null=True, blank=True)
    # Russian full-text document (PostgreSQL): stems, so «родителями» finds «родители». Filled by
    # the service on every save; empty on SQLite, where the search falls back to word prefixes.
    search_document = SearchVectorField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["search_document"])

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("практика")
        verbose_name_plural = _("банк лучших практик")
        ordering = ["-published_at", "-created_at"]
        indexes = [GinIndex(fields=["search_document"], name="practice_search_gin")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:practice", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class PracticeEvidence(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("файл"), upload_to="practices/%Y/")
    original_name = CharField(_("имя файла"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("подтверждение результатов практики")
        verbose_name_plural = _("подтверждения результатов практик")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
