"""«Вход и безопасность»: the second factor (turn on, new recovery codes, turn off) and the
person's sessions («Выйти на всех устройствах»). Every page is about the signed-in person only."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from schools.formats import count_of
from schools.views.guards import perm_required

from .. import session_keys
from ..forms import CodeForm, ConfirmDeviceForm
from ..selectors import has_second_factor, pending_totp_device, security_state
from ..services.second_factor import (
    recovery_codes_issue,
    second_factor_check,
    second_factor_disable,
    totp_device_confirm,
    totp_device_start,
)
from ..services.sessions import sessions_end_all

MANAGE = "accounts.manage_own_security"


@perm_required(MANAGE)
@never_cache
def security_view(request):
    state = security_state(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "state": state,
            "codes_left": count_of(state.recovery_codes_left, "код", "кода", "кодов"),
            "sessions": count_of(state.sessions, "сеанс", "сеанса", "сеансов"),
            "may_disable": request.user.has_perm("accounts.disable_second_factor"),
        },
    )


@require_POST
@perm_required(MANAGE)
def setup_start_view(request):
    totp_device_start(user=request.user)
    return redirect("accounts:setup")


def _secret_text(device) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@perm_required(MANAGE)
@never_cache
def setup_view(request):
    device = pending_totp_device(request.user)
    if device is None:
        if request.session.get(session_keys.SECOND_FACTOR) == session_keys.ENROL:
            device = totp_device_start(user=request.user)  # the policy sent them here: start at once
        else:
            return redirect("accounts:security")
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(user=request.user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, request.user.totpdevice_set.get(confirmed=True))
            request.session[session_keys.SECOND_FACTOR] = session_keys.VERIFY
            messages.success(request, _("Второй фактор включён: при входе портал будет спрашивать код."))
            return render(request, "accounts/codes.html", {"codes": codes, "first": True})
        form.add_error("code", _("Код не подошёл. Проверьте, что время на телефоне точное, и введите новый код."))
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, border=2, title=_("QR-код для приложения-аутентификатора"))
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "qr_svg": mark_safe(svg),  # noqa: S308 — drawn by segno from our own URL, no user text in it
            "secret": _secret_text(device),
            "required": request.session.get(session_keys.SECOND_FACTOR) == session_keys.ENROL,
        },
    )


@require_POST
@perm_required(MANAGE)
def codes_new_view(request):
    if not (has_second_factor(request.user) and request.user.is_verified()):
        raise PermissionDenied
    codes = recovery_codes_issue(user=request.user)
    return render(request, "accounts/codes.html", {"codes": codes, "first": False})


@sensitive_post_parameters("code")
@require_POST
@perm_required("accounts.disable_second_factor")
def disable_view(request):
    form = CodeForm(request.POST)
    if form.is_valid() and second_factor_check(user=request.user, code=form.cleaned_data["code"]).device:
        second_factor_disable(user=request.user)
        request.session.pop(session_keys.SECOND_FACTOR, None)
        messages.success(request, _("Второй фактор отключён: для входа достаточно пароля."))
    else:
        messages.error(request, _("Второй фактор не отключён: код не подошёл."))
    return redirect("accounts:security")


@require_POST
@perm_required(MANAGE)
def sign_out_everywhere_view(request):
    user = request.user
    sessions_end_all(user=user)
    logout(request)
    messages.success(request, _("Вы вышли на всех устройствах. Войдите снова."))
    return redirect("login")
