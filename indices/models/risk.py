"""The risk-of-low-results rule as versioned, editable parameters (docs/indices.md, «Риск низких
результатов»): like a methodology, a change makes a new version and the earlier ones stay."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schools.models.fields import CharField

from ..stats.risk import MAX_CONSECUTIVE_YEARS, MAX_LOW_ASSESSMENTS, MAX_PARTICIPANTS, RiskParameters

DEFAULTS = RiskParameters()


class RiskRule(models.Model):
    version = models.PositiveIntegerField(_("версия"), unique=True)
    share_threshold = models.DecimalField(
        _("порог доли не преодолевших минимальный порог, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(str(DEFAULTS.share_threshold)),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
        help_text=_("Оценочная процедура низкая, если доля не преодолевших минимальный порог не меньше порога."),
    )
    min_low_assessments = models.PositiveSmallIntegerField(
        _("низких оценочных процедур в одном году"),
        default=DEFAULTS.min_low_assessments,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LOW_ASSESSMENTS)],
    )
    consecutive_years = models.PositiveSmallIntegerField(
        _("лет подряд для одной оценочной процедуры"),
        default=DEFAULTS.consecutive_years,
        validators=[MinValueValidator(2), MaxValueValidator(MAX_CONSECUTIVE_YEARS)],
    )
    min_participants = models.PositiveSmallIntegerField(
        _("наименьшее число участников"),
        default=DEFAULTS.min_participants,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("Оценочная процедура с меньшим числом участников не учитывается."),
    )
    note = CharField(_("основание изменения"), max_length=300, blank=True)
    is_current = models.BooleanField(_("действующая версия"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("правило риска низких результатов")
        verbose_name_plural = _("правила риска низких результатов")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="risk_rule_one_current",
                violation_error_message=_("Действующее правило риска может быть только одно."),
            ),
            models.CheckConstraint(
                name="risk_rule_ranges",
                condition=Q(share_threshold__gt=0, share_threshold__lte=100)
                & Q(min_low_assessments__gte=1, min_low_assessments__lte=MAX_LOW_ASSESSMENTS)
                & Q(consecutive_years__gte=2, consecutive_years__lte=MAX_CONSECUTIVE_YEARS)
                & Q(min_participants__gte=1, min_participants__lte=MAX_PARTICIPANTS),
                violation_error_message=_("Параметры правила риска низких результатов вне допустимых значений."),
            ),
        ]

    def __str__(self) -> str:
        return f"Правило риска низких результатов (v{self.version})"

    def parameters(self) -> RiskParameters:
        return RiskParameters(
            share_threshold=float(self.share_threshold),
            min_low_assessments=self.min_low_assessments,
            consecutive_years=self.consecutive_years,
            min_participants=self.min_participants,
        )
