import json

from django import forms
from django.utils.translation import gettext_lazy as _

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
        label=_("Определение методики (JSON)"), widget=forms.Textarea(attrs={"rows": 22, "class": "font-monospace"})
    )

    def clean_definition(self):
        try:
            value = json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Это не JSON: %(error)s") % {"error": exc}) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Методика должна быть JSON-объектом."))
        return value
