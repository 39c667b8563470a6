"""Forms of the indicator pages. They only parse input; every rule is the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schools import text as text_limits

from ..models import Indicator

FORMULA_HELP = _(
    "Только для вычисляемых показателей: коды других показателей, числа, + − * / и скобки. "
    "Например: <code>teachers_trained / teachers_total * 100</code>."
)


class IndicatorForm(forms.Form):
    code = forms.CharField(
        label=_("Код"),
        max_length=64,
        help_text=_("Строчные латинские буквы, цифры и «_», например <code>share_teachers_trained</code>."),
    )
    name = forms.CharField(label=_("Наименование"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ChoiceField(label=_("Единица"), choices=Indicator.Unit.choices)
    direction = forms.ChoiceField(label=_("Направление"), choices=Indicator.Direction.choices)
    level = forms.ChoiceField(label=_("Уровень"), choices=Indicator.Level.choices)
    kind = forms.ChoiceField(label=_("Способ получения"), choices=Indicator.Kind.choices)
    formula = forms.CharField(label=_("Формула"), max_length=500, required=False, help_text=FORMULA_HELP)
    min_value = forms.DecimalField(label=_("Минимум"), required=False, max_digits=14, decimal_places=4, localize=True)
    max_value = forms.DecimalField(label=_("Максимум"), required=False, max_digits=14, decimal_places=4, localize=True)
    method = forms.CharField(
        label=_("Методика расчёта"),
        required=False,
        max_length=text_limits.MEDIUM,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source = forms.CharField(label=_("Источник"), max_length=300, required=False)
    is_archived = forms.BooleanField(
        label=_("В архиве"),
        required=False,
        help_text=_("Архивный показатель не вводится и не предлагается в сборах; его значения сохраняются."),
    )

    def __init__(self, *args, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formula"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.fields["code"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        if creating:
            del self.fields["is_archived"]

    @classmethod
    def initial_of(cls, indicator: Indicator) -> dict:
        return {name: getattr(indicator, name) for name in cls.base_fields}
