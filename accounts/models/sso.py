"""Single sign-on: which account a provider's subject is, and what a provider's claim may grant.

A provider's groups never become rights by themselves. Only a :class:`ClaimMapping` — written by
a person in the admin, its every change kept in history — turns one claim value into one
membership of a kind the portal already has, scoped as the portal's own memberships must be
(the same rule as ``schools.Membership``'s constraint, and stricter: exactly the one scope the role
needs). It can name no API client, no methodologist's schools (assignments stay the portal's), and
nothing touches ``is_staff``, ``is_superuser``, groups or permissions. Each membership made this way
is a :class:`MappingGrant`, withdrawn when the claim is gone at a later sign-in."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools.models import Membership, Municipality, Organisation, Region, Role, School
from schools.models.fields import CharField

#: The scope field each grantable role needs; every other scope field stays empty.
SCOPE_OF_ROLE: dict[str, str | None] = {
    Role.REGION_STAFF: "region",
    Role.MUNICIPAL_STAFF: "municipality",
    Role.SCHOOL_TEAM: "school",
    Role.EXECUTOR: "organisation",
    Role.METHODOLOGIST: None,
}
SCOPE_FIELDS = ("region", "municipality", "school", "organisation")
GRANTABLE_ROLES = [(value, label) for value, label in Role.choices if value in SCOPE_OF_ROLE]


def _only(field: str | None) -> Q:
    return Q(**{f"{name}__isnull": name != field for name in SCOPE_FIELDS})


class ClaimMapping(models.Model):
    claim_value = CharField(
        _("значение утверждения"),
        max_length=200,
        help_text=_("Группа или роль, как её называет поставщик входа (утверждение из настройки OIDC_GROUPS_CLAIM)."),
    )
    role = CharField(_("роль"), max_length=32, choices=GRANTABLE_ROLES)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("регион"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("муниципалитет")
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("школа"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("организация")
    )
    is_active = models.BooleanField(_("действует"), default=True)
    note = CharField(_("основание"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("сопоставление единого входа")
        verbose_name_plural = _("сопоставления единого входа")
        ordering = ["claim_value", "pk"]
        constraints = [
            models.CheckConstraint(
                name="claim_mapping_scope_matches_role",
                violation_error_message=_(
                    "Для этой роли укажите ровно ту область, которая ей нужна: регион, муниципалитет, школу или организацию."
                ),
                condition=(
                    Q(role=Role.REGION_STAFF) & _only("region")
                    | Q(role=Role.MUNICIPAL_STAFF) & _only("municipality")
                    | Q(role=Role.SCHOOL_TEAM) & _only("school")
                    | Q(role=Role.EXECUTOR) & _only("organisation")
                    | Q(role=Role.METHODOLOGIST) & _only(None)
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.school or self.municipality or self.region or self.organisation or ""
        return f"«{self.claim_value}» → {self.get_role_display()} {scope}".strip()

    def clean(self) -> None:
        needed = SCOPE_OF_ROLE.get(self.role)
        errors: dict[str, str] = {}
        for name in SCOPE_FIELDS:
            filled = getattr(self, f"{name}_id") is not None
            if name == needed and not filled:
                errors[name] = str(_("Для этой роли укажите, где она действует."))
            elif name != needed and filled:
                errors[name] = str(_("Для этой роли это поле должно быть пустым."))
        if errors:
            raise ValidationError(errors)

    def membership_fields(self) -> dict[str, object]:
        return {"role": self.role, **{name: getattr(self, name) for name in SCOPE_FIELDS}}


class ExternalIdentity(models.Model):
    """A person at the provider (its ``sub``) and the portal account they sign in to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identity",
        verbose_name=_("пользователь"),
    )
    subject = CharField(_("идентификатор у поставщика"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("связана"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("последний вход"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("учётная запись единого входа")
        verbose_name_plural = _("учётные записи единого входа")

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"


class MappingGrant(models.Model):
    """A membership that single sign-on made, under which mapping, and when it was withdrawn."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="sso_grant", verbose_name=_("членство")
    )
    mapping = models.ForeignKey(
        ClaimMapping,
        on_delete=models.SET_NULL,
        null=True,
        related_name="grants",
        verbose_name=_("сопоставление"),
    )
    claim_value = CharField(_("значение утверждения"), max_length=200)
    granted_at = models.DateTimeField(_("выдано"), default=timezone.now)
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)

    class Meta:
        verbose_name = _("членство из единого входа")
        verbose_name_plural = _("членства из единого входа")
        ordering = ["-granted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.membership} ← «{self.claim_value}»"
