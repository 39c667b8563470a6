"""Forms of data collections. They parse input only: every business rule is the service's."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schools import text as text_limits
from schools.models import Municipality, School

from ..formulas import FormulaError, referenced_codes
from ..models import Indicator, Period
from ..services.form_values import confirm_field, value_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
QUARTERS = [("", "—"), ("1", _("I квартал")), ("2", _("II квартал")), ("3", _("III квартал")), ("4", _("IV квартал"))]


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        suffix = " — " + str(_("вычисляется")) if obj.kind == Indicator.Kind.COMPUTED else ""
        return f"{obj.name} ({obj.get_unit_display()}){suffix}"


class CollectionForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=_("Муниципалитет"), widget=forms.HiddenInput
    )
    title = forms.CharField(label=_("Название"), max_length=300)
    period_kind = forms.ChoiceField(label=_("Вид периода"), choices=Period.Kind.choices)
    year = forms.IntegerField(
        label=_("Год"),
        min_value=2000,
        max_value=2100,
        help_text=_("Для учебного года — год его окончания: 2025 означает 2024/2025 учебный год."),
    )
    quarter = forms.TypedChoiceField(label=_("Квартал"), choices=QUARTERS, coerce=int, empty_value=None, required=False)
    indicators = IndicatorChoiceField(
        queryset=Indicator.objects.none(), label=_("Показатели"), widget=forms.CheckboxSelectMultiple
    )
    all_schools = forms.BooleanField(label=_("Все школы муниципалитета"), required=False)
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.none(),
        label=_("Школы"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(label=_("Срок сдачи"), widget=DATE)

    def __init__(self, *args, municipalities: QuerySet[Municipality], municipality: Municipality, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("municipality", municipality.pk)
        kwargs["initial"].setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        # Chosen above the form (the schools to tick depend on it); here it only rides along.
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].widget = forms.HiddenInput()
        self.fields["indicators"].queryset = Indicator.objects.filter(
            Q(kind=Indicator.Kind.ENTERED) | Q(kind=Indicator.Kind.COMPUTED),
            is_archived=False,
            level=Indicator.Level.SCHOOL,
        ).order_by("name")
        self.school_queryset = School.objects.filter(municipality=municipality, is_archived=False).order_by(
            "short_name"
        )
        self.fields["schools"].queryset = self.school_queryset

    def clean_indicators(self):
        """A share needs its numerator and denominator: choosing the share brings them along, so
        the committee ticks one box, not three."""
        chosen = list(self.cleaned_data["indicators"])
        while True:
            codes = set()
            for indicator in chosen:
                if indicator.kind == Indicator.Kind.COMPUTED and indicator.formula:
                    try:
                        codes |= referenced_codes(indicator.formula)
                    except FormulaError:
                        continue  # the service names the unreadable formula
            missing = codes - {i.code for i in chosen}
            extra = list(Indicator.objects.filter(code__in=missing, is_archived=False)) if missing else []
            if not extra:
                return chosen
            chosen += extra

    def clean(self):
        data = super().clean()
        if data.get("period_kind") == Period.Kind.QUARTER and not data.get("quarter"):
            self.add_error("quarter", _("Укажите квартал."))
        if data.get("period_kind") != Period.Kind.QUARTER:
            data["quarter"] = None
        if data.get("all_schools"):
            data["schools"] = list(self.school_queryset)
        elif not data.get("schools") and "schools" not in self.errors:
            self.add_error("schools", _("Выберите школы или отметьте «Все школы муниципалитета»."))
        return data


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий"),
        required=False,
        max_length=text_limits.MEDIUM,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Обязателен, если возвращаете ответ на доработку или открываете принятый ответ."),
    )


@dataclass(frozen=True)
class EntryInput:
    """What the data entry form sent: the raw text of each value (by indicator id), the
    confirmed unusual values, and the version the form was opened at."""

    values: dict[int, str]
    confirmations: set[int]
    version: int | None


def entry_input(data, indicator_ids) -> EntryInput:
    values = {pk: data.get(value_field(pk), "").strip() for pk in indicator_ids if value_field(pk) in data}
    confirmations = {pk for pk in indicator_ids if data.get(confirm_field(pk))}
    raw_version = data.get("version", "")
    version = int(raw_version) if raw_version.isdigit() else None
    return EntryInput(values=values, confirmations=confirmations, version=version)
