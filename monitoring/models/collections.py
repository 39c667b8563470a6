"""Data collections (сбор данных): a period, indicators and schools, a deadline; one submission
per school, reviewed by the committee; accepted data is locked, reopening is explicit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import badges
from schools import text as text_limits
from schools.models import Municipality, School
from schools.models.fields import CharField, TextField

from .indicators import Indicator, Period

if TYPE_CHECKING:
    from schools.models import User


class Collection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("идёт сбор")
        CLOSED = "closed", _("закрыт")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="collections")
    # Set when the collection is opened for a program (its target set); None for the committee's own.
    target_set = models.ForeignKey(
        "TargetSet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collections",
        verbose_name=_("набор целевых показателей"),
    )
    title = CharField(_("название"), max_length=300)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="collections")
    indicators = models.ManyToManyField(Indicator, related_name="collections", verbose_name=_("показатели"))
    schools = models.ManyToManyField(School, related_name="collections", verbose_name=_("школы"))
    deadline = models.DateField(_("срок сдачи"))
    status = CharField(_("статус"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[indicators, schools])
    # Set on an instance before its save; simple-history writes them into the historical record.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = _("сбор данных")
        verbose_name_plural = _("сборы данных")
        ordering = ["-deadline", "title"]

    def __str__(self) -> str:
        return self.title


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def with_collection(self) -> SubmissionQuerySet:
        """With the collection, its period and the school (every list of answers)."""
        return self.select_related("collection", "collection__period", "school")


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("на проверке")
        RETURNED = "returned", _("возвращено на доработку")
        ACCEPTED = "accepted", _("принято")

    class State(models.TextChoices):
        """What a school's answer is called on every page (the tracker, the school's list, the
        home page, the form, the review, the XLSX): its status, except a draft nobody has touched
        yet. In the tracker's order."""

        NOT_STARTED = "not_started", _("не начато")
        DRAFT = "draft", _("черновик")
        RETURNED = "returned", _("возвращено на доработку")
        SUBMITTED = "submitted", _("на проверке")
        ACCEPTED = "accepted", _("принято")

        tones = badges.badge_tones(
            not_started=badges.NEUTRAL,
            draft=badges.EDITING,
            returned=badges.RETURNED,
            submitted=badges.WAITING,
            accepted=badges.DONE,
        )

    NOT_STARTED = State.NOT_STARTED
    STATES = State.values  # the tracker's order
    STATE_LABELS = dict(State.choices)

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="submissions")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="submissions")
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    locked = models.BooleanField(_("заблокировано"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    # Who sent it, set on the rows of the review queue (monitoring.selectors.collections).
    submitted_by: User | None

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("ответ школы")
        verbose_name_plural = _("ответы школ")
        constraints = [models.UniqueConstraint(fields=["collection", "school"], name="submission_once")]

    def __str__(self) -> str:
        return f"{self.collection} — {self.school}"

    @property
    def state(self) -> State:
        """The status, or «not_started» for a draft with nothing recorded. Reads the ``started``
        annotation of ``selectors.collections.submissions_with_state`` when there is one, else asks
        (one query)."""
        if self.status != self.Status.DRAFT:
            return self.State(self.status)
        started = getattr(self, "started", None)
        if started is None:
            started = self.pk is not None and self.events.exists()
        return self.State.DRAFT if started else self.State.NOT_STARTED

    @property
    def state_label(self) -> str:
        return str(self.STATE_LABELS[self.state])


class SubmissionValue(models.Model):
    """A value as the school entered it; on acceptance it becomes an IndicatorValue."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("значение"), max_digits=14, decimal_places=4, null=True, blank=True)
    confirmed_unusual = models.BooleanField(_("подтверждено, хотя далеко от прошлого"), default=False)
    comment = CharField(_("комментарий"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("значение в ответе")
        verbose_name_plural = _("значения в ответе")
        constraints = [models.UniqueConstraint(fields=["submission", "indicator"], name="submission_value_once")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class SubmissionEvent(models.Model):
    """Every step of a submission, with who and when: submit, return, resubmit, accept, reopen."""

    class Action(models.TextChoices):
        SAVED = "saved", _("сохранён черновик")
        SUBMITTED = "submitted", _("отправлено")
        RETURNED = "returned", _("возвращено")
        ACCEPTED = "accepted", _("принято и заблокировано")
        REOPENED = "reopened", _("открыто для исправления")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = CharField(_("действие"), max_length=16, choices=Action.choices)
    comment = TextField(_("комментарий"), max_length=text_limits.MEDIUM, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("событие ответа")
        verbose_name_plural = _("события ответов")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.at:%d.%m.%Y}"
