"""The upload form and the preview's editable passport, measures and organisations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Program

from .parsed import ParsedMeasure, ParsedProgram
from .passport import items
from .services import CREATE, KEEP_TEXT

TEXTAREA = {"rows": 2, "class": "form-control form-control-sm"}
LIST = {"rows": 4}


class UploadForm(forms.Form):
    municipality = forms.ModelChoiceField(queryset=None, label=_("Муниципалитет"), empty_label=None)
    document = forms.FileField(
        label=_("Документ программы (.docx)"),
        help_text=_("Файл Word с паспортом и таблицей мероприятий; до 20 МБ."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class PassportForm(forms.Form):
    title = forms.CharField(label=_("Наименование"), widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=_("Вид"), choices=Program.Kind.choices)
    period_start = forms.DateField(label=_("Начало периода"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Окончание периода"), widget=forms.DateInput(attrs={"type": "date"}))
    approved_by = forms.CharField(label=_("Кем утверждена"), required=False, max_length=300)
    approval_number = forms.CharField(label=_("Номер документа"), required=False, max_length=50)
    approval_date = forms.DateField(
        label=_("Дата документа"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    goals = forms.CharField(
        label=_("Цели"), required=False, help_text=_("Каждая цель — с новой строки."), widget=forms.Textarea(LIST)
    )
    tasks = forms.CharField(
        label=_("Задачи"),
        required=False,
        help_text=_("Каждая задача — с новой строки, с номером: «1. …»."),
        widget=forms.Textarea(LIST),
    )
    legal_bases = forms.CharField(
        label=_("Основания для разработки"),
        required=False,
        help_text=_("Каждый документ — с новой строки."),
        widget=forms.Textarea(LIST),
    )
    expected_results = forms.CharField(
        label=_("Ожидаемые результаты"),
        required=False,
        help_text=_("Каждый результат — с новой строки."),
        widget=forms.Textarea(LIST),
    )

    @staticmethod
    def initial_of(parsed: ParsedProgram) -> dict:
        return {
            "title": parsed.title,
            "kind": parsed.kind,
            "period_start": parsed.period_start or None,
            "period_end": parsed.period_end or None,
            "approved_by": parsed.approved_by,
            "approval_number": parsed.approval_number,
            "approval_date": parsed.approval_date or None,
            "goals": "\n".join(parsed.goals),
            "tasks": "\n".join(f"{n}. {t}" for n, t in parsed.tasks),
            "legal_bases": "\n".join(parsed.legal_bases),
            "expected_results": "\n".join(parsed.expected_results),
        }

    def apply(self, parsed: ParsedProgram) -> None:
        data = self.cleaned_data
        parsed.title, parsed.kind = data["title"].strip(), data["kind"]
        parsed.period_start = data["period_start"].isoformat()
        parsed.period_end = data["period_end"].isoformat()
        parsed.approved_by, parsed.approval_number = data["approved_by"], data["approval_number"]
        parsed.approval_date = data["approval_date"].isoformat() if data["approval_date"] else ""
        # One item a line, read as the document's lists are (an item's «- …» points stay with it).
        parsed.goals = items(data["goals"])
        parsed.legal_bases = items(data["legal_bases"])
        parsed.expected_results = items(data["expected_results"])
        parsed.tasks = items(data["tasks"], numbered=True)


class MeasureRowForm(forms.Form):
    number = forms.CharField(
        label=_("№"), max_length=16, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )
    title = forms.CharField(label=_("Мероприятие"), widget=forms.Textarea(attrs=TEXTAREA))
    timing = forms.CharField(label=_("Сроки"), required=False, max_length=300, widget=forms.Textarea(attrs=TEXTAREA))
    responsible = forms.CharField(label=_("Ответственные"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    result = forms.CharField(label=_("Планируемый результат"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rows stand in a table under one header: each input still names its column for a
        # screen reader.
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))

    @staticmethod
    def initial_of(m: ParsedMeasure) -> dict:
        return {
            "number": m.number,
            "title": m.title,
            "timing": m.timing,
            "responsible": m.responsible,
            "result": m.result,
        }


class _MeasureFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Исключить")
            form.fields["DELETE"].widget.attrs["aria-label"] = str(_("Исключить строку"))


MeasureFormSet = forms.formset_factory(MeasureRowForm, formset=_MeasureFormSet, extra=0, can_delete=True)


def measures_apply(formset, parsed: ParsedProgram) -> None:
    """The edited rows over the parsed ones (same order; a deleted row leaves the program)."""
    kept = []
    for form, measure in zip(formset.forms, parsed.measures, strict=False):
        if form.cleaned_data.get("DELETE"):
            continue
        data = form.cleaned_data
        measure.number = data["number"].strip().rstrip(".")
        measure.title, measure.timing = data["title"].strip(), data["timing"].strip()
        measure.responsible, measure.result = data["responsible"].strip(), data["result"].strip()
        if measure.number:
            measure.doubts = [d for d in measure.doubts if d != "no_number"]
        kept.append(measure)
    parsed.measures = kept


class OrganisationsForm(forms.Form):
    """One choice per organisation the registry does not know: match it, add it, or keep the text."""

    def __init__(self, *args, names: list[str], candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names
        choices = [
            (KEEP_TEXT, _("оставить только текстом")),
            (CREATE, _("добавить в реестр организаций")),
        ] + [(str(o.pk), o.short_name or o.name) for o in candidates]
        for n, name in enumerate(names):
            self.fields[f"org_{n}"] = forms.ChoiceField(label=name, choices=choices, required=False)

    def resolutions(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"org_{n}") or KEEP_TEXT for n, name in enumerate(self.names)}
