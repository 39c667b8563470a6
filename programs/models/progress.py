"""Progress reports on measure occurrences and the committee's review of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import text as text_limits
from schools.models import Organisation, School
from schools.models.fields import CharField, TextField

from .measures import MeasureAssignment, Occurrence


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def with_program(self) -> ProgressReportQuerySet:
        """With the occurrence, its measure and the program."""
        return self.select_related("occurrence__measure__program")

    def with_party(self) -> ProgressReportQuerySet:
        """With who reports (the school, or the organisation and its executor level) and who filed."""
        return self.select_related("school", "organisation", "assignment__organisation", "filed_by")


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("не начато")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнено")
        CANCELLED = "cancelled", _("отменено")

    class Review(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("на проверке")
        RETURNED = "returned", _("возвращён на доработку")
        ACCEPTED = "accepted", _("принят")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.PROTECT, related_name="reports")
    # Per school where the measure concerns schools; otherwise filed by an organisation.
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
        verbose_name=_("школа"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
        verbose_name=_("организация"),
    )
    # Per executor level of a roadmap action (Dubna): each column reports on its own part.
    assignment = models.ForeignKey(
        MeasureAssignment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("исполнитель дорожной карты"),
    )
    done_on = models.DateField(_("дата исполнения"), null=True, blank=True)
    # Filed by committee staff for the school or organisation: somebody else must decide on it.
    on_behalf = models.BooleanField(_("подан от имени исполнителя"), default=False)
    status = CharField(_("ход выполнения"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    narrative = TextField(_("что сделано"), max_length=text_limits.LONG, blank=True)
    review = CharField(_("проверка"), max_length=16, choices=Review.choices, default=Review.SUBMITTED)
    review_comment = TextField(_("комментарий проверяющего"), max_length=text_limits.MEDIUM, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("подал")
    )
    filed_at = models.DateTimeField(_("подан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("проверил"),
    )
    reviewed_at = models.DateTimeField(_("проверен"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("отчёт о ходе выполнения")
        verbose_name_plural = _("отчёты о ходе выполнения")
        ordering = ["-filed_at"]
        constraints = [
            # One live report per occurrence and school (or organisation); returns are revised in place
            # and their history is kept in ProgressReview rows.
            models.UniqueConstraint(
                fields=["occurrence", "school"],
                name="report_once_per_school",
                violation_error_message=_("Отчёт этой школы по этому сроку уже есть."),
                condition=Q(school__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["occurrence", "organisation"],
                name="report_once_per_org",
                violation_error_message=_("Отчёт этой организации по этому сроку уже есть."),
                condition=Q(school__isnull=True, organisation__isnull=False, assignment__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["occurrence", "assignment"],
                name="report_once_per_assignment",
                violation_error_message=_("Отчёт этого исполнителя по этому сроку уже есть."),
                condition=Q(assignment__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} — {self.school or self.organisation or ''}"


class ProgressReview(models.Model):
    """Every submission, return and acceptance, so the history of returns is never lost."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("подан")
        RESUBMITTED = "resubmitted", _("подан повторно")
        RETURNED = "returned", _("возвращён")
        ACCEPTED = "accepted", _("принят")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reviews")
    action = CharField(_("действие"), max_length=16, choices=Action.choices)
    comment = TextField(_("комментарий"), max_length=text_limits.MEDIUM, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("событие проверки")
        verbose_name_plural = _("события проверки")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.at:%d.%m.%Y}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("файл"), upload_to="evidence/%Y/%m/")
    original_name = CharField(_("имя файла"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("подтверждающий файл")
        verbose_name_plural = _("подтверждающие файлы")

    def __str__(self) -> str:
        return self.original_name
