import json

from django import forms
from django.utils.translation import gettext_lazy as _

from schools import text as text_limits
from schools.years import academic_year_choices

from .models import Methodology


class RunForm(forms.Form):
    methodology = forms.ModelChoiceField(label=_("Методика"), queryset=Methodology.objects.filter(is_current=True))
    year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, choices=())
    population = forms.ChoiceField(label=_("Совокупность школ"), choices=())

    def __init__(self, *args, populations: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = academic_year_choices(8)
        self.fields["population"].choices = populations


class MethodologyForm(forms.Form):
    definition = forms.CharField(
        label=_("Определение методики (JSON)"),
        max_length=text_limits.LONG,
        widget=forms.Textarea(attrs={"rows": 22, "class": "font-monospace"}),
    )

    def clean_definition(self):
        try:
            value = json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Это не JSON: %(error)s") % {"error": exc}) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Методика должна быть JSON-объектом."))
        return value


class RiskRuleForm(forms.Form):
    """The risk rule's parameters as typed; the service (``risk_rule_save``) decides what is
    sensible and says why in Russian, so the fields take any text."""

    share_threshold = forms.CharField(label=_("Порог доли не преодолевших минимальный порог, %"), max_length=20)
    min_low_assessments = forms.CharField(label=_("Низких оценочных процедур в одном году, не меньше"), max_length=20)
    consecutive_years = forms.CharField(label=_("Лет подряд для одной и той же оценочной процедуры"), max_length=20)
    min_participants = forms.CharField(label=_("Наименьшее число участников оценочной процедуры"), max_length=20)
    note = forms.CharField(label=_("Основание изменения"), max_length=300, required=False)

    def parameters(self) -> dict:
        """The cleaned values, whole numbers read as int (anything else is left as typed)."""
        data = dict(self.cleaned_data)
        for name in ("min_low_assessments", "consecutive_years", "min_participants"):
            text = data[name].strip()
            data[name] = int(text) if text.lstrip("-").isdigit() else text
        return data
