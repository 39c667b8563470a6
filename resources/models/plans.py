"""Per-teacher development plans and mentor–mentee pairs, where a program asks for them (Korolyov
2.3–2.4 «персонифицированное повышение квалификации», Dagestanskiye Ogni 29 «наставничество»).

A plan names a teacher as the school records them (full name, position, subject) and lists planned
trainings; whether a planned training is done is never typed: it is read from the register's
completed records (resources/selectors/plans.py), so there is one truth about who completed what."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from schools import text as text_limits
from schools.models import School
from schools.models.fields import CharField, TextField

from .training import Training


class TeacherPlan(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="teacher_plans", verbose_name=_("школа"))
    year = models.PositiveSmallIntegerField(_("год"))
    full_name = CharField(_("ФИО педагога"), max_length=200)
    position = CharField(_("должность"), max_length=100, blank=True)
    subject = CharField(_("предмет"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("план профессионального развития педагога")
        verbose_name_plural = _("планы профессионального развития педагогов")
        ordering = ["school", "year", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "full_name"], name="teacher_plan_once"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.year}"


class PlannedTraining(models.Model):
    plan = models.ForeignKey(TeacherPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("план"))
    topic = CharField(_("тема"), max_length=300)
    form = CharField(_("форма"), max_length=12, choices=Training.Form.choices, default=Training.Form.COURSE)
    hours = models.DecimalField(_("часов"), max_digits=6, decimal_places=2)
    planned_from = models.DateField(_("с"))
    planned_to = models.DateField(_("по"))

    class Meta:
        verbose_name = _("запланированное обучение")
        verbose_name_plural = _("запланированное обучение")
        ordering = ["planned_from", "pk"]

    def __str__(self) -> str:
        return self.topic


class MentorPair(models.Model):
    """A mentor and a mentee, both teachers of the school, for a period, on a topic, with the result."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="mentor_pairs", verbose_name=_("школа"))
    mentor = CharField(_("наставник (ФИО)"), max_length=200)
    mentee = CharField(_("наставляемый (ФИО)"), max_length=200)
    topic = CharField(_("тема наставничества"), max_length=300)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    result = TextField(_("результат"), max_length=text_limits.MEDIUM, blank=True)

    class Meta:
        verbose_name = _("пара «наставник — наставляемый»")
        verbose_name_plural = _("пары «наставник — наставляемый»")
        ordering = ["school", "-starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.mentor} — {self.mentee}"
