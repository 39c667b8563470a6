"""Per-school, per-academic-year data: the profile and the contextual counts.

Only school-level counts are stored — never anything about an individual child. Context keeps
numerators and the denominator so that shares can be checked, not just believed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..years import format_academic_year
from .ladder import School


class SchoolProfile(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="profiles", verbose_name=_("школа"))
    year = models.PositiveSmallIntegerField(_("учебный год (год окончания)"))
    enrolment = models.PositiveIntegerField(_("обучающихся"), null=True, blank=True)
    disabilities = models.PositiveIntegerField(_("обучающихся с ОВЗ"), null=True, blank=True)
    teachers = models.PositiveIntegerField(_("педагогов"), null=True, blank=True)
    share_first_category = models.DecimalField(
        _("доля педагогов первой категории, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    share_highest_category = models.DecimalField(
        _("доля педагогов высшей категории, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    vacancies = models.PositiveIntegerField(_("вакансий"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("профиль школы за учебный год")
        verbose_name_plural = _("профили школ")
        ordering = ["school", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="profile_unique_year"),
            models.CheckConstraint(
                name="profile_disabilities_le_enrolment",
                violation_error_message=_("Обучающихся с ОВЗ не может быть больше, чем всех обучающихся."),
                condition=Q(disabilities__isnull=True)
                | Q(enrolment__isnull=True)
                | Q(disabilities__lte=F("enrolment")),
            ),
            models.CheckConstraint(
                name="profile_category_shares_le_100",
                violation_error_message=_("Доли категорий обучающихся в сумме не могут превышать 100 %."),
                condition=(Q(share_first_category__isnull=True) | Q(share_first_category__lte=100))
                & (Q(share_highest_category__isnull=True) | Q(share_highest_category__lte=100)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} — {format_academic_year(self.year)}"

    @property
    def year_label(self) -> str:
        return format_academic_year(self.year)

    def clean(self) -> None:
        errors = {}
        if self.enrolment is not None and self.disabilities is not None and self.disabilities > self.enrolment:
            errors["disabilities"] = _("Обучающихся с ОВЗ не может быть больше, чем обучающихся всего.")
        first, highest = self.share_first_category, self.share_highest_category
        for name, value in (("share_first_category", first), ("share_highest_category", highest)):
            if value is not None and not 0 <= value <= 100:
                errors[name] = _("Доля должна быть от 0 до 100 %.")
        if first is not None and highest is not None and first + highest > 100:
            errors["share_highest_category"] = _("Вместе с первой категорией доля превышает 100 %.")
        if errors:
            raise ValidationError(errors)


# The context factors of docs/indices.md, in template order: (field, column title of `Контекст`).
CONTEXT_FACTORS: list[tuple[str, str]] = [
    ("parents_higher_ed", "Оба родителя с высшим образованием"),
    ("single_parent", "Из неполных семей"),
    ("on_register", "Состоят на учёте (КДН, ПДН, внутришкольный)"),
    ("non_native", "Русский язык не родной"),
    ("low_income", "Из малообеспеченных семей"),
    ("large_family", "Из многодетных семей"),
    ("unemployed_parents", "Родители не работают"),
    ("guardianship", "Под опекой, в приёмных семьях"),
    ("difficult_situation", "В трудной жизненной ситуации"),
    ("disabilities", "Обучающиеся с ОВЗ"),
]
FACTOR_KEYS = [key for key, _title in CONTEXT_FACTORS]


def _count(title: str) -> models.PositiveIntegerField:
    # Empty means unknown, which is different from zero: a methodology that uses an unknown
    # factor leaves the school out of its regression instead of reading it as 0.
    return models.PositiveIntegerField(title, null=True, blank=True)


class SchoolContext(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contexts", verbose_name=_("школа"))
    year = models.PositiveSmallIntegerField(_("учебный год (год окончания)"))
    total = models.PositiveIntegerField(_("обучающихся всего"))
    parents_higher_ed = _count(_("оба родителя с высшим образованием"))
    single_parent = _count(_("из неполных семей"))
    on_register = _count(_("состоят на учёте (КДН, ПДН, внутришкольный)"))
    non_native = _count(_("русский язык не родной"))
    low_income = _count(_("из малообеспеченных семей"))
    large_family = _count(_("из многодетных семей"))
    unemployed_parents = _count(_("родители не работают"))
    guardianship = _count(_("под опекой, в приёмных семьях"))
    difficult_situation = _count(_("в трудной жизненной ситуации"))
    disabilities = _count(_("обучающиеся с ОВЗ"))
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("контекстные данные школы")
        verbose_name_plural = _("контекстные данные школ")
        ordering = ["school", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="context_unique_year"),
            *[
                models.CheckConstraint(
                    name=f"context_{key}_le_total",
                    violation_error_message=_("Эта категория семей не может превышать общее число обучающихся."),
                    condition=Q(**{f"{key}__isnull": True}) | Q(**{f"{key}__lte": F("total")}),
                )
                for key in FACTOR_KEYS
            ],
        ]
        indexes = [models.Index(fields=["year", "school"])]

    def __str__(self) -> str:
        return f"{self.school} — {format_academic_year(self.year)}"

    @property
    def year_label(self) -> str:
        return format_academic_year(self.year)

    def share(self, key: str) -> float | None:
        count = getattr(self, key)
        if count is None or not self.total:
            return None
        return count / self.total

    def shares(self) -> dict[str, float | None]:
        return {key: self.share(key) for key in FACTOR_KEYS}

    def clean(self) -> None:
        errors = {}
        for key, title in CONTEXT_FACTORS:
            value = getattr(self, key)
            if value is not None and self.total is not None and value > self.total:
                errors[key] = _("«%(title)s»: %(value)s больше, чем обучающихся всего (%(total)s).") % {
                    "title": title,
                    "value": value,
                    "total": self.total,
                }
        if errors:
            raise ValidationError(errors)
