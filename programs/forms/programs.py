from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from monitoring.providers import category_choices
from schools import text as text_limits
from schools.models import Organisation, School

from ..models import (
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
from ..services.programs import PASSPORT_FIELDS
from ..timing import Kind, Schedule, validate_within_period
from ..timing.model import LAGGED, MAX_OFFSET_DAYS, MONTH_DAYS, MONTHS_NOM

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Program
        fields = list(PASSPORT_FIELDS)
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


# "No data" is what a run says of a school it could not place, not a group anyone supports.
NOT_A_SUPPORT_CATEGORY = {"no_data", "stable"}


class MeasureForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    support_categories = forms.MultipleChoiceField(
        label=_("Школы категорий поддержки"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Мероприятие касается школ этих категорий по последнему расчёту индексов региона: "
            "список школ меняется вместе с расчётом, и каждая из них отчитывается."
        ),
    )

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
            "support_categories",
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
                "«Вторник, еженедельно сентябрь-май», «ежеквартально, до 10 числа», "
                "«в течение 10 дней после окончания квартала», «По мере необходимости»…"
            )
        }

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        # What the portal understood and the due dates, shown while typing (htmx; the page has
        # no inline scripts). On load too, so an edited measure shows its current dates.
        self.fields["timing_text"].widget.attrs.update(
            {
                "hx-get": reverse("programs:measure_timing_preview", args=[program.pk]),
                "hx-trigger": "load, input changed delay:400ms",
                "hx-target": "#timing-preview",
                "hx-sync": "this:replace",
                "autocomplete": "off",
            }
        )
        self.fields["task"].queryset = program.tasks.all()
        self.fields["section"].queryset = program.sections.all()
        self.fields["responsible"].queryset = Organisation.objects.filter(
            region=program.municipality.region_id, is_archived=False
        )
        self.fields["schools"].queryset = School.objects.filter(municipality=program.municipality_id, is_archived=False)
        self.fields["support_categories"].choices = [
            (code, label) for code, label in category_choices() if code not in NOT_A_SUPPORT_CATEGORY
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_number(self):
        number = self.cleaned_data["number"].strip().rstrip(".")
        if not number:
            raise forms.ValidationError(_("Укажите номер мероприятия."))
        return number


class ScheduleForm(forms.Form):
    """A person's correction of what the parser read from the timing text.

    `FIELD_KINDS` says which kinds use which field: the page shows only those (portal.js reads
    the wrapper's data attribute), and `schedule()` ignores the rest, so a value left in a
    field hidden after switching the kind — or shown to a browser without JavaScript — is not
    stored in a schedule it does not belong to."""

    KINDS = [
        ("range", _("один период (с … по …)")),
        ("yearly", _("ежегодно в указанные месяцы")),
        ("quarterly", _("ежеквартально")),
        ("monthly", _("ежемесячно")),
        ("weekly", _("еженедельно в указанный день в указанные месяцы")),
        ("twice_a_year", _("два раза в год")),
        ("academic_yearly", _("раз в учебный год (или в его квартале)")),
        ("throughout", _("в течение всего периода")),
        ("on_request", _("по запросу / по мере необходимости / по другому плану (без сроков)")),
    ]
    MONTHS = list(enumerate(MONTHS_NOM, start=1))
    WEEKDAYS = [
        (i, d)
        for i, d in enumerate(["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"])
    ]
    _LAGGED = " ".join(k.value for k in Kind if k in LAGGED)
    _DATED = " ".join(value for value, _label in KINDS if value != "on_request")
    #: field -> the kinds (space-separated values) that use it; a field not listed: every kind
    FIELD_KINDS = {
        "start": _DATED,
        "end": _DATED,
        "months": "yearly monthly weekly",
        "weekday": "weekly on_request",
        "quarter": "academic_yearly",
        "day": _LAGGED,
        "offset_days": _LAGGED,
        "working_days": _LAGGED,
    }

    kind = forms.ChoiceField(label=_("Вид расписания"), choices=KINDS)
    start = forms.DateField(
        label=_("С"), required=False, widget=DATE, help_text=_("Для периодических — необязательная граница.")
    )
    end = forms.DateField(label=_("По"), required=False, widget=DATE)
    months = forms.TypedMultipleChoiceField(
        label=_("Месяцы"), choices=MONTHS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    weekday = forms.TypedChoiceField(
        label=_("День недели"), choices=[("", "—"), *WEEKDAYS], coerce=int, required=False, empty_value=None
    )
    quarter = forms.TypedChoiceField(
        label=_("Квартал учебного года"),
        choices=[("", _("— весь учебный год (срок 31 августа)")), (1, "1"), (2, "2"), (3, "3"), (4, "4")],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Календарный квартал внутри учебного года: 4 — октябрь–декабрь."),
    )
    day = forms.IntegerField(
        label=_("Срок сдачи: до какого числа"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_(
            "Число месяца, следующего за периодом: 10 — отчёт за I квартал до 10 апреля. "
            "«Ежегодно» в одном месяце — число этого месяца (декабрь и 25 — до 25 декабря). "
            "Пусто — последний день периода."
        ),
    )
    offset_days = forms.IntegerField(
        label=_("или через сколько дней после окончания периода"),
        required=False,
        min_value=1,
        max_value=MAX_OFFSET_DAYS,
    )
    working_days = forms.BooleanField(label=_("считать рабочие дни"), required=False)
    note = forms.CharField(label=_("Примечание"), required=False, max_length=text_limits.SHORT)

    def __init__(self, *args, program: Program | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program

    @staticmethod
    def initial_for(schedule: Schedule) -> dict[str, object]:
        return {
            "kind": schedule.kind.value if schedule.kind != Kind.UNPARSED else "",
            "start": schedule.start,
            "end": schedule.end,
            "months": list(schedule.months),
            "weekday": schedule.weekday,
            "quarter": schedule.quarter,
            "day": schedule.day,
            "offset_days": schedule.offset_days,
            "working_days": schedule.working_days,
            "note": schedule.note,
        }

    def fields_with_kinds(self) -> Iterator[tuple[forms.BoundField, str]]:
        """Each visible field with the kinds that use it ("" = all), for the page's wrappers."""
        for bound in self.visible_fields():
            yield bound, self.FIELD_KINDS.get(bound.name, "")

    def _used(self, name: str, kind: str) -> Any:
        """A cleaned value, or None where the kind does not use the field."""
        kinds = self.FIELD_KINDS.get(name)
        if kinds is not None and kind not in kinds.split():
            return None
        return self.cleaned_data.get(name)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind or self.errors:
            return data
        start, end = self._used("start", kind), self._used("end", kind)
        if kind == "range" and not (start and end):
            raise forms.ValidationError(_("Для периода укажите даты начала и окончания."))
        if start and end and end < start:
            raise forms.ValidationError(_("Дата окончания раньше даты начала."))
        if kind in ("yearly", "weekly") and not data.get("months"):
            raise forms.ValidationError(_("Отметьте месяцы."))
        if kind == "weekly" and data.get("weekday") is None:
            raise forms.ValidationError(_("Выберите день недели."))
        day, offset = self._used("day", kind), self._used("offset_days", kind)
        if day is not None and offset is not None:
            raise forms.ValidationError(_("Укажите либо число месяца, либо число дней после окончания периода."))
        if self._used("working_days", kind) and offset is None:
            self.add_error("offset_days", _("Укажите, через сколько рабочих дней сдаётся отчёт."))
            return data
        if kind == "yearly" and day is not None:
            months = data.get("months") or []
            if len(months) != 1:
                self.add_error("day", _("Число месяца для «ежегодно» — только при одном отмеченном месяце."))
                return data
            if day > MONTH_DAYS[months[0] - 1]:
                self.add_error(
                    "day",
                    _("В месяце «%(month)s» нет %(day)s числа.") % {"month": MONTHS_NOM[months[0] - 1], "day": day},
                )
                return data
        try:
            schedule = self.schedule()
        except ValueError:  # the checks above cover the model's rules; this is the safety net
            raise forms.ValidationError(_("Такое расписание невозможно: проверьте поля.")) from None
        if self.program is not None:
            # the rule saving applies (services.measures._check_period): refused here already,
            # next to the fields, rather than after the whole form is sent
            message = validate_within_period(
                schedule, period_start=self.program.period_start, period_end=self.program.period_end
            )
            if message:
                raise forms.ValidationError(message)
        return data

    def schedule(self) -> Schedule:
        """The schedule the (valid) form describes, with only the fields its kind uses."""
        kind = self.cleaned_data["kind"]
        return Schedule(
            kind=Kind(kind),
            start=self._used("start", kind),
            end=self._used("end", kind),
            months=tuple(sorted(self._used("months", kind) or ())),
            weekday=self._used("weekday", kind),
            quarter=self._used("quarter", kind),
            note=self.cleaned_data.get("note") or "",
            day=self._used("day", kind),
            offset_days=self._used("offset_days", kind),
            working_days=bool(self._used("working_days", kind)),
        )


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
    narrative = forms.CharField(
        label=_("Что сделано"), max_length=text_limits.LONG, widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
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
    comment = forms.CharField(
        label=_("Комментарий"), max_length=text_limits.MEDIUM, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ApproveForm(forms.Form):
    doc_type = forms.CharField(label=_("Вид документа"), initial="Приказ", required=False, max_length=100)
    doc_number = forms.CharField(label=_("Номер"), required=False, max_length=100)
    doc_date = forms.DateField(label=_("Дата"), required=False, widget=DATE)


class AmendmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Основание изменений"), max_length=text_limits.SHORT, widget=forms.Textarea(attrs={"rows": 3})
    )
    doc_type = forms.CharField(label=_("Вид документа"), initial="Приказ", required=False, max_length=100)
    doc_number = forms.CharField(label=_("Номер"), required=False, max_length=100)
    doc_date = forms.DateField(label=_("Дата"), required=False, widget=DATE)
    doc_file = forms.FileField(label=_("Файл документа"), required=False)


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Заголовок"), max_length=300)
    body = forms.CharField(label=_("Текст"), max_length=text_limits.LONG, widget=forms.Textarea(attrs={"rows": 5}))
