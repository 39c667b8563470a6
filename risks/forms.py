"""Forms of the risk pages: a decision on a risk, the curator's word, the catalogue editor."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from schools.formats import parse_decimal

from .models import ProfileItem
from .rules import DIRECTIONS, Derived

YEAR_MIN, YEAR_MAX = 2015, 2100


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Решение",
        choices=[
            (ProfileItem.Decision.CONFIRMED, "подтвердить риск"),
            (ProfileItem.Decision.REJECTED, "отклонить риск"),
        ],
    )
    reason = forms.CharField(
        label="Обоснование", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Мнение куратора",
        choices=[(ProfileItem.Verdict.AGREED, "согласиться"), (ProfileItem.Verdict.COMMENTED, "оставить замечание")],
    )
    comment = forms.CharField(
        label="Комментарий", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecimalText(forms.CharField):
    """A threshold typed with a decimal comma or point."""

    def clean(self, value) -> Decimal:  # type: ignore[override]
        value = super().clean(value)
        number = parse_decimal(value, invalid_as_none=True)
        if number is None:
            raise ValidationError("Введите число, например 12,5.")
        return number


class FactorForm(forms.Form):
    code = forms.SlugField(widget=forms.HiddenInput)
    title = forms.CharField(label="Фактор риска", max_length=300)
    rule = forms.CharField(label="Правило", max_length=1000)
    unit = forms.CharField(label="Единица", max_length=20, required=False)
    direction = forms.ChoiceField(label="Направление", choices=list(DIRECTIONS.items()))
    low = DecimalText(label="Низкий от")
    medium = DecimalText(label="Средний от")
    high = DecimalText(label="Высокий от")


FactorFormSet = forms.formset_factory(FactorForm, extra=0, max_num=40, validate_max=True)


class CatalogueForm(forms.Form):
    derived = forms.CharField(
        label="Производные показатели",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace"}),
        help_text="Каждый с новой строки: имя = формула | название | единица (пример — под полем).",
    )
    note = forms.CharField(
        label="Что изменено", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_derived(self) -> list[Derived]:
        out = []
        for n, line in enumerate(self.cleaned_data["derived"].splitlines(), start=1):
            if not line.strip():
                continue
            head, _sep, rest = line.partition("|")
            name, eq, formula = head.partition("=")
            if not eq:
                raise ValidationError(f"Строка {n}: нет знака «=» между именем и формулой.")
            parts = [p.strip() for p in rest.split("|")] if rest else []
            label = parts[0] if parts else ""
            unit = parts[1] if len(parts) > 1 else ""
            out.append(Derived(name.strip(), label, formula.strip(), unit))
        return out


def derived_text(derived: list[dict]) -> str:
    return "\n".join(f"{d['name']} = {d['formula']} | {d.get('label', '')} | {d.get('unit', '')}" for d in derived)
