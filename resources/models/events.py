"""Methodological events: seminars, webinars, master-classes, supervision sessions, parents' clubs,
report sessions and interviews with directors, planned for a measure of a program.

An event planned against a measure occurrence is how that occurrence is carried out: when its host
records it as held, the event files the progress report of the occurrence (programs' own service),
with the event's materials as evidence — the occurrence's state is read from that report, never from
the event, so there is one truth about what is due (programs/selectors/execution.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Measure, Occurrence, Program, ProgressReport
from schools import badges
from schools import text as text_limits
from schools.models import Organisation, School
from schools.models.fields import CharField, TextField


class EventQuerySet(models.QuerySet["MethodEvent"]):
    def with_program(self) -> EventQuerySet:
        return self.select_related("program__municipality", "measure", "occurrence", "host_school", "host_organisation")


class MethodEvent(models.Model):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("семинар")
        WEBINAR = "webinar", _("вебинар")
        MASTER_CLASS = "master_class", _("мастер-класс")
        SUPERVISION = "supervision", _("супервизия")
        PARENTS_CLUB = "parents_club", _("родительский клуб")
        REPORT_SESSION = "report_session", _("отчётная сессия")
        INTERVIEW = "interview", _("собеседование с руководителями")
        CONFERENCE = "conference", _("конференция")
        OTHER = "other", _("другое мероприятие")

    class Format(models.TextChoices):
        ONSITE = "onsite", _("очно")
        REMOTE = "remote", _("дистанционно")

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланировано")
        HELD = "held", _("проведено")
        CANCELLED = "cancelled", _("отменено")

        tones = badges.badge_tones(planned=badges.NEUTRAL, held=badges.DONE, cancelled=badges.FAILED)

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="events", verbose_name=_("программа"))
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="events", verbose_name=_("мероприятие программы")
    )
    occurrence = models.ForeignKey(
        Occurrence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("срок исполнения"),
    )
    title = CharField(_("название"), max_length=300)
    kind = CharField(_("вид"), max_length=20, choices=Kind.choices, default=Kind.SEMINAR)
    starts_at = models.DateTimeField(_("дата и время"))
    hours = models.DecimalField(_("продолжительность, ч"), max_digits=5, decimal_places=2)
    host_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("школа-организатор")
    )
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("организация-организатор"),
    )
    format = CharField(_("формат"), max_length=10, choices=Format.choices, default=Format.ONSITE)
    place = CharField(_("место или ссылка на трансляцию"), max_length=300, blank=True)
    audience = CharField(_("для кого"), max_length=300)
    audience_size = models.PositiveIntegerField(_("мест (аудитория)"))
    description = TextField(_("описание"), max_length=text_limits.MEDIUM, blank=True)
    status = CharField(_("состояние"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    outcome = TextField(_("итоги"), max_length=text_limits.MEDIUM, blank=True)
    announce = models.BooleanField(_("объявить на странице программы"), default=True)
    invited_at = models.DateTimeField(_("приглашения отправлены"), null=True, blank=True)
    # The progress reports the held event filed: the occurrence's evidence.
    reports = models.ManyToManyField(ProgressReport, blank=True, related_name="events", verbose_name=_("отчёты"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()
    # The invited schools' ids, cached on the instance by the access layer (resources/access.py).
    _invited_ids: set[int]

    class Meta:
        verbose_name = _("методическое мероприятие")
        verbose_name_plural = _("методические мероприятия")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def host_name(self) -> str:
        return str(self.host_school or self.host_organisation or "")


class EventAttendance(models.Model):
    """Planned and actual attendance of one school (or of the host's own audience when school is
    empty: parents, the municipality's directors)."""

    event = models.ForeignKey(MethodEvent, on_delete=models.CASCADE, related_name="attendance")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("школа"))
    planned = models.PositiveIntegerField(_("ожидается"), default=0)
    actual = models.PositiveIntegerField(_("пришло"), null=True, blank=True)

    class Meta:
        verbose_name = _("участие школы")
        verbose_name_plural = _("участие школ")
        ordering = ["school__short_name"]
        constraints = [models.UniqueConstraint(fields=["event", "school"], name="event_school_once")]

    def __str__(self) -> str:
        return f"{self.event} — {self.school}"


class EventMaterial(models.Model):
    event = models.ForeignKey(MethodEvent, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("файл"), upload_to="events/%Y/%m/", blank=True)
    original_name = CharField(_("имя файла"), max_length=255, blank=True)
    link = models.URLField(_("ссылка"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("материал мероприятия")
        verbose_name_plural = _("материалы мероприятий")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name or self.link
