from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schools.access import visible_municipalities, visible_schools

from ..api.tokens import api_client_users


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.username})"


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.short_name} — {obj.municipality.name}"


class TokenIssueForm(forms.Form):
    name = forms.CharField(
        label=_("Назначение"),
        max_length=200,
        help_text=_("Для какой системы выдаётся токен, например «АИС мониторинга министерства»."),
    )
    user = UserChoiceField(
        label=_("Учётная запись внешней системы"),
        queryset=None,
        help_text=_("Учётные записи с ролью «внешняя система (API)» в вашей области."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=None,
        required=False,
        help_text=_("Токен увидит муниципалитет целиком (в пределах прав учётной записи)."),
    )
    school = SchoolChoiceField(
        label=_("или школа"),
        queryset=None,
        required=False,
        help_text=_("Токен увидит только эту школу. Заполните либо муниципалитет, либо школу."),
    )
    read_only = forms.BooleanField(
        label=_("Только чтение"),
        required=False,
        initial=True,
        help_text=_("Снимите отметку, только если система должна передавать значения показателей и отчёты."),
    )

    def __init__(self, *args, issuer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = api_client_users(issuer=issuer)
        self.fields["municipality"].queryset = visible_municipalities(issuer).order_by("name")
        self.fields["school"].queryset = (
            visible_schools(issuer).with_municipality().order_by("municipality__name", "short_name")
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("municipality")) == bool(data.get("school")):
            raise forms.ValidationError(_("Укажите область токена: либо муниципалитет, либо школу (не то и другое)."))
        return data
