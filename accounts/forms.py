from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Код"),
        max_length=32,
        help_text=_("Шесть цифр из приложения-аутентификатора или один из кодов восстановления."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        error_messages={"required": _("Введите код.")},
    )


class ConfirmDeviceForm(forms.Form):
    code = forms.CharField(
        label=_("Код из приложения"),
        max_length=16,
        help_text=_("Шесть цифр, которые сейчас показывает приложение."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": _("Введите код.")},
    )
