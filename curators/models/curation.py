"""A curator's work with a school: the region's order that assigns them, their plan (roadmap) and
the log of their visits.

The right to see the school is not kept here: an assignment opens (or finds) the curator's
``schools.MethodologistAssignment``, the one source of an assigned methodologist's rights
(``schools.access.Scope.assigned_school_ids``); curators/services/assignments.py keeps the two in
step."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import text as text_limits
from schools.models import MethodologistAssignment, School
from schools.models.fields import CharField, TextField


class AssignmentQuerySet(models.QuerySet["CuratorAssignment"]):
    def active(self) -> AssignmentQuerySet:
        return self.filter(ended_on__isnull=True)

    def with_people(self) -> AssignmentQuerySet:
        return self.select_related("curator", "school__municipality", "assigned_by")


class CuratorAssignment(models.Model):
    """The curator of one school by the region's order (приказ), from a date, until it is ended."""

    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="curator_assignments",
        verbose_name=_("куратор"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="curator_assignments", verbose_name=_("школа")
    )
    order_number = CharField(_("номер приказа"), max_length=50)
    order_date = models.DateField(_("дата приказа"))
    starts_on = models.DateField(_("куратор с"))
    ends_on = models.DateField(_("срок закрепления до"), null=True, blank=True)
    ended_on = models.DateField(_("закрепление завершено"), null=True, blank=True)
    # The methodologist's right this assignment relies on, and whether the assignment opened it
    # (then ending it withdraws the right) or found it already open for another reason (kept).
    access = models.ForeignKey(
        MethodologistAssignment, on_delete=models.PROTECT, related_name="+", verbose_name=_("право доступа")
    )
    opened_access = models.BooleanField(_("открыло доступ к школе"), default=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("закрепил")
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("завершил"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = AssignmentQuerySet.as_manager()
    _history_user: object  # set by the services for simple-history

    class Meta:
        verbose_name = _("закрепление куратора")
        verbose_name_plural = _("закрепления кураторов")
        ordering = ["school__short_name", "-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(ended_on__isnull=True),
                name="curator_one_active_per_school",
                violation_error_message=_("У школы уже есть действующий куратор."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="curator_period_in_order",
                violation_error_message=_("Срок закрепления не может закончиться раньше, чем начался."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("starts_on")),
                name="curator_ended_after_start",
                violation_error_message=_("Закрепление не может завершиться раньше, чем началось."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.curator} → {self.school}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def order_text(self) -> str:
        return f"приказ № {self.order_number} от {self.order_date:%d.%m.%Y}"


class PlanItem(models.Model):
    """One line of the curator's plan (roadmap) for a school. Its state is read from the visits:
    done once a visit closes it, overdue when its date has passed, upcoming otherwise."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("выезд в школу")
        CONSULTATION = "consultation", _("консультация")
        SEMINAR = "seminar", _("семинар")
        MONITORING = "monitoring", _("мониторинг антирисковых программ")
        LESSONS = "lessons", _("посещение уроков")
        OTHER = "other", _("другое")

    assignment = models.ForeignKey(
        CuratorAssignment, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("закрепление")
    )
    planned_on = models.DateField(_("планируемая дата"))
    kind = CharField(_("вид работы"), max_length=20, choices=Kind.choices, default=Kind.VISIT)
    topic = CharField(_("тема"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("пункт плана куратора")
        verbose_name_plural = _("план куратора")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return f"{self.planned_on:%d.%m.%Y}: {self.topic}"


class Visit(models.Model):
    """A visit (or a remote session) of the curator to the school, as the curator records it."""

    class Format(models.TextChoices):
        ONSITE = "onsite", _("очно")
        REMOTE = "remote", _("дистанционно")

    assignment = models.ForeignKey(
        CuratorAssignment, on_delete=models.PROTECT, related_name="visits", verbose_name=_("закрепление")
    )
    visited_on = models.DateField(_("дата визита"))
    format = CharField(_("формат"), max_length=10, choices=Format.choices, default=Format.ONSITE)
    purpose = CharField(_("цель"), max_length=300)
    observed = TextField(_("что увидели"), max_length=text_limits.MEDIUM, blank=True)
    recommendations = TextField(_("рекомендации"), max_length=text_limits.MEDIUM, blank=True)
    next_steps = TextField(_("договорённости о следующих шагах"), max_length=text_limits.MEDIUM, blank=True)
    plan_item = models.OneToOneField(
        PlanItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit",
        verbose_name=_("закрывает пункт плана"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("визит куратора")
        verbose_name_plural = _("визиты куратора")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visited_on:%d.%m.%Y}: {self.purpose}"


class VisitFile(models.Model):
    """A file of a visit (protocol, photos, presentation): downloaded only through
    ``curators:file``, which checks the right to see the visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="files", verbose_name=_("визит"))
    file = models.FileField(_("файл"), upload_to="curators/%Y/%m/")
    original_name = CharField(_("имя файла"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("файл визита")
        verbose_name_plural = _("файлы визитов")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
