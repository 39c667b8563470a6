"""`Authorization: Token <raw>` against the hashed tokens of schools.ApiToken.

A token never widens anything: the request's scope is the token's area (a municipality or a
school) intersected with the rights of the token's account. The narrowed scope is cached on the
user object exactly where ``schools.access.scope_of`` keeps its own, so every ``visible_*``
function and every rules predicate reads the intersection without knowing about tokens."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from schools.access import scope_narrow, scope_of, scope_pin
from schools.models import ApiToken, Role, hash_token

KEYWORD = "Token"
# last_used_at is for people ("когда токен использовался"), not an audit log: one write a minute
# per token is enough and keeps a busy client from writing on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_from_header(request) -> str | None:
    """The raw token of an ``Authorization: Token …`` header, None if there is no such header."""
    header = authentication.get_authorization_header(request).split()
    if not header or header[0].lower() != KEYWORD.lower().encode():
        return None
    if len(header) != 2:
        raise exceptions.AuthenticationFailed(_("Неверный заголовок Authorization: ожидается «Token <токен>»."))
    try:
        return header[1].decode()
    except UnicodeError:
        raise exceptions.AuthenticationFailed(_("Токен содержит недопустимые символы.")) from None


def token_authenticate(raw: str) -> tuple[object, ApiToken]:
    """The user (with the narrowed scope attached) and the token, or AuthenticationFailed."""
    token = ApiToken.objects.select_related("user", "municipality", "school").filter(key_hash=hash_token(raw)).first()
    if token is None:
        raise exceptions.AuthenticationFailed(_("Неверный токен."))
    if token.revoked_at is not None:
        raise exceptions.AuthenticationFailed(_("Токен отозван."))
    user = token.user
    if not user.is_active:
        raise exceptions.AuthenticationFailed(_("Учётная запись токена отключена."))
    if user.is_superuser:
        # has_perm() answers True to a superuser whatever the scope says: such a token could not
        # be narrowed, so it is refused instead.
        raise exceptions.AuthenticationFailed(_("Токены администраторов не принимаются."))
    full = scope_of(user)
    if Role.API_CLIENT not in full.roles:
        raise exceptions.AuthenticationFailed(_("Учётная запись токена больше не является внешней системой."))
    narrowed = scope_narrow(full, municipality=token.municipality, school=token.school)
    scope_pin(user, narrowed)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return user, token


class PortalTokenAuthentication(authentication.BaseAuthentication):
    """Listed first on every API view: its ``authenticate_header`` makes a request without
    credentials a 401 with ``WWW-Authenticate: Token`` rather than a 403."""

    def authenticate(self, request):
        raw = token_from_header(request)
        if raw is None:
            return None
        return token_authenticate(raw)

    def authenticate_header(self, request) -> str:
        return KEYWORD


def request_token(request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None
