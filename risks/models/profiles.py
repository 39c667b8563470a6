"""A school's risk profile for a year: computed levels, the school's decisions, the curator's
word, every step kept as an event, and the anti-risk program started for a confirmed risk."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.models import SchoolProgram
from schools import text as text_limits
from schools.models import School
from schools.models.fields import CharField, TextField
from schools.years import academic_year_label

from ..rules import LEVEL_LABELS
from .catalogue import Catalogue, Factor


class RiskProfile(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="risk_profiles", verbose_name=_("школа"))
    year = models.PositiveSmallIntegerField(_("учебный год (год окончания)"))
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="profiles")
    computed_at = models.DateTimeField(_("рассчитан"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("профиль рисков школы")
        verbose_name_plural = _("профили рисков школ")
        ordering = ["school", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year"],
                name="risk_profile_unique_year",
                violation_error_message=_("Профиль рисков школы за этот учебный год уже есть."),
            ),
        ]

    def __str__(self) -> str:
        return f"Профиль рисков: {self.school.short_name}, {academic_year_label(self.year)}"

    def get_absolute_url(self) -> str:
        return reverse("risks:profile", args=[self.school_id]) + f"?year={self.year}"


class ProfileItem(models.Model):
    class Level(models.TextChoices):
        NONE = "none", LEVEL_LABELS["none"]
        LOW = "low", LEVEL_LABELS["low"]
        MEDIUM = "medium", LEVEL_LABELS["medium"]
        HIGH = "high", LEVEL_LABELS["high"]
        NO_DATA = "no_data", LEVEL_LABELS["no_data"]

    class Decision(models.TextChoices):
        PENDING = "pending", _("не рассмотрен")
        CONFIRMED = "confirmed", _("подтверждён школой")
        REJECTED = "rejected", _("отклонён школой")

    class Verdict(models.TextChoices):
        NONE = "", _("нет")
        AGREED = "agreed", _("куратор согласен")
        COMMENTED = "commented", _("куратор не согласен, есть замечание")

    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="items")
    factor = models.ForeignKey(Factor, on_delete=models.PROTECT, related_name="+")
    level = CharField(_("уровень риска"), max_length=8, choices=Level.choices)
    value = models.DecimalField(_("значение правила"), max_digits=14, decimal_places=2, null=True, blank=True)
    inputs = models.JSONField(_("исходные данные"), default=dict)  # name → value as text, or None
    decision = CharField(_("решение школы"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = TextField(_("обоснование школы"), max_length=text_limits.SHORT, blank=True)
    verdict = CharField(_("мнение куратора"), max_length=10, choices=Verdict.choices, blank=True, default="")
    curator_comment = TextField(_("комментарий куратора"), max_length=text_limits.SHORT, blank=True)

    class Meta:
        verbose_name = _("фактор в профиле рисков")
        verbose_name_plural = _("факторы в профилях рисков")
        ordering = ["profile", "factor__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "factor"],
                name="risk_item_unique_factor",
                violation_error_message=_("Этот фактор в профиле уже есть."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factor.title}: {self.get_level_display()}"

    @property
    def school(self) -> School:
        # The access predicates place a record on the ladder through its ``school``.
        return self.profile.school


class ProfileEvent(models.Model):
    """One step of the profile's story: computed, confirmed, rejected, agreed, commented, program started."""

    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(ProfileItem, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    action = CharField(_("действие"), max_length=64)
    text = TextField(_("текст"), max_length=text_limits.SHORT, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("событие профиля рисков")
        verbose_name_plural = _("события профилей рисков")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.action


class AntiRiskProgram(models.Model):
    """The anti-risk program (a school program of kind «антирисковая») written for a confirmed risk."""

    item = models.OneToOneField(ProfileItem, on_delete=models.PROTECT, related_name="antirisk")
    program = models.OneToOneField(SchoolProgram, on_delete=models.CASCADE, related_name="risk_link")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("антирисковая программа по риску")
        verbose_name_plural = _("антирисковые программы по рискам")

    def __str__(self) -> str:
        return f"{self.item.factor.title} → {self.program.title}"
