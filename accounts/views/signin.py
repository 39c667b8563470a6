"""Sign-in in two steps: the password, then — for anyone with a second factor — a code.

After a right password the person is not signed in yet: the session holds only "this account,
this backend, at this time" (five minutes), and the code page signs them in when the code is
right. So a stolen password alone opens no session at all. A wrong code counts as a failed
sign-in for django-axes (the same lockout as wrong passwords) and in the access log."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from schools.formats import ru_plural
from schools.models import User

from .. import session_keys
from ..forms import CodeForm
from ..selectors import has_second_factor
from ..services.second_factor import second_factor_check

PENDING_SECONDS = 300


class PortalLoginView(LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context

    def form_valid(self, form):
        user = form.get_user()
        if not has_second_factor(user):
            return super().form_valid(form)
        self.request.session[session_keys.PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": int(time.time()),
            "next": self.get_success_url(),
        }
        return redirect("accounts:verify")


def _who(request) -> tuple[User | None, dict]:
    """The person the code is for: the signed-in user whose session owes a code, or the one whose
    password was right a moment ago."""
    if request.user.is_authenticated:
        return request.user, {}
    pending = request.session.get(session_keys.PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, {}
    return User.objects.filter(pk=pending.get("user"), is_active=True).first(), pending


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _locked(request, credentials: dict):
    from axes.handlers.proxy import AxesProxyHandler
    from axes.helpers import get_lockout_response

    if AxesProxyHandler.is_locked(request, credentials) or getattr(request, "axes_locked_out", False):
        return get_lockout_response(request, None, credentials)
    return None


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def verify_view(request):
    user, pending = _who(request)
    if user is None:
        messages.info(request, _("Время на ввод кода истекло. Войдите снова."))
        return redirect("login")
    if request.user.is_authenticated and (
        request.user.is_verified() or request.session.get(session_keys.SECOND_FACTOR) != session_keys.VERIFY
    ):
        return redirect(_safe_next(request, request.GET.get("next")))  # this session owes no code
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if locked := _locked(request, credentials):
            return locked
        check = second_factor_check(user=user, code=form.cleaned_data["code"])
        if check.device is None:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if locked := _locked(request, credentials):
                return locked
            if check.throttled_until is not None:
                wait = max(1, int((check.throttled_until - timezone.now()).total_seconds()) + 1)
                message = _("Слишком много попыток. Подождите %(wait)s и введите код снова.") % {
                    "wait": f"{wait} {ru_plural(wait, 'секунду', 'секунды', 'секунд')}"
                }
            else:
                message = _("Код не подошёл. Проверьте, что время на телефоне точное, и введите новый код.")
            form.add_error("code", message)
        else:
            target = _safe_next(request, pending.get("next") or request.GET.get("next"))
            if not request.user.is_authenticated:
                login(request, user, backend=pending["backend"])
            otp_login(request, check.device)
            request.session[session_keys.SECOND_FACTOR] = session_keys.VERIFY
            request.session.pop(session_keys.PENDING, None)
            if check.recovery:
                left = check.device.token_set.count()
                messages.warning(
                    request,
                    _("Вы вошли по коду восстановления; он больше не действует. %(left)s.")
                    % {
                        "left": f"{ru_plural(left, 'Остался', 'Осталось', 'Осталось')} {left} "
                        f"{ru_plural(left, 'код', 'кода', 'кодов')}"
                    },
                )
            return redirect(target)
    return render(request, "accounts/verify.html", {"form": form, "person": user})
