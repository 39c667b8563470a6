"""The professional development register: who at a school completed what, and the staff count the
trained share is computed against."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools.models import School
from schools.models.fields import CharField

# The fields of one training record as a school fills it in: the API and the XLSX import both
# list them from here.
RECORD_FIELDS = (
    "year",
    "form",
    "topic",
    "provider",
    "hours",
    "starts_on",
    "ends_on",
    "quality_topic",
    "full_name",
    "position",
    "subject",
    "people",
    "mentor",
)


class Training(models.Model):
    class Form(models.TextChoices):
        COURSE = "course", _("курсы повышения квалификации")
        RETRAINING = "retraining", _("профессиональная переподготовка")
        INTERNSHIP = "internship", _("стажировка")
        MENTORING = "mentoring", _("наставничество")
        WEBINAR = "webinar", _("вебинар")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("школа"))
    year = models.PositiveSmallIntegerField(_("год"))
    form = CharField(_("форма"), max_length=12, choices=Form.choices, default=Form.COURSE)
    topic = CharField(_("тема"), max_length=300)
    provider = CharField(_("кто проводит"), max_length=300, blank=True)
    hours = models.DecimalField(_("часов"), max_digits=6, decimal_places=2)
    starts_on = models.DateField(_("начало"))
    ends_on = models.DateField(_("окончание"))
    quality_topic = models.BooleanField(
        _("по вопросам качества образования"),
        default=False,
        help_text=_("Учитывается в доле педагогов, прошедших обучение по вопросам качества образования."),
    )
    # A named teacher (staff are adults: the school may name them) or a count where it prefers.
    full_name = CharField(_("ФИО педагога"), max_length=200, blank=True)
    position = CharField(_("должность"), max_length=100, blank=True)
    subject = CharField(_("предмет"), max_length=100, blank=True)
    people = models.PositiveIntegerField(_("число педагогов"), default=1)
    mentor = CharField(_("наставник"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("повышение квалификации")
        verbose_name_plural = _("повышение квалификации")
        ordering = ["school", "-ends_on", "pk"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.full_name or self.people})"


class StaffCount(models.Model):
    """How many teachers a school has in a year: the denominator of the trained share."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="staff_counts", verbose_name=_("школа"))
    year = models.PositiveSmallIntegerField(_("год"))
    teachers = models.PositiveIntegerField(_("педагогов всего"))
    target_share = models.DecimalField(
        _("цель: доля обученных, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("численность педагогов")
        verbose_name_plural = _("численность педагогов")
        ordering = ["school", "year"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="staff_count_once")]

    def __str__(self) -> str:
        return f"{self.school}, {self.year}: {self.teachers}"
