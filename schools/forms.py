from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FACTOR_KEYS, School, SchoolContext, SchoolProfile
from .years import academic_year_choices


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = [
            "code",
            "name",
            "short_name",
            "type",
            "settlement",
            "locality",
            "small_class",
            "remote",
            "address",
            "director",
        ]


class _YearlyForm(forms.ModelForm):
    """A per-year record. `year` picks the record; `version` is the one the form was read at."""

    year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int, choices=())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = academic_year_choices()
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.fields["version"].initial = self.instance.version

    def editable_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("year", "version")}


class SchoolProfileForm(_YearlyForm):
    class Meta:
        model = SchoolProfile
        fields = [
            "year",
            "enrolment",
            "disabilities",
            "teachers",
            "share_first_category",
            "share_highest_category",
            "vacancies",
        ]


class SchoolContextForm(_YearlyForm):
    class Meta:
        model = SchoolContext
        fields = ["year", "total", *FACTOR_KEYS]
        help_texts = {key: _("Пусто — нет данных (не то же, что 0).") for key in FACTOR_KEYS}
