"""The «Повышение квалификации» import kind: the professional development register from XLSX,
with the shared machinery (schools/imports: tolerant headers, a preview, all rows or none).

A row is one training of one teacher (named) or of a number of teachers (a count); a row that
names the same school, year, teacher, topic and end date as a stored one updates it, so a file can
be loaded again. The register's rules are the service's (resources/services/checks.py): quarter
hours, dates inside the year, a mentor for mentoring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export.fields import Field
from import_export.widgets import Widget

from indices.imports.base import (
    DecimalWidget,
    LimitedTextWidget,
    SchoolYearResource,
    calendar_year_widget,
    school_field,
)
from schools.imports import kinds as schools_kinds
from schools.imports.registry import CellKind, Column, ImportKind, register
from schools.imports.resource_base import chunked
from schools.imports.widgets import ChoiceWidget, CountWidget, yes_no_widget

from .models import Training
from .models.training import RECORD_FIELDS
from .services.checks import QUARTER


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    return None


class DateWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> dt.date:
        if value is None:
            raise ValueError(_("не заполнено: укажите дату, например 15.03.2025"))
        day = _date(value)
        if day is None:
            raise ValueError(_("не дата: укажите дату в виде 15.03.2025"))
        return day

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else f"{value:%d.%m.%Y}"


def _year(value: Any) -> int | None:
    try:
        number = int(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        return None
    return number if 2000 <= number <= 2100 else None


def _key(text: Any) -> str:
    return " ".join(str(text or "").lower().replace("ё", "е").split())


FORMS = {str(label): value for value, label in Training.Form.choices} | {
    "курсы": Training.Form.COURSE,
    "кпк": Training.Form.COURSE,
    "переподготовка": Training.Form.RETRAINING,
}


class TrainingResource(SchoolYearResource):
    school = school_field()
    year = Field(attribute="year", column_name="year")
    form = Field(attribute="form", column_name="form")
    topic = Field(attribute="topic", column_name="topic", widget=LimitedTextWidget(max_length=300))
    provider = Field(attribute="provider", column_name="provider", widget=LimitedTextWidget(max_length=300))
    hours = Field(attribute="hours", column_name="hours", widget=DecimalWidget(max_value=Decimal("999")))
    starts_on = Field(attribute="starts_on", column_name="starts_on", widget=DateWidget())
    ends_on = Field(attribute="ends_on", column_name="ends_on", widget=DateWidget())
    quality_topic = Field(attribute="quality_topic", column_name="quality_topic")
    full_name = Field(attribute="full_name", column_name="full_name", widget=LimitedTextWidget(max_length=200))
    position = Field(attribute="position", column_name="position", widget=LimitedTextWidget(max_length=100))
    subject = Field(attribute="subject", column_name="subject", widget=LimitedTextWidget(max_length=100))
    people = Field(attribute="people", column_name="people", widget=CountWidget())
    mentor = Field(attribute="mentor", column_name="mentor", widget=LimitedTextWidget(max_length=200))

    school_permission = "resources.change_trainings"
    widget_validated = RECORD_FIELDS

    class Meta(SchoolYearResource.Meta):
        model = Training
        fields = ("school", *RECORD_FIELDS)
        import_id_fields = ("school", "year", "full_name", "topic", "ends_on")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.duplicate_message = _("та же запись (школа, год, педагог, тема, окончание) уже есть в строке %(row)s")
        self.denied_message = _("нет прав на реестр школы «%(school)s» (%(municipality)s)")
        self.fields["year"].widget = calendar_year_widget()
        self.fields["form"].widget = ChoiceWidget(
            FORMS, _("курсы, переподготовка, стажировка, наставничество, вебинар")
        )
        self.fields["quality_topic"].widget = yes_no_widget()

    def prepare_more(self, rows: list[dict[str, Any]]) -> None:
        years = {_year(r.get("year")) for r in rows} - {None}
        for chunk in chunked(sorted(self.schools.by_pk)):
            for training in Training.objects.filter(school_id__in=chunk, year__in=years):
                training.school = self.schools.by_pk[training.school_id]
                key = (
                    training.school_id,
                    training.year,
                    _key(training.full_name),
                    _key(training.topic),
                    training.ends_on,
                )
                self.existing[key] = training

    def row_key(self, row: dict[str, Any]) -> tuple | None:
        school, year, ends_on = self.schools.of_row(row), _year(row.get("year")), _date(row.get("ends_on"))
        if school is None or year is None or ends_on is None:
            return None
        return (school.pk, year, _key(row.get("full_name")), _key(row.get("topic")), ends_on)

    def cross_checks(self, instance: Training, row: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        hours = self.value_of(instance, "hours")
        if hours is not None and (hours <= 0 or hours % QUARTER):
            errors["hours"] = _("часы — больше нуля, с шагом в четверть часа (1,25, 1,5, 1,75)")
        year = self.value_of(instance, "year")
        starts, ends = self.value_of(instance, "starts_on"), self.value_of(instance, "ends_on")
        if year is not None and any(d is not None and d.year != year for d in (starts, ends)):
            errors["ends_on"] = _("обучение должно пройти в пределах %(year)s года: даты вне года") % {"year": year}
        elif starts is not None and ends is not None and ends < starts:
            errors["ends_on"] = _("окончание раньше начала")
        if not (instance.full_name or "").strip():
            if not instance.people:
                errors["people"] = _("укажите ФИО педагога или число педагогов")
        else:
            instance.people = 1
        if instance.form == Training.Form.MENTORING and not (instance.mentor or "").strip():
            errors["mentor"] = _("для наставничества укажите наставника")
        if not (instance.topic or "").strip():
            errors["topic"] = _("не заполнено: укажите тему обучения")
        return errors


def _column(key: str, title: str, help_text, *, kind: CellKind = CellKind.TEXT, required=False, aliases=(), width=18):
    return Column(key, title, kind=kind, required=required, aliases=aliases, help=help_text, width=width)


TRAINING_COLUMNS = (
    Column(
        "school_code",
        "Код ОО",
        required=True,
        aliases=schools_kinds.CODE_ALIASES,
        width=14,
        help=_lazy("код ОО школы, которая уже есть в портале"),
    ),  # fmt: skip
    _column("year", "Год", _lazy("календарный год, например 2025"), kind=CellKind.NUMBER, required=True, width=8),
    _column("form", "Форма", _lazy("курсы, переподготовка, стажировка, наставничество, вебинар"), required=True),
    _column("topic", "Тема", _lazy("тема обучения"), required=True, width=40),
    _column("provider", "Кто проводит", _lazy("организация, может быть пустым"), width=30),
    _column(
        "hours", "Часов", _lazy("число с шагом в четверть часа: 36, 1,5"), kind=CellKind.NUMBER, required=True, width=8
    ),  # fmt: skip
    _column("starts_on", "Начало", _lazy("дата, например 01.02.2025"), required=True, aliases=("дата начала",)),
    _column("ends_on", "Окончание", _lazy("дата в том же году"), required=True, aliases=("дата окончания",)),
    _column("quality_topic", "Качество образования", _lazy("да, если обучение по вопросам качества образования")),
    _column(
        "full_name", "ФИО педагога", _lazy("пусто — запись числом педагогов"), aliases=("ФИО", "педагог"), width=30
    ),
    _column("position", "Должность", _lazy("может быть пустым")),
    _column("subject", "Предмет", _lazy("может быть пустым")),
    _column("people", "Число педагогов", _lazy("если ФИО не указано"), kind=CellKind.NUMBER, width=10),
    _column("mentor", "Наставник", _lazy("для наставничества"), width=30),
)

TRAININGS = register(
    ImportKind(
        key="trainings",
        title=_lazy("Повышение квалификации педагогов"),
        sheet_title="Повышение квалификации",
        description=_lazy(
            "Одна строка — обучение одного педагога (с ФИО) или нескольких педагогов (числом): форма, тема, "
            "часы и даты в пределах года. Строка с той же школой, годом, педагогом, темой и датой окончания "
            "обновляет найденную запись."
        ),
        columns=TRAINING_COLUMNS,
        resource_class=TrainingResource,
    )
)
