"""The admin behind the second factor: the same rule as the rest of the portal.

Django's admin site with two changes: it opens only for a session that owes no code (a person
with a second factor, or one the policy requires it of, must have confirmed a code in this
session), and its own login form is the portal's (password, then code) instead of a second,
password-only door. ``config/urls.py`` gives ``admin.site`` this class, as django-otp's
``OTPAdminSite`` is installed."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from .access import second_factor_required
from .selectors import has_second_factor


class SecondFactorAdminSite(AdminSite):
    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        user = request.user
        if getattr(user, "is_verified", None) is not None and user.is_verified():
            return True
        return not (second_factor_required(user) or has_second_factor(user))

    def login(self, request, extra_context=None):
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
