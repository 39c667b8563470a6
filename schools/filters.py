"""The school list's filters, search and sorting (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import extensions
from .models import Municipality, School


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Поиск"))
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.none(), label=_("Муниципалитет"), empty_label=_("Все муниципалитеты")
    )
    type = django_filters.ChoiceFilter(choices=School.Type.choices, label=_("Тип"), empty_label=_("Все типы"))
    locality = django_filters.ChoiceFilter(
        choices=School.Locality.choices, label=_("Местность"), empty_label=_("Городские и сельские")
    )
    category = django_filters.ChoiceFilter(
        method="by_category", label=_("Категория поддержки"), empty_label=_("Все категории")
    )
    small_class = django_filters.BooleanFilter(label=_("Малокомплектная"))
    remote = django_filters.BooleanFilter(label=_("Удалённая"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("code", "code"),
            ("short_name", "name"),
            ("municipality__name", "municipality"),
            ("type", "type"),
            ("settlement", "settlement"),
        ),
        field_labels={
            "code": _("Код ОО"),
            "short_name": _("Школа"),
            "municipality__name": _("Муниципалитет"),
            "type": _("Тип"),
            "settlement": _("Населённый пункт"),
        },
        label=_("Сортировка"),
    )

    class Meta:
        model = School
        fields = ["q", "municipality", "type", "locality", "category", "small_class", "remote"]

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.filters["municipality"].queryset = municipalities
        # Support categories come from the app that computes them (indices) through the
        # SCHOOL_CATEGORIES extension point: schools sits below it and may not import it. No such
        # app, no filter.
        self._categories = extensions.school_category_provider()
        if self._categories is None:
            del self.filters["category"]
        else:
            self.filters["category"].extra["choices"] = [
                (code, label) for code, label in self._categories.category_choices() if code != "no_data"
            ]

    def by_category(self, queryset, name, value):
        if not value or self._categories is None:
            return queryset
        return self._categories.filter_schools(queryset, value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(short_name__icontains=value)
            | Q(name__icontains=value)
            | Q(code__iexact=value)
            | Q(settlement__icontains=value)
            | Q(director__icontains=value)
        )
