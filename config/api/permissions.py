"""API-wide permissions. Object rights are the access layer's rules permissions, checked in the
views; these only add what a token itself says (read-only) and that someone is signed in."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .authentication import request_token


class IsSignedIn(permissions.IsAuthenticated):
    message = _("Нужна аутентификация: передайте заголовок «Authorization: Token <токен>».")


class TokenAllowsMethod(permissions.BasePermission):
    """A read-only token may only read: any unsafe method is refused before the view runs."""

    message = _("Токен выдан только для чтения: изменять данные с ним нельзя.")

    def has_permission(self, request, view) -> bool:
        token = request_token(request)
        if token is None or not token.read_only:
            return True
        return request.method in permissions.SAFE_METHODS


class ViewPermission(permissions.BasePermission):
    """The view's ``required_perm`` (a rules permission without an object), if it names one."""

    message = _("Недостаточно прав для этого раздела API.")

    def has_permission(self, request, view) -> bool:
        perm = getattr(view, "required_perm", None)
        return perm is None or request.user.has_perm(perm)
