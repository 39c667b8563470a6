"""Assessment results per school × academic year × procedure × grade × subject (school-level only)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from schools.models import School
from schools.models.fields import CharField
from schools.years import format_academic_year


class Procedure(models.TextChoices):
    OGE = "ОГЭ", _("ОГЭ")
    EGE = "ЕГЭ", _("ЕГЭ")
    VPR = "ВПР", _("ВПР")
    RDR = "РДР", _("региональная диагностическая работа")
    MDR = "МДР", _("муниципальная диагностическая работа")


class Subject(models.Model):
    code = models.SlugField(_("код"), max_length=32, unique=True)
    name = CharField(_("предмет"), max_length=100, unique=True)
    aliases = models.JSONField(_("другие написания"), default=list, blank=True)

    class Meta:
        verbose_name = _("предмет")
        verbose_name_plural = _("предметы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScoreScale(models.Model):
    """The maximum mean score of a subject in a procedure (a mean above it is an input error) and,
    where the procedure sets it in points (ЕГЭ), the minimum threshold."""

    procedure = CharField(_("процедура"), max_length=8, choices=Procedure.choices)
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="scales")
    max_score = models.DecimalField(_("максимальный балл"), max_digits=6, decimal_places=2)
    min_score = models.DecimalField(
        _("минимальный порог, баллов"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Минимальное количество баллов, подтверждающее освоение программы (ЕГЭ). Пусто — порог "
            "задан отметкой «2» (ОГЭ, ВПР, РДР, МДР)."
        ),
    )

    class Meta:
        verbose_name = _("шкала баллов")
        verbose_name_plural = _("шкалы баллов")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "subject"], name="scale_unique"),
            models.CheckConstraint(
                name="scale_min_score_range",
                condition=Q(min_score__isnull=True) | Q(min_score__gte=0, min_score__lte=F("max_score")),
                violation_error_message=_("Минимальный порог должен быть от 0 до максимального балла."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure} {self.subject}: {self.max_score}"


# Validators and constraints %-format their messages: the percent sign is doubled.
SHARE_BELOW_MIN_MESSAGE = _("Доля не преодолевших минимальный порог должна быть от 0 до 100 %%.")


class AssessmentResult(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="results", verbose_name=_("школа"))
    year = models.PositiveSmallIntegerField(_("учебный год (год окончания)"))
    procedure = CharField(_("процедура"), max_length=8, choices=Procedure.choices)
    grade = models.PositiveSmallIntegerField(_("класс"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="results", verbose_name=_("предмет"))
    participants = models.PositiveIntegerField(_("участников"))
    mean_score = models.DecimalField(_("средний балл"), max_digits=6, decimal_places=2, null=True, blank=True)
    sd = models.DecimalField(_("стандартное отклонение"), max_digits=6, decimal_places=2, null=True, blank=True)
    share_2 = models.DecimalField(_("доля «2», %"), max_digits=5, decimal_places=2, null=True, blank=True)
    share_3 = models.DecimalField(_("доля «3», %"), max_digits=5, decimal_places=2, null=True, blank=True)
    share_4 = models.DecimalField(_("доля «4», %"), max_digits=5, decimal_places=2, null=True, blank=True)
    share_5 = models.DecimalField(_("доля «5», %"), max_digits=5, decimal_places=2, null=True, blank=True)
    share_below_min = models.DecimalField(
        _("доля не преодолевших минимальный порог, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=SHARE_BELOW_MIN_MESSAGE),
            MaxValueValidator(100, message=SHARE_BELOW_MIN_MESSAGE),
        ],
        help_text=_("Пусто — для ОГЭ, ВПР, РДР и МДР берётся доля «2», для ЕГЭ доля неизвестна."),
    )

    class Meta:
        verbose_name = _("результат оценочной процедуры")
        verbose_name_plural = _("результаты оценочных процедур")
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "procedure", "grade", "subject"], name="result_unique"),
            models.CheckConstraint(
                name="result_grade_range",
                violation_error_message=_("Доли оценок должны быть от 0 до 100 %."),
                condition=Q(grade__gte=1, grade__lte=11),
            ),
            models.CheckConstraint(
                name="result_mean_needs_participants",
                violation_error_message=_("Средний балл указывается только при числе участников больше нуля."),
                condition=Q(mean_score__isnull=True) | Q(participants__gt=0),
            ),
            models.CheckConstraint(
                name="result_nonnegative",
                violation_error_message=_("Число участников и баллы не могут быть отрицательными."),
                condition=(Q(mean_score__isnull=True) | Q(mean_score__gte=0)) & (Q(sd__isnull=True) | Q(sd__gte=0)),
            ),
            models.CheckConstraint(
                name="result_share_below_min_range",
                condition=Q(share_below_min__isnull=True) | Q(share_below_min__gte=0, share_below_min__lte=100),
                violation_error_message=SHARE_BELOW_MIN_MESSAGE,
            ),
        ]
        indexes = [models.Index(fields=["year", "procedure", "grade", "subject"])]

    def __str__(self) -> str:
        return f"{self.school} — {format_academic_year(self.year)} {self.procedure} {self.grade} {self.subject}"
