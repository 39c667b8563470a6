"""Project teams (проектные команды): one municipal team and one per school.

Members are named with their role in the team; teachers' mentoring is kept as a count only —
no personal data beyond a member's name and role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import CharField
from .ladder import Municipality, Organisation, School


class ProjectTeam(models.Model):
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_team",
        verbose_name=_("муниципалитет"),
    )
    school = models.OneToOneField(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="project_team", verbose_name=_("школа")
    )
    title = CharField(_("название"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("проектная команда")
        verbose_name_plural = _("проектные команды")
        constraints = [
            models.CheckConstraint(
                name="team_is_municipal_xor_school",
                violation_error_message=_("Команда — либо муниципальная, либо школьная."),
                condition=Q(municipality__isnull=False, school__isnull=True)
                | Q(municipality__isnull=True, school__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.school or self.municipality)

    @property
    def is_municipal(self) -> bool:
        return self.municipality_id is not None


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("руководитель")
        COORDINATOR = "coordinator", _("координатор")
        CURATOR = "curator", _("тьютор, куратор")
        COACH = "coach", _("тренер из школы с высокими результатами")
        PSYCHOLOGIST = "psychologist", _("педагог-психолог")
        MEMBER = "member", _("участник")

    team = models.ForeignKey(ProjectTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("команда"))
    full_name = CharField(_("ФИО"), max_length=200)
    position = CharField(_("должность"), max_length=200, blank=True)
    role = CharField(_("роль в команде"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name=_("учётная запись"),
    )
    from_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("из школы"),
        help_text=_("Для тренера или наставника из другой школы."),
    )
    from_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("из организации"),
    )
    curated_schools = models.ManyToManyField(
        School, blank=True, related_name="curators", verbose_name=_("курируемые школы")
    )
    mentees_count = models.PositiveSmallIntegerField(
        _("педагогов-наставляемых"),
        default=0,
        help_text=_("Только число: персональные данные наставляемых не хранятся."),
    )
    is_active = models.BooleanField(_("в составе команды"), default=True)
    history = HistoricalRecords(m2m_fields=[curated_schools])

    class Meta:
        verbose_name = _("член команды")
        verbose_name_plural = _("члены команды")
        ordering = ["team", "role", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"
