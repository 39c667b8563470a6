"""Forms of events, funding and the register. Numbers (hours, roubles) are taken as text and
checked by the services, so «1,3 ч» or «100,005 руб.» get the register's own Russian message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.forms.programs import DATE, MultipleFileField
from programs.models import Measure, Occurrence, Program
from schools import text as text_limits
from schools.models import Organisation, School

from .models import MethodEvent, Source, Training

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Мероприятие программы"), queryset=Measure.objects.none())
    occurrence = forms.ModelChoiceField(
        label=_("Срок, который выполняет"),
        queryset=Occurrence.objects.none(),
        required=False,
        empty_label=_("— без срока —"),
        help_text=_("Пусто — для мероприятия без сроков: отчёт датируется днём проведения."),
    )
    title = forms.CharField(label=_("Название"), max_length=300)
    kind = forms.ChoiceField(label=_("Вид"), choices=MethodEvent.Kind.choices)
    starts_at = forms.DateTimeField(label=_("Дата и время"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    hours = forms.CharField(label=_("Продолжительность, ч"), max_length=10, help_text=_("С шагом в четверть часа."))
    format = forms.ChoiceField(label=_("Формат"), choices=MethodEvent.Format.choices)
    place = forms.CharField(label=_("Место или ссылка"), max_length=300, required=False)
    host_school = forms.ModelChoiceField(
        label=_("Школа-организатор"), queryset=School.objects.none(), required=False, empty_label=_("— не школа —")
    )
    host_organisation = forms.ModelChoiceField(
        label=_("Организация-организатор"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— не организация —"),
    )
    audience = forms.CharField(label=_("Для кого"), max_length=300)
    audience_size = forms.IntegerField(label=_("Мест (аудитория)"), min_value=1)
    description = forms.CharField(
        label=_("Описание"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    announce = forms.BooleanField(label=_("Объявить на публичной странице программы"), required=False, initial=True)

    def __init__(self, *args, program: Program, schools: list[School], **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = schools
        measures = Measure.objects.filter(program=program, is_archived=False).order_by("sort_key")
        self.fields["measure"].queryset = measures
        self.fields["occurrence"].queryset = (
            Occurrence.objects.filter(measure__in=measures, off_schedule=False)
            .select_related("measure")
            .order_by("measure__sort_key", "due_date")
        )
        self.fields["host_school"].queryset = School.objects.filter(
            municipality_id=program.municipality_id, is_archived=False
        )
        self.fields["host_organisation"].queryset = Organisation.objects.filter(
            region_id=program.municipality.region_id
        )
        for school in schools:
            self.fields[f"school_{school.pk}"] = forms.IntegerField(
                label=_("Ожидается из школы «%(name)s»") % {"name": school.short_name},
                min_value=0,
                required=False,
            )

    def invited(self) -> dict[School, int]:
        """The schools with an expected number (0 too: invited, number unknown)."""
        return {
            s: self.cleaned_data[f"school_{s.pk}"]
            for s in self.schools
            if self.cleaned_data.get(f"school_{s.pk}") is not None
        }


class RecordForm(forms.Form):
    outcome = forms.CharField(label=_("Итоги"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(
        label=_("Материалы (файлы)"),
        required=False,
        help_text=_("Презентации, программа, протокол, фотографии: PDF, DOC(X), PPTX, JPG, PNG."),
    )
    links = forms.CharField(
        label=_("Ссылки на материалы"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("По одной ссылке в строке: запись вебинара, страница на сайте."),
    )

    def __init__(self, *args, event: MethodEvent, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(event.attendance.all())
        for row in self.rows:
            self.fields[f"actual_{row.school_id}"] = forms.IntegerField(
                label=_("Пришло из школы «%(name)s» (ожидалось %(n)s)")
                % {"name": row.school.short_name, "n": row.planned},
                min_value=0,
                required=False,
                initial=row.actual,
            )

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = forms.URLField(assume_scheme="https").clean
        return [validate(link) for link in links]

    def actual(self) -> dict[int, int | None]:
        return {row.school_id: self.cleaned_data.get(f"actual_{row.school_id}") for row in self.rows}


class FundingForm(forms.Form):
    year = forms.IntegerField(label=_("Год"))
    source = forms.ChoiceField(label=_("Источник"), choices=Source.choices)
    measure = forms.ModelChoiceField(
        label=_("Мероприятие"), queryset=Measure.objects.none(), required=False, empty_label=_("Программа в целом")
    )
    planned = forms.CharField(label=_("План, руб."), max_length=20)
    actual = forms.CharField(label=_("Исполнено, руб."), max_length=20, required=False)
    grant_title = forms.CharField(label=_("Название гранта"), max_length=300, required=False)
    recipient_school = forms.ModelChoiceField(
        label=_("Получатель: школа"), queryset=School.objects.none(), required=False
    )
    note = forms.CharField(label=_("Примечание"), max_length=300, required=False)

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(program=program, is_archived=False).order_by(
            "sort_key"
        )
        self.fields["recipient_school"].queryset = School.objects.filter(municipality_id=program.municipality_id)


class FundingActualForm(forms.Form):
    planned = forms.CharField(label=_("План, руб."), max_length=20)
    actual = forms.CharField(label=_("Исполнено, руб."), max_length=20, required=False)


class TrainingForm(forms.Form):
    year = forms.IntegerField(label=_("Год"))
    form = forms.ChoiceField(label=_("Форма"), choices=Training.Form.choices)
    topic = forms.CharField(label=_("Тема"), max_length=300)
    provider = forms.CharField(label=_("Кто проводит"), max_length=300, required=False)
    hours = forms.CharField(label=_("Часов"), max_length=10)
    starts_on = forms.DateField(label=_("Начало"), widget=DATE)
    ends_on = forms.DateField(label=_("Окончание"), widget=DATE)
    quality_topic = forms.BooleanField(label=_("По вопросам качества образования"), required=False)
    full_name = forms.CharField(label=_("ФИО педагога"), max_length=200, required=False)
    position = forms.CharField(label=_("Должность"), max_length=100, required=False)
    subject = forms.CharField(label=_("Предмет"), max_length=100, required=False)
    people = forms.IntegerField(
        label=_("Число педагогов"), min_value=1, required=False, help_text=_("Если школа не называет педагогов.")
    )
    mentor = forms.CharField(label=_("Наставник (для наставничества)"), max_length=200, required=False)


class StaffCountForm(forms.Form):
    year = forms.IntegerField(label=_("Год"))
    teachers = forms.IntegerField(label=_("Педагогов всего"), min_value=1)
    target_share = forms.CharField(label=_("Цель: доля обученных, %"), max_length=10, required=False)


class PlanItemForm(forms.Form):
    year = forms.IntegerField(label=_("Год"))
    full_name = forms.CharField(label=_("ФИО педагога"), max_length=200)
    position = forms.CharField(label=_("Должность"), max_length=100, required=False)
    subject = forms.CharField(label=_("Предмет"), max_length=100, required=False)
    topic = forms.CharField(label=_("Тема обучения"), max_length=300)
    form = forms.ChoiceField(label=_("Форма"), choices=Training.Form.choices)
    hours = forms.CharField(label=_("Часов"), max_length=10)
    planned_from = forms.DateField(label=_("Планируется с"), widget=DATE)
    planned_to = forms.DateField(label=_("по"), widget=DATE)


class PairForm(forms.Form):
    mentor = forms.CharField(label=_("Наставник (ФИО)"), max_length=200)
    mentee = forms.CharField(label=_("Наставляемый (ФИО)"), max_length=200)
    topic = forms.CharField(label=_("Тема наставничества"), max_length=300)
    starts_on = forms.DateField(label=_("Начало"), widget=DATE)
    ends_on = forms.DateField(label=_("Окончание"), widget=DATE)
    result = forms.CharField(
        label=_("Результат"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=text_limits.MEDIUM,  # as the model's column
    )
