"""Issuing and revoking API tokens. The raw token exists only in the return value of
``token_issue``: the database keeps its SHA-256 and its first characters (to recognise it in
lists). The caller checks ``schools.manage_api_token`` on the token's area first."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.access import scope_narrow, scope_of, visible_municipalities, visible_schools
from schools.models import ApiToken, Membership, Municipality, Role, School, User, hash_token
from schools.models.tokens import PREFIX_LENGTH


def api_client_users(*, issuer) -> QuerySet[User]:
    """Accounts a token may be issued to: active, not administrators, with an active «внешняя
    система (API)» membership in the issuer's area."""
    memberships = Membership.objects.filter(role=Role.API_CLIENT, is_active=True)
    in_area = memberships.filter(municipality__in=visible_municipalities(issuer)) | memberships.filter(
        school__in=visible_schools(issuer)
    )
    return User.objects.filter(is_active=True, is_superuser=False, pk__in=in_area.values("user_id")).order_by(
        "last_name", "first_name", "username"
    )


def token_issue(
    *,
    user: User,
    name: str,
    municipality: Municipality | None = None,
    school: School | None = None,
    read_only: bool = True,
    created_by,
) -> tuple[ApiToken, str]:
    """A new token for ``user`` over one municipality or one school; returns it and the raw token
    (shown once). Refused when the account could see nothing there: such a token would be useless
    and most likely a mistake of the area."""
    errors: dict[str, str] = {}
    if (municipality is None) == (school is None):
        errors["municipality"] = _("Укажите область токена: либо муниципалитет, либо школу.")
    if not name.strip():
        errors["name"] = _("Укажите назначение токена: для какой системы он выдаётся.")
    if not user.is_active or user.is_superuser:
        errors["user"] = _("Токен выдаётся только действующей учётной записи внешней системы, не администратору.")
    elif Role.API_CLIENT not in scope_of(user).roles:
        errors["user"] = _("У учётной записи нет роли «внешняя система (API)».")
    if errors:
        raise ValidationError(errors)
    narrowed = scope_narrow(scope_of(user), municipality=municipality, school=school)
    if not (
        narrowed.municipality_ids
        or narrowed.team_school_ids
        or narrowed.assigned_school_ids
        or narrowed.api_municipality_ids
        or narrowed.api_school_ids
        or narrowed.organisation_ids
    ):
        raise ValidationError(
            {"user": _("У этой учётной записи нет прав в выбранной области: с таким токеном не было бы видно ничего.")}
        )
    raw = ApiToken.new_raw()
    token = ApiToken(
        name=name.strip(),
        user=user,
        municipality=municipality,
        school=school,
        read_only=read_only,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=hash_token(raw),
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    token.full_clean()
    token.save()
    return token, raw


def token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke at once (the next request with it gets 401). Revoking twice is refused with a reason
    rather than moving the date."""
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().get(pk=token.pk)
        if current.revoked_at is not None:
            raise ValidationError(
                _("Токен уже отозван %(when)s.")
                % {"when": timezone.localtime(current.revoked_at).strftime("%d.%m.%Y %H:%M")}
            )
        current.revoked_at = timezone.now()
        current.save(update_fields=["revoked_at"])
    return current
