"""People and their place on the ladder.

A user's rights come only from active memberships (and methodologist assignments); the access
layer in ``schools/access.py`` reads them and nothing else decides who may see what.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fields import CharField
from .ladder import Municipality, Organisation, Region, School


class User(AbstractUser):
    middle_name = CharField(_("отчество"), max_length=150, blank=True)
    position = CharField(_("должность"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    @property
    def display_name(self) -> str:
        parts = [self.last_name, self.first_name, self.middle_name]
        return " ".join(p for p in parts if p) or self.username

    @property
    def short_name(self) -> str:
        """«Иванова О. П.», as Russian documents abbreviate a person."""
        initials = "".join(f"{p[0]}. " for p in (self.first_name, self.middle_name) if p).strip()
        return f"{self.last_name} {initials}".strip() if self.last_name else self.username


class Role(models.TextChoices):
    REGION_STAFF = "region_staff", _("специалист регионального органа управления образованием")
    MUNICIPAL_STAFF = "municipal_staff", _("специалист муниципального органа управления образованием")
    SCHOOL_TEAM = "school_team", _("член школьной проектной команды")
    METHODOLOGIST = "methodologist", _("методист, эксперт, куратор")
    API_CLIENT = "api_client", _("внешняя система (API)")
    # Staff of an executing organisation (methodological centre, quality-assessment service,
    # college, partner): they report on the measures their organisation is responsible for.
    EXECUTOR = "executor", _("сотрудник организации-исполнителя")


class Membership(models.Model):
    """One role of a user at one rung of the ladder. The scope field that the role needs is
    enforced by a database constraint, so a membership can never be half-scoped."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("пользователь"),
    )
    role = CharField(_("роль"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("регион"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("муниципалитет")
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("школа"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("организация (место работы)"),
    )
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("членство")
        verbose_name_plural = _("членства")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                violation_error_message=_(
                    "Уровень назначения не соответствует роли: укажите регион, муниципалитет, школу или организацию по роли."
                ),
                condition=(
                    Q(role=Role.REGION_STAFF, region__isnull=False)
                    | Q(role=Role.MUNICIPAL_STAFF, municipality__isnull=False)
                    | Q(role=Role.SCHOOL_TEAM, school__isnull=False)
                    | Q(role=Role.METHODOLOGIST)
                    | Q(role=Role.API_CLIENT) & (Q(municipality__isnull=False) | Q(school__isnull=False))
                    | Q(role=Role.EXECUTOR, organisation__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.school or self.municipality or self.region or self.organisation or ""
        return f"{self.user} — {self.get_role_display()} ({scope})"


class MethodologistAssignment(models.Model):
    """A methodologist or curator assigned to a school: the source of their right to see it."""

    methodologist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("методист"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        related_name="methodologist_assignments",
        verbose_name=_("школа"),
    )
    since = models.DateField(_("с даты"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("закрепление методиста")
        verbose_name_plural = _("закрепления методистов")
        constraints = [
            models.UniqueConstraint(fields=["methodologist", "school"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.methodologist} → {self.school}"
