"""Partner networks (сетевое взаимодействие): ties between schools and organisations, each with
its parties, period, basis document and a plan of joint actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import badges
from .. import text as text_limits
from .fields import CharField, TextField
from .ladder import Municipality, Organisation, School


class Tie(models.Model):
    class Kind(models.TextChoices):
        MENTOR_PAIR = "mentor_pair", _("сетевая пара (наставничество)")
        INTERNSHIP_SITE = "internship_site", _("стажировочная площадка")
        PARTNER_AGREEMENT = "partner_agreement", _("соглашение с организацией-партнёром")
        PROFESSIONAL_COMMUNITY = "professional_community", _("профессиональное сообщество")

    class Status(models.TextChoices):
        DRAFT = "draft", _("проект")
        ACTIVE = "active", _("действует")
        COMPLETED = "completed", _("завершено")
        TERMINATED = "terminated", _("расторгнуто")

        tones = badges.badge_tones(
            draft=badges.NEUTRAL, active=badges.IN_PROGRESS, completed=badges.DONE, terminated=badges.FAILED
        )

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="ties", verbose_name=_("муниципалитет")
    )
    kind = CharField(_("вид связи"), max_length=32, choices=Kind.choices)
    title = CharField(_("название"), max_length=300)
    description = TextField(_("описание"), max_length=text_limits.MEDIUM, blank=True)
    starts_on = models.DateField(_("начало"), null=True, blank=True)
    ends_on = models.DateField(_("окончание"), null=True, blank=True)
    basis_type = CharField(
        _("вид документа-основания"), max_length=100, blank=True, help_text=_("Например: договор, соглашение, приказ.")
    )
    basis_number = CharField(_("номер документа"), max_length=100, blank=True)
    basis_date = models.DateField(_("дата документа"), null=True, blank=True)
    basis_file = models.FileField(_("файл документа"), upload_to="ties/%Y/", blank=True)
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    is_archived = models.BooleanField(_("в архиве"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("сетевая связь")
        verbose_name_plural = _("сетевые связи")
        ordering = ["municipality", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                name="tie_period_ordered",
                violation_error_message=_("Окончание связи не может быть раньше её начала."),
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TiePartyQuerySet(models.QuerySet["TieParty"]):
    def with_school_and_organisation(self) -> TiePartyQuerySet:
        """With the party itself: a school or an organisation."""
        return self.select_related("school", "organisation")


class TieParty(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("ведущая сторона (наставник, площадка)")
        SUPPORTED = "supported", _("получает поддержку")
        MEMBER = "member", _("участник")

    tie = models.ForeignKey(Tie, on_delete=models.CASCADE, related_name="parties", verbose_name=_("связь"))
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="tie_parties", verbose_name=_("школа")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tie_parties",
        verbose_name=_("организация"),
    )
    role = CharField(_("роль"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    history = HistoricalRecords()

    objects = TiePartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("сторона связи")
        verbose_name_plural = _("стороны связи")
        constraints = [
            models.CheckConstraint(
                name="tie_party_is_school_xor_organisation",
                violation_error_message=_("Участник связи — либо школа, либо организация."),
                condition=Q(school__isnull=False, organisation__isnull=True)
                | Q(school__isnull=True, organisation__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["tie", "school"],
                name="tie_party_school_once",
                violation_error_message=_("Эта школа уже участвует в связи."),
                condition=Q(school__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["tie", "organisation"],
                name="tie_party_org_once",
                violation_error_message=_("Эта организация уже участвует в связи."),
                condition=Q(organisation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.party)

    @property
    def party(self) -> School | Organisation:
        return self.school or self.organisation


class JointAction(models.Model):
    """One item of a tie's plan of joint actions; program measures link to it later."""

    tie = models.ForeignKey(Tie, on_delete=models.CASCADE, related_name="actions", verbose_name=_("связь"))
    position = models.PositiveSmallIntegerField(_("№"), default=1)
    title = CharField(_("мероприятие"), max_length=500)
    timing = CharField(_("сроки"), max_length=200, blank=True)
    due_on = models.DateField(_("срок"), null=True, blank=True)
    responsible = CharField(_("ответственные"), max_length=300, blank=True)
    is_done = models.BooleanField(_("выполнено"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("совместное мероприятие")
        verbose_name_plural = _("план совместных мероприятий")
        ordering = ["tie", "position"]

    def __str__(self) -> str:
        return self.title
