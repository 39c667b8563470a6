"""Money: planned and actual amounts per program, measure, year and source, and grants."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programs.models import Measure, Program
from schools.models import Organisation, School
from schools.models.fields import CharField


class Source(models.TextChoices):
    FEDERAL = "federal", _("федеральный бюджет")
    REGIONAL = "regional", _("региональный бюджет")
    MUNICIPAL = "municipal", _("муниципальный бюджет")
    EXTRA = "extra", _("внебюджетные средства")
    GRANT = "grant", _("грант")


class FundingQuerySet(models.QuerySet["FundingLine"]):
    def with_measure(self) -> FundingQuerySet:
        return self.select_related("measure__task", "measure__section", "program")


class FundingLine(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="funding", verbose_name=_("программа"))
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding",
        verbose_name=_("мероприятие"),
        help_text=_("Пусто — средства на программу в целом."),
    )
    year = models.PositiveSmallIntegerField(_("год"))
    source = CharField(_("источник"), max_length=12, choices=Source.choices)
    planned = models.DecimalField(_("план, руб."), max_digits=14, decimal_places=2)
    actual = models.DecimalField(_("исполнено, руб."), max_digits=14, decimal_places=2, null=True, blank=True)
    # A grant: who received it (a school or an organisation) and its name.
    grant_title = CharField(_("название гранта"), max_length=300, blank=True)
    recipient_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("получатель: школа")
    )
    recipient_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("получатель: организация"),
    )
    note = CharField(_("примечание"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = FundingQuerySet.as_manager()

    class Meta:
        verbose_name = _("строка финансирования")
        verbose_name_plural = _("финансирование")
        ordering = ["program", "year", "source", "pk"]

    def __str__(self) -> str:
        return f"{self.year}, {self.get_source_display()}: {self.planned}"

    @property
    def recipient(self) -> str:
        return str(self.recipient_school or self.recipient_organisation or "")


class FundingPublication(models.Model):
    """The committee's decision to show a program's funding totals on its public page."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="funding_publication")
    published = models.BooleanField(_("показывать на публичной странице"), default=False)

    class Meta:
        verbose_name = _("публикация финансирования")
        verbose_name_plural = _("публикация финансирования")

    def __str__(self) -> str:
        return str(self.program)
