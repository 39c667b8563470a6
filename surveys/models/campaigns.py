"""A campaign (опрос) sends one questionnaire version to chosen schools for a period.

Anonymity is structural: a ``Response`` has the campaign, the school and the day it came — no
link, no address, no session, no time of day. A personal link only remembers that it was used."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schools.models import Municipality, Region, School
from schools.models.fields import CharField

from .questionnaires import Questionnaire


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Campaign(models.Model):
    title = CharField(_("название опроса"), max_length=300)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("анкета")
    )
    # The committee that runs it: a municipality's, or the region's when municipality is empty.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("регион"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("муниципалитет")
    )
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    closed = models.BooleanField(_("закрыт досрочно"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("опрос")
        verbose_name_plural = _("опросы")
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(
                name="campaign_period_ordered",
                condition=Q(end__gte=models.F("start")),
                violation_error_message=_("Опрос не может закончиться раньше, чем начался."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CampaignSchool(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    # The anonymous link of the school (students, parents); unused for personal-link groups.
    token = CharField(max_length=32, unique=True, default=new_token)
    expected = models.PositiveIntegerField(_("ожидается ответов"), null=True, blank=True)
    reminded_on = models.DateField(_("напоминание отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("школа опроса")
        verbose_name_plural = _("школы опроса")
        constraints = [models.UniqueConstraint(fields=["campaign", "school"], name="campaign_school_unique")]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.school}"


class PersonalLink(models.Model):
    """A one-use link for a teacher or the director. It names nobody: the committee hands the
    printed links out; the answer it brought is not linked to it."""

    campaign_school = models.ForeignKey(CampaignSchool, on_delete=models.CASCADE, related_name="links")
    number = models.PositiveIntegerField(_("номер"))
    token = CharField(max_length=32, unique=True, default=new_token)
    used = models.BooleanField(_("использована"), default=False)

    class Meta:
        verbose_name = _("персональная ссылка")
        verbose_name_plural = _("персональные ссылки")
        ordering = ["campaign_school", "number"]

    def __str__(self) -> str:
        return f"Ссылка № {self.number}"


class Response(models.Model):
    """One filled questionnaire: the answers keyed by question (or matrix statement) name."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    # The day only: a time of day would let the school match an answer to who was in the room.
    submitted_on = models.DateField(_("день ответа"))
    answers = models.JSONField(_("ответы"), default=dict)

    class Meta:
        verbose_name = _("анкета респондента")
        verbose_name_plural = _("анкеты респондентов")
        indexes = [models.Index(fields=["campaign", "school"])]

    def __str__(self) -> str:
        return f"Анкета от {self.submitted_on:%d.%m.%Y}"
