"""Measures (мероприятия), their timing, executor assignments and derived occurrences."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import text as text_limits
from schools.models import Organisation, School
from schools.models.fields import CharField, TextField

from .program import Program, Section, Task

if TYPE_CHECKING:
    from schools.models import User


class MeasureQuerySet(models.QuerySet["Measure"]):
    def with_program(self) -> MeasureQuerySet:
        return self.select_related("program")

    def with_outline(self) -> MeasureQuerySet:
        """With the task or section of the program the measure stands under."""
        return self.select_related("task", "section")


class Measure(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="measures")
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="measures", verbose_name=_("задача")
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="measures", verbose_name=_("раздел")
    )
    number = CharField(_("№"), max_length=16, help_text=_("Как в документе: 1.1, 2.6, 46…"))
    sort_key = CharField(max_length=64, editable=False, db_index=True)
    title = TextField(_("мероприятие"), max_length=text_limits.SHORT)
    # The timing keeps the document's own words; the structured schedule is derived from them
    # and corrected by hand where the parser could not read them.
    timing_text = CharField(_("сроки (как в документе)"), max_length=300, blank=True)
    schedule = models.JSONField(_("расписание"), default=dict, blank=True)
    schedule_kind = CharField(_("вид расписания"), max_length=20, blank=True, db_index=True)
    schedule_confirmed = models.BooleanField(
        _("расписание проверено"),
        default=False,
        help_text=_("Отмечается, когда расписание поправлено или подтверждено вручную."),
    )
    responsible_text = TextField(_("ответственные (как в документе)"), max_length=text_limits.SHORT, blank=True)
    responsible = models.ManyToManyField(
        Organisation, blank=True, related_name="measures", verbose_name=_("ответственные организации")
    )
    planned_result = TextField(_("планируемый результат"), max_length=text_limits.SHORT, blank=True)
    schools = models.ManyToManyField(
        School, blank=True, related_name="measures", verbose_name=_("школы, которых касается")
    )
    # "The schools of category X": the schools follow the latest index run of the program's
    # region instead of being listed (Sysert's algorithms per group of schools).
    support_categories = models.JSONField(
        _("категории поддержки школ"),
        default=list,
        blank=True,
        help_text=_(
            "Мероприятие касается школ этих категорий по последнему расчёту индексов; "
            "список школ меняется вместе с расчётом."
        ),
    )
    indicators = models.ManyToManyField(
        "monitoring.Indicator",
        blank=True,
        related_name="measures",
        verbose_name=_("показатели, на которые влияет"),
        help_text=_("Какие показатели мероприятие призвано изменить."),
    )
    position = models.PositiveIntegerField(default=0)
    is_archived = models.BooleanField(_("исключено"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[responsible, schools])
    # Set on an instance before its save; simple-history writes them into the historical record.
    _history_user: User | None
    _change_reason: str
    # The many-to-many values a service holds until the measure is saved (programs.services.measures).
    _pending_m2m: tuple[list[Any] | None, list[Any] | None, list[Any] | None]

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["program", "sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"],
                name="measure_number_unique",
                violation_error_message=_("Мероприятие с таким номером в программе уже есть."),
                condition=models.Q(is_archived=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}"

    def save(self, *args, **kwargs):
        self.sort_key = measure_sort_key(self.number)
        super().save(*args, **kwargs)

    @property
    def support_category_labels(self) -> list[str]:
        labels = _support_category_labels()
        return [labels.get(code, code) for code in self.support_categories]

    # The history shows the categories by their names, not their codes (schools/history.py).
    HISTORY_LIST_LABELS = {"support_categories": lambda: _support_category_labels()}

    @property
    def needs_timing_review(self) -> bool:
        return self.schedule_kind == "unparsed" and not self.schedule_confirmed


def measure_sort_key(number: str) -> str:
    """'1.10' after '1.9', '46' after '5': each numeric part zero-padded."""
    parts = []
    for part in str(number).replace(",", ".").split("."):
        part = part.strip()
        parts.append(part.zfill(6) if part.isdigit() else part.rjust(6, "~"))
    return ".".join(parts)[:64]


class MeasureAssignmentQuerySet(models.QuerySet["MeasureAssignment"]):
    def with_organisation(self) -> MeasureAssignmentQuerySet:
        return self.select_related("organisation")


class MeasureAssignment(models.Model):
    """One executor level of a roadmap action (Dubna: authority / methodological service / МСОКО)."""

    class Level(models.TextChoices):
        AUTHORITY = "authority", _("орган управления образованием")
        METHODOLOGICAL_SERVICE = "methodological_service", _("муниципальная методическая служба")
        QUALITY_ASSESSMENT = "quality_assessment", _("муниципальная служба оценки качества (МСОКО)")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="assignments")
    level = CharField(_("уровень исполнителя"), max_length=32, choices=Level.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("организация")
    )
    text = TextField(_("содержание"), max_length=text_limits.SHORT)
    history = HistoricalRecords()

    objects = MeasureAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("назначение исполнителя")
        verbose_name_plural = _("назначения исполнителей")
        ordering = ["measure", "level"]
        constraints = [models.UniqueConstraint(fields=["measure", "level"], name="assignment_level_once")]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.text[:60]}"


class OccurrenceQuerySet(models.QuerySet["Occurrence"]):
    def with_program(self) -> OccurrenceQuerySet:
        """With the measure and its program."""
        return self.select_related("measure__program")


class Occurrence(models.Model):
    """One due date derived from a measure's schedule. Regenerated when the schedule changes;
    an occurrence that already has progress reports is kept (marked off-schedule) so no report
    is ever orphaned."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="occurrences")
    due_date = models.DateField(_("срок"), db_index=True)
    off_schedule = models.BooleanField(_("вне текущего расписания"), default=False)
    # A measure without due dates («по запросу», an undated roadmap row) is reported on when
    # something was done: the report makes this occurrence, dated by the work, never "due".
    on_demand = models.BooleanField(_("по факту исполнения"), default=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("срок исполнения")
        verbose_name_plural = _("сроки исполнения")
        ordering = ["measure", "due_date"]
        constraints = [models.UniqueConstraint(fields=["measure", "due_date"], name="occurrence_unique")]
        indexes = [models.Index(fields=["due_date", "measure"])]

    def __str__(self) -> str:
        return f"{self.measure.number} — {self.due_date:%d.%m.%Y}"


def _support_category_labels() -> dict[str, str]:
    from monitoring.providers import category_choices

    return dict(category_choices())
