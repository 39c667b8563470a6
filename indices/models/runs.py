"""Methodologies (versioned data), computation runs and their per-school results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schools.models import Municipality, Region, School
from schools.models.fields import CharField


class Methodology(models.Model):
    slug = models.SlugField(_("код"), max_length=64)
    version = models.PositiveIntegerField(_("версия"), default=1)
    name = CharField(_("название"), max_length=300)
    definition = models.JSONField(_("определение"))
    is_current = models.BooleanField(_("действующая версия"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("методика")
        verbose_name_plural = _("методики")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="methodology_version_unique"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(is_current=True),
                name="methodology_one_current",
                violation_error_message=_("Действующая методика может быть только одна."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class RunQuerySet(models.QuerySet["Run"]):
    def with_scope(self) -> RunQuerySet:
        """With the methodology and the region or municipality the run is over."""
        return self.select_related("methodology", "region", "municipality")


class Run(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("считается")
        DONE = "done", _("готово")
        FAILED = "failed", _("ошибка")

    methodology = models.ForeignKey(
        Methodology, on_delete=models.PROTECT, related_name="runs", verbose_name=_("методика")
    )
    methodology_frozen = models.JSONField(_("методика на момент расчёта"))
    year = models.PositiveSmallIntegerField(_("учебный год (год окончания)"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="index_runs", verbose_name=_("регион"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="index_runs",
        verbose_name=_("муниципалитет"),
        help_text=_("Пусто — совокупность всего региона."),
    )
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("выполнено, %"), default=0)
    error = models.TextField(_("причина ошибки"), blank=True)
    input_fingerprint = CharField(_("отпечаток входных данных"), max_length=64, blank=True)
    summary = models.JSONField(
        _("итоги"),
        default=dict,
        blank=True,
        help_text=_("Средние по предметам, коэффициенты регрессии с ошибками, R², n, границы групп."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("расчёт индексов")
        verbose_name_plural = _("расчёты индексов")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "year", "status"])]

    def __str__(self) -> str:
        return f"Расчёт {self.pk}: {self.year} ({self.municipality or self.region})"

    def get_absolute_url(self) -> str:
        return reverse("indices:run", args=[self.pk])

    def category_counts(self) -> list[tuple[str, int]]:
        """The summary's schools per category, by the categories' names, in their order."""
        counts = (self.summary or {}).get("categories", {})
        return [(label, counts[code]) for code, label in SchoolResult.Category.choices if code in counts]


class SchoolResultQuerySet(models.QuerySet["SchoolResult"]):
    def with_school(self) -> SchoolResultQuerySet:
        return self.select_related("school", "school__municipality")


class SchoolResult(models.Model):
    class Category(models.TextChoices):
        LOW_ON_BOTH = "low_on_both", _("адресное сопровождение")
        RESILIENT = "resilient", _("адресная поддержка (резильентные)")
        NOT_COPING = "not_coping", _("адресное наставничество")
        STABLE = "stable", _("стабильные")
        NO_DATA = "no_data", _("нет данных")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="index_results")
    quality_index = models.FloatField(_("индекс качества"), null=True)
    quality_se = models.FloatField(_("стандартная ошибка"), null=True)
    significantly_below = models.BooleanField(_("значимо ниже среднего"), null=True)
    quality_group = models.PositiveSmallIntegerField(_("группа качества"), null=True)
    wellbeing_index = models.FloatField(_("ИСБШ"), null=True)
    wellbeing_group = models.PositiveSmallIntegerField(_("группа ИСБШ"), null=True)
    residual = models.FloatField(_("остаток"), null=True)
    category = CharField(_("категория"), max_length=16, choices=Category.choices, default=Category.NO_DATA)
    pilot = models.BooleanField(_("пилотная площадка"), default=False)
    stably_low = models.BooleanField(_("устойчиво низкие результаты"), default=False)
    missing_reason = CharField(_("причина отсутствия значения"), max_length=200, blank=True)
    detail = models.JSONField(_("подробности"), default=dict, blank=True)

    objects = SchoolResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("результат школы в расчёте")
        verbose_name_plural = _("результаты школ в расчётах")
        constraints = [models.UniqueConstraint(fields=["run", "school"], name="school_result_unique")]
        indexes = [models.Index(fields=["run", "category"]), models.Index(fields=["school", "run"])]

    def __str__(self) -> str:
        return f"{self.school} — {self.get_category_display()}"


class PilotSite(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pilot_years")
    year = models.PositiveSmallIntegerField(_("учебный год (год окончания)"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = CharField(_("основание"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("пилотная площадка")
        verbose_name_plural = _("пилотные площадки")
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="pilot_unique")]

    def __str__(self) -> str:
        return f"{self.school} — {self.year}"


class ImportedGroups(models.Model):
    """Groups published by a regional institute, kept beside the portal's own computation."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="imported_groups")
    year = models.PositiveSmallIntegerField(_("учебный год (год окончания)"))
    quality_group = models.PositiveSmallIntegerField(_("группа качества"), null=True)
    wellbeing_group = models.PositiveSmallIntegerField(_("группа ИСБШ"), null=True)
    source = CharField(_("источник"), max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("импортированные группы")
        verbose_name_plural = _("импортированные группы")
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="imported_groups_unique"),
            models.CheckConstraint(
                name="imported_groups_range",
                violation_error_message=_("Номер группы — от 1 до 11."),
                condition=(Q(quality_group__isnull=True) | Q(quality_group__gte=1, quality_group__lte=11))
                & (Q(wellbeing_group__isnull=True) | Q(wellbeing_group__gte=1, wellbeing_group__lte=11)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} — {self.year}: {self.quality_group}/{self.wellbeing_group}"
