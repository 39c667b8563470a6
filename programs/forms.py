from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from schools.models import Organisation, School

from .models import (
    ExpectedResult,
    Goal,
    LegalBasis,
    Measure,
    Program,
    ProgramOrganisation,
    ProgramSchool,
    ProgressReport,
    Risk,
    Section,
    Stage,
    Task,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Program
        fields = [
            "kind",
            "title",
            "short_title",
            "period_start",
            "period_end",
            "approval_doc_type",
            "approval_number",
            "approval_date",
            "approved_by",
            "signatory",
            "appendix_label",
            "control",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "approval_date": DATE,
            "title": forms.Textarea(attrs={"rows": 2}),
            "control": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


def _part_formset(model, fields, widgets=None, fk_name="program"):
    return inlineformset_factory(
        Program, model, fields=fields, extra=2, can_delete=True, widgets=widgets or {}, fk_name=fk_name
    )


# The passport's list parts, edited as formsets on one generic page each.
PASSPORT_PARTS = {
    "goals": (_("Цели"), _part_formset(Goal, ["position", "text"], {"text": forms.Textarea(attrs={"rows": 2})})),
    "tasks": (_("Задачи"), _part_formset(Task, ["number", "text"], {"text": forms.Textarea(attrs={"rows": 2})})),
    "sections": (_("Разделы плана мероприятий"), _part_formset(Section, ["number", "title"])),
    "legal_bases": (
        _("Основания для разработки"),
        _part_formset(LegalBasis, ["position", "text"], {"text": forms.Textarea(attrs={"rows": 2})}),
    ),
    "stages": (
        _("Этапы"),
        _part_formset(
            Stage,
            ["number", "title", "start", "end", "content"],
            {"start": DATE, "end": DATE, "content": forms.Textarea(attrs={"rows": 2})},
        ),
    ),
    "results": (
        _("Ожидаемые результаты"),
        _part_formset(ExpectedResult, ["position", "text", "tasks"], {"text": forms.Textarea(attrs={"rows": 2})}),
    ),
    "risks": (
        _("Риски"),
        _part_formset(
            Risk,
            ["position", "risk", "mitigation"],
            {"risk": forms.Textarea(attrs={"rows": 2}), "mitigation": forms.Textarea(attrs={"rows": 2})},
        ),
    ),
    "schools": (_("Школы программы"), _part_formset(ProgramSchool, ["school", "role"])),
    "organisations": (
        _("Разработчики, исполнители, партнёры"),
        _part_formset(ProgramOrganisation, ["organisation", "name", "role"]),
    ),
}


def limit_part_choices(formset, program: Program) -> None:
    """Choices of a part's selects stay within the program's municipality/region."""
    for form in formset.forms + [formset.empty_form]:
        if "school" in form.fields:
            form.fields["school"].queryset = School.objects.filter(
                municipality=program.municipality_id, is_archived=False
            )
        if "organisation" in form.fields:
            form.fields["organisation"].queryset = Organisation.objects.filter(
                region=program.municipality.region_id, is_archived=False
            )
            form.fields["organisation"].required = False
        if "tasks" in form.fields:
            form.fields["tasks"].queryset = program.tasks.all()


class TargetForm(forms.Form):
    # The version of the target being changed (0: a new target), for optimistic locking.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    indicator = forms.ModelChoiceField(label=_("Показатель"), queryset=None)
    school = forms.ModelChoiceField(
        label=_("Школа"), queryset=None, required=False, help_text=_("Пусто — целевой показатель муниципалитета.")
    )
    baseline_value = forms.DecimalField(label=_("Базовое значение"), required=False, max_digits=14, decimal_places=4)
    baseline_year = forms.IntegerField(label=_("Базовый год"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, program: Program, **kwargs):
        from monitoring.models import Indicator

        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["indicator"].queryset = (
            Indicator.objects.filter(is_archived=False).exclude(kind=Indicator.Kind.INDEX).order_by("name")
        )
        self.fields["school"].queryset = School.objects.filter(municipality=program.municipality_id, is_archived=False)
        self.years = list(range(program.period_start.year, program.period_end.year + 1))
        for year in self.years:
            self.fields[f"plan_{year}"] = forms.DecimalField(
                label=_("План на %s год") % year, required=False, max_digits=14, decimal_places=4
            )

    @staticmethod
    def initial_for(target) -> dict[str, object]:
        """Opens an existing target for editing: its values and the version they are at."""
        initial = {
            "version": target.version,
            "indicator": target.indicator_id,
            "school": target.school_id,
            "baseline_value": target.baseline_value,
            "baseline_year": target.baseline_year,
        }
        initial.update({f"plan_{year}": value for year, value in (target.planned or {}).items()})
        return initial

    def planned(self) -> dict[int, object]:
        return {year: self.cleaned_data.get(f"plan_{year}") for year in self.years}


class MeasureForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            "number",
            "task",
            "section",
            "title",
            "timing_text",
            "responsible",
            "responsible_text",
            "planned_result",
            "schools",
            "indicators",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "planned_result": forms.Textarea(attrs={"rows": 2}),
            "responsible_text": forms.Textarea(attrs={"rows": 1}),
            "responsible": forms.SelectMultiple(attrs={"size": 6}),
            "schools": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "timing_text": _(
                "Как в документе: «Сентябрь, ежегодно», «2 квартал 2021 года», "
                "«Вторник, еженедельно сентябрь-май», «По мере необходимости»…"
            )
        }

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = program.tasks.all()
        self.fields["section"].queryset = program.sections.all()
        self.fields["responsible"].queryset = Organisation.objects.filter(
            region=program.municipality.region_id, is_archived=False
        )
        self.fields["schools"].queryset = School.objects.filter(municipality=program.municipality_id, is_archived=False)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_number(self):
        number = self.cleaned_data["number"].strip().rstrip(".")
        if not number:
            raise forms.ValidationError(_("Укажите номер мероприятия."))
        return number


class ScheduleForm(forms.Form):
    """A person's correction of what the parser read from the timing text."""

    KINDS = [
        ("range", _("один период (с … по …)")),
        ("yearly", _("ежегодно в указанные месяцы")),
        ("quarterly", _("ежеквартально")),
        ("monthly", _("ежемесячно")),
        ("weekly", _("еженедельно в указанный день в указанные месяцы")),
        ("twice_a_year", _("два раза в год")),
        ("academic_yearly", _("ежегодно в квартале учебного года")),
        ("throughout", _("в течение всего периода")),
        ("on_request", _("по запросу / по мере необходимости / по другому плану (без сроков)")),
    ]
    MONTHS = [
        (i, m)
        for i, m in enumerate(
            [
                "январь",
                "февраль",
                "март",
                "апрель",
                "май",
                "июнь",
                "июль",
                "август",
                "сентябрь",
                "октябрь",
                "ноябрь",
                "декабрь",
            ],
            start=1,
        )
    ]
    WEEKDAYS = [
        (i, d)
        for i, d in enumerate(["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"])
    ]
    kind = forms.ChoiceField(label=_("Вид расписания"), choices=KINDS)
    start = forms.DateField(label=_("С"), required=False, widget=DATE)
    end = forms.DateField(label=_("По"), required=False, widget=DATE)
    months = forms.TypedMultipleChoiceField(
        label=_("Месяцы"), choices=MONTHS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    weekday = forms.TypedChoiceField(
        label=_("День недели"), choices=[("", "—"), *WEEKDAYS], coerce=int, required=False, empty_value=None
    )
    quarter = forms.TypedChoiceField(
        label=_("Квартал"),
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    note = forms.CharField(label=_("Примечание"), required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "range" and not (data.get("start") and data.get("end")):
            raise forms.ValidationError(_("Для периода укажите даты начала и окончания."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Дата окончания раньше даты начала."))
        if kind in ("yearly", "weekly") and not data.get("months"):
            raise forms.ValidationError(_("Отметьте месяцы."))
        if kind == "weekly" and data.get("weekday") is None:
            raise forms.ValidationError(_("Выберите день недели."))
        if kind == "academic_yearly" and not data.get("quarter"):
            raise forms.ValidationError(_("Выберите квартал."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    done_on = forms.DateField(
        label=_("Когда выполнено"),
        widget=DATE,
        help_text=_("У мероприятия нет сроков: отчёт датируется днём, когда работа проведена."),
    )
    status = forms.ChoiceField(label=_("Ход выполнения"), choices=ProgressReport.Status.choices)
    narrative = forms.CharField(label=_("Что сделано"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    files = MultipleFileField(
        label=_("Подтверждающие файлы"),
        required=False,
        help_text=_("PDF, JPG, PNG, DOC(X), XLS(X), PPTX, ODT, до 10 МБ каждый."),
    )
    on_behalf = forms.BooleanField(
        label=_("Подаю отчёт от имени исполнителя"),
        help_text=_("Вы подаёте отчёт за школу или организацию: решение по нему примет другой сотрудник."),
    )

    def __init__(self, *args, on_demand: bool = False, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_demand:
            del self.fields["done_on"]
        if not on_behalf:
            del self.fields["on_behalf"]


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Комментарий"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ApproveForm(forms.Form):
    doc_type = forms.CharField(label=_("Вид документа"), initial="Приказ", required=False)
    doc_number = forms.CharField(label=_("Номер"), required=False)
    doc_date = forms.DateField(label=_("Дата"), required=False, widget=DATE)


class AmendmentForm(forms.Form):
    reason = forms.CharField(label=_("Основание изменений"), widget=forms.Textarea(attrs={"rows": 3}))
    doc_type = forms.CharField(label=_("Вид документа"), initial="Приказ", required=False)
    doc_number = forms.CharField(label=_("Номер"), required=False)
    doc_date = forms.DateField(label=_("Дата"), required=False, widget=DATE)
    doc_file = forms.FileField(label=_("Файл документа"), required=False)


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Заголовок"), max_length=300)
    body = forms.CharField(label=_("Текст"), widget=forms.Textarea(attrs={"rows": 5}))
