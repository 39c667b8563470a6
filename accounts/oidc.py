"""Single sign-on with the region's OpenID Connect provider (mozilla-django-oidc), optional.

Off unless OIDC_RP_CLIENT_ID and the provider's endpoints are set (``config/settings.py``): the
backend then answers no sign-in and the two URLs answer 404. When on, a person is found by the
provider's ``sub`` only (``accounts.ExternalIdentity``) — never by e-mail or name, so a provider
account cannot take over a portal account by sharing its address; an administrator links an
existing account in the admin. Rights come only through ``accounts.services.sso`` (the audited
claim mappings); whatever else the claims say is ignored."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .services.sso import sso_identity_user, sso_memberships_sync, sso_user_create


def _claim_values(raw) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Iterable) and not isinstance(raw, dict | bytes):
        return [str(v) for v in raw if isinstance(v, str | int)]
    return []


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        self.enabled = bool(getattr(settings, "OIDC_ENABLED", False))
        if self.enabled:
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not self.enabled:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        user = sso_identity_user(subject=str(claims["sub"]))
        return self.UserModel.objects.filter(pk=user.pk) if user is not None else self.UserModel.objects.none()

    def create_user(self, claims):
        user = sso_user_create(
            subject=str(claims["sub"]),
            username=str(claims.get("preferred_username") or ""),
            email=str(claims.get("email") or ""),
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
        )
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        values = _claim_values(claims.get(settings.OIDC_GROUPS_CLAIM))
        sso_memberships_sync(user=user, claim_values=values)
        return user


def _only_when_enabled(view_class):
    view = view_class.as_view()

    def wrapped(request, *args, **kwargs):
        if not getattr(settings, "OIDC_ENABLED", False):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


sso_start_view = _only_when_enabled(OIDCAuthenticationRequestView)
sso_callback_view = _only_when_enabled(OIDCAuthenticationCallbackView)
