"""Two checks on every request, both from the session alone (no query):

- ``IdleTimeoutMiddleware`` signs a person out after SESSION_IDLE_TIMEOUT seconds without a request
  (0 turns it off); the absolute lifetime is Django's SESSION_COOKIE_AGE.
- ``SecondFactorMiddleware`` keeps a session that still owes a second factor (see ``session_keys``)
  on the code page or the set-up page: nothing else of the portal — pages, admin, API by session —
  answers until the code is given."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import session_keys

# Pages a session owing a code may still open: the code and set-up pages, and signing out.
OPEN_WHILE_PENDING = frozenset(
    {
        "accounts:verify",
        "accounts:setup",
        "accounts:setup_start",
        "logout",
        "login",
        "healthz",
        "javascript-catalog",
    }
)
# Refresh the stored time at most once a minute, so a busy page does not rewrite the session each time.
_TOUCH_EVERY = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = int(getattr(settings, "SESSION_IDLE_TIMEOUT", 0) or 0)
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(session_keys.LAST_SEEN)
            if isinstance(last, int) and now - last > timeout:
                logout(request)
                messages.info(request, _("Сеанс завершён: долго не было действий. Войдите снова."))
                return redirect_to_login(request.get_full_path())
            if not isinstance(last, int) or now - last >= _TOUCH_EVERY:
                request.session[session_keys.LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        owed = request.session.get(session_keys.SECOND_FACTOR) if hasattr(request, "session") else None
        if not owed or not request.user.is_authenticated:
            return None
        if owed == session_keys.VERIFY and request.user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_WHILE_PENDING:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Подтвердите вход кодом из приложения-аутентификатора на странице входа портала.")},
                status=403,
            )
        if owed == session_keys.ENROL:
            return redirect("accounts:setup")
        return redirect_to_login(request.get_full_path(), login_url="accounts:verify")
