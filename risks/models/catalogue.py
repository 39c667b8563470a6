"""The risk factor catalogue: numbered versions, each a set of factors with their rules.

A version is never rewritten once a profile was computed with it (services/catalogue.py saves an
edit as the next version), so an explanation given last year reads the rule that gave the level."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schools import text as text_limits
from schools.models.fields import CharField, TextField

from ..rules import DIRECTIONS, Derived, FactorSpec


class Catalogue(models.Model):
    number = models.PositiveIntegerField(_("номер версии"), unique=True)
    note = TextField(_("что изменено"), max_length=text_limits.SHORT, blank=True)
    # Derived inputs: [{"name", "label", "formula", "unit"}]; they may read one another (no cycles).
    derived = models.JSONField(_("производные показатели"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("каталог факторов риска")
        verbose_name_plural = _("версии каталога факторов риска")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Каталог факторов риска, версия {self.number}"

    def derived_specs(self) -> dict[str, Derived]:
        return {
            d["name"]: Derived(d["name"], d.get("label", ""), d.get("formula", ""), d.get("unit", ""))
            for d in self.derived
        }


class Factor(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", DIRECTIONS["higher"]
        LOWER = "lower", DIRECTIONS["lower"]

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="factors")
    code = models.SlugField(_("код"), max_length=40)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = CharField(_("фактор риска"), max_length=300)
    rule = CharField(_("правило"), max_length=1000)
    unit = CharField(_("единица"), max_length=20, blank=True)
    direction = CharField(_("направление шкалы"), max_length=8, choices=Direction.choices)
    low = models.DecimalField(_("порог низкого уровня"), max_digits=12, decimal_places=2)
    medium = models.DecimalField(_("порог среднего уровня"), max_digits=12, decimal_places=2)
    high = models.DecimalField(_("порог высокого уровня"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("фактор риска")
        verbose_name_plural = _("факторы риска")
        ordering = ["catalogue", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "code"],
                name="risk_factor_unique_code",
                violation_error_message=_("Такой фактор в этой версии каталога уже есть."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def spec(self) -> FactorSpec:
        return FactorSpec(self.code, self.title, self.rule, self.direction, self.low, self.medium, self.high, self.unit)
