"""Filters of the list endpoints. Ids are plain numbers (no lookup of the referenced row), so a
filter never costs a query of its own and never tells whether an invisible row exists."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.drainage import set_override
from rest_framework.filters import OrderingFilter

from indices.models import Run, SchoolResult
from monitoring.models import Indicator, IndicatorValue, Period, Target
from programs.models import Measure, Program
from schools.lookups import Ids, one_of
from schools.models import Municipality, School


class IdFilter(df.Filter):
    """An id: a whole number within the database's range, so «1.5» or «10**30» is a 400 (never a
    500). The OpenAPI schema gets the same bounds, so a client — or schemathesis — knows them."""

    field_class = forms.IntegerField
    bounds = (1, 2**63 - 1)

    def __init__(self, *args, **kwargs):
        low, high = kwargs.setdefault("min_value", self.bounds[0]), kwargs.setdefault("max_value", self.bounds[1])
        super().__init__(*args, **kwargs)
        # What @extend_schema_field does, per filter, so that the label stays the description.
        set_override(
            self,
            "field",
            {"type": "integer", "minimum": low, "maximum": high, "description": str(kwargs.get("label") or "")},
        )


class YearFilter(IdFilter):
    """A year: date lookups cannot take year 0 or −5 (a 500 otherwise)."""

    bounds = (1900, 2200)


class CodeFilter(df.CharFilter):
    """An indicator code is a slug (SlugField): anything else — a NUL byte, a space — is a 400,
    and the schema says so with the same pattern, so a client (or schemathesis) knows it."""

    PATTERN = r"^[-a-zA-Z0-9_]+$"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "validators", [RegexValidator(self.PATTERN, _("Код показателя: латинские буквы, цифры, «-» и «_»."))]
        )
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)
        set_override(
            self,
            "field",
            {"type": "string", "pattern": self.PATTERN, "maxLength": 64, "description": str(kwargs.get("label") or "")},
        )


class TextFilter(df.CharFilter):
    """Free text: a NUL byte is a 400 (Django's form field refuses it); the schema says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_override(
            self, "field", {"type": "string", "pattern": "^[^\\u0000]*$", "description": str(kwargs.get("label") or "")}
        )


class StrictBooleanField(forms.Field):
    """true/false (or 1/0) when the parameter is given; django-filter's own field takes «null»,
    an empty value or any word for «no filter», which the schema (a boolean) forbids."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value is None:
            return None
        try:
            return self.VALUES[str(value).lower()]
        except KeyError:
            raise forms.ValidationError(_("Укажите true или false."), code="invalid") from None

    def validate(self, value):
        pass  # None (no parameter) is allowed; to_python refused everything else


class BooleanFilter(df.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_override(self, "field", {"type": "boolean", "description": str(kwargs.get("label") or "")})


# The parameters of every list that are not filters: pages, ordering, format.
NOT_FILTERS = frozenset({"page", "page_size", "cursor", "count", "ordering", "format"})


class ApiFilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped for a request that asks no filter: its FilterSet and
    form would be built and validated to return the list as it is (≈ 0.3 ms a request, a nightly
    pull of pages asks none). With any other parameter — a filter, or one no list knows — the
    FilterSet is built and validated as before."""

    def filter_queryset(self, request, queryset, view):
        if request.query_params.keys() <= NOT_FILTERS:
            return queryset
        return super().filter_queryset(request, queryset, view)


class ApiOrdering(OrderingFilter):
    ordering_description = _("Сортировка: имя поля; «-» перед ним — по убыванию; несколько полей — через запятую.")


class MunicipalityFilter(df.FilterSet):
    region = IdFilter(field_name="region_id", label=_("Регион (id)"))

    class Meta:
        model = Municipality
        fields = ["region"]


class SchoolFilter(df.FilterSet):
    region = IdFilter(field_name="region_id", label=_("Регион (id)"))
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))
    type = df.ChoiceFilter(choices=School.Type.choices, label=_("Тип школы"))
    locality = df.ChoiceFilter(choices=School.Locality.choices, label=_("Городская или сельская"))
    archived = BooleanFilter(field_name="is_archived", label=_("В архиве"))
    code = TextFilter(field_name="code", label=_("Код ОО"))

    class Meta:
        model = School
        fields = ["region", "municipality", "type", "locality", "archived", "code"]


def _year_overlaps(queryset, name, value: int):
    return queryset.filter(period_start__year__lte=value, period_end__year__gte=value)


class ProgramFilter(df.FilterSet):
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет (id)"))
    school = IdFilter(field_name="participants__school_id", label=_("Школа-участник (id)"))
    year = YearFilter(method=_year_overlaps, label=_("Год, который входит в период программы"))
    status = df.ChoiceFilter(choices=Program.Status.choices, label=_("Статус"))
    kind = df.ChoiceFilter(choices=Program.Kind.choices, label=_("Вид"))

    class Meta:
        model = Program
        fields = ["municipality", "school", "year", "status", "kind"]


class MeasureFilter(df.FilterSet):
    program = IdFilter(field_name="program_id", label=_("Программа (id)"))
    municipality = IdFilter(field_name="program__municipality_id", label=_("Муниципалитет (id)"))
    school = IdFilter(method="filter_school", label=_("Школа, которой касается мероприятие (id)"))
    year = YearFilter(method="filter_year", label=_("Год, в котором у мероприятия есть срок"))

    class Meta:
        model = Measure
        fields = ["program", "municipality", "school", "year"]

    def filter_school(self, queryset, name, value: int):
        return queryset.filter(pk__in=Measure.schools.through.objects.filter(school_id=value).values("measure_id"))

    def filter_year(self, queryset, name, value: int):
        return queryset.filter(occurrences__due_date__year=value).distinct()


class IndicatorFilter(df.FilterSet):
    code = CodeFilter(field_name="code", label=_("Код показателя"))
    level = df.ChoiceFilter(choices=Indicator.Level.choices, label=_("Уровень"))
    kind = df.ChoiceFilter(choices=Indicator.Kind.choices, label=_("Способ получения"))
    unit = df.ChoiceFilter(choices=Indicator.Unit.choices, label=_("Единица"))
    archived = BooleanFilter(field_name="is_archived", label=_("В архиве"))

    class Meta:
        model = Indicator
        fields = ["code", "level", "kind", "unit", "archived"]


class PeriodFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=Period.Kind.choices, label=_("Вид периода"))
    year = YearFilter(field_name="year", label=_("Год (для учебного — год окончания)"))

    class Meta:
        model = Period
        fields = ["kind", "year"]


def _subject_municipality(queryset, name, value: int):
    # Targets: ids rather than an OR across the school join, which would scan the whole table
    # (monitoring.access._value_subject_filter says why).
    school_ids = list(School.objects.filter(municipality_id=value).order_by().values_list("pk", flat=True))
    return queryset.filter(Q(school_id__in_ids=Ids(school_ids)) | Q(municipality_id=value))


def _value_municipality(queryset, name, value: int):
    # Values carry their municipality (IndicatorValue.area): one range of the (area, period, id) index.
    return queryset.filter(area_id=value)


def _together(queryset, name, value):
    return queryset  # period_kind and year: applied as one condition by ValueFilter.filter_queryset


class ValueFilter(df.FilterSet):
    indicator = IdFilter(field_name="indicator_id", label=_("Показатель (id)"))
    indicator_code = CodeFilter(field_name="indicator__code", label=_("Код показателя"))
    period = IdFilter(field_name="period_id", label=_("Период (id)"))
    period_kind = df.ChoiceFilter(method=_together, choices=Period.Kind.choices, label=_("Вид периода"))
    year = YearFilter(method=_together, label=_("Год периода"))
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    municipality = IdFilter(method=_value_municipality, label=_("Муниципалитет (id): его значения и значения его школ"))
    source = df.ChoiceFilter(choices=IndicatorValue.Source.choices, label=_("Источник"))

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "indicator_code", "period", "period_kind", "year", "school", "municipality", "source"]

    def filter_queryset(self, queryset):
        # The period's kind and year become the ids of the periods that have both, read first
        # (periods are a few rows a year), as ONE condition on the values' own column: with one
        # period it is an equality, and a municipality's page is a range of the (area, period,
        # id) index in id order; two conditions of id lists would make PostgreSQL sort.
        queryset = super().filter_queryset(queryset)
        wanted = {
            key: self.form.cleaned_data[name]
            for key, name in (("kind", "period_kind"), ("year", "year"))
            if self.form.cleaned_data.get(name) not in (None, "")
        }
        if not wanted:
            return queryset
        ids = list(Period.objects.filter(**wanted).order_by().values_list("pk", flat=True))
        return queryset.filter(one_of("period_id", ids))


class TargetFilter(df.FilterSet):
    program = IdFilter(field_name="target_set__program", label=_("Программа (id)"))
    indicator = IdFilter(field_name="indicator_id", label=_("Показатель (id)"))
    indicator_code = CodeFilter(field_name="indicator__code", label=_("Код показателя"))
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    municipality = IdFilter(method=_subject_municipality, label=_("Муниципалитет (id)"))

    class Meta:
        model = Target
        fields = ["program", "indicator", "indicator_code", "school", "municipality"]


class RunFilter(df.FilterSet):
    year = YearFilter(field_name="year", label=_("Учебный год (год окончания)"))
    status = df.ChoiceFilter(choices=Run.Status.choices, label=_("Статус"))
    municipality = IdFilter(field_name="municipality_id", label=_("Муниципалитет расчёта (id)"))
    regional = BooleanFilter(field_name="municipality", lookup_expr="isnull", label=_("Только расчёты по региону"))

    class Meta:
        model = Run
        fields = ["year", "status", "municipality", "regional"]


class ResultFilter(df.FilterSet):
    category = df.ChoiceFilter(choices=SchoolResult.Category.choices, label=_("Категория"))
    municipality = IdFilter(field_name="school__municipality_id", label=_("Муниципалитет (id)"))
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    quality_group = IdFilter(field_name="quality_group", max_value=11, label=_("Группа качества (1–11)"))
    wellbeing_group = IdFilter(field_name="wellbeing_group", max_value=11, label=_("Группа ИСБШ (1–11)"))

    class Meta:
        model = SchoolResult
        fields = ["category", "municipality", "school", "quality_group", "wellbeing_group"]
