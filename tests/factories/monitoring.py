"""Indicators and data collections, made through monitoring/services."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from monitoring.models import Collection, Indicator, Period
from monitoring.services.collections import collection_open
from monitoring.services.indicators import indicator_create
from monitoring.services.periods import period_get_or_create

from .schools import MunicipalityFactory, MunicipalStaffFactory, SchoolFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    """``indicator_create``: an entered count by default; its code is checked like the form's."""

    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"t_indicator_{n}")
    name = factory.Sequence(lambda n: f"Тестовый показатель {n}")
    unit = Indicator.Unit.COUNT
    min_value = 0

    @classmethod
    def _create(cls, model_class, **kwargs):
        return indicator_create(**kwargs)


class CollectionFactory(factory.django.DjangoModelFactory):
    """``collection_open`` by ``created_by``: this year's period, one entered indicator, one school
    of the municipality, due in two weeks; one empty submission per school, as the service opens
    it. Anything else ``collection_open`` takes (a program, its status) is passed through."""

    class Meta:
        model = Collection

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Мониторинг условий № {n}")
    period = factory.LazyFunction(lambda: period_get_or_create(kind=Period.Kind.YEAR, year=timezone.localdate().year))
    indicators = factory.LazyFunction(lambda: [IndicatorFactory()])
    schools = factory.LazyAttribute(lambda o: [SchoolFactory(municipality=o.municipality)])
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    created_by = factory.SubFactory(MunicipalStaffFactory, municipality=factory.SelfAttribute("..municipality"))

    @classmethod
    def _create(cls, model_class, *, created_by, **kwargs):
        return collection_open(user=created_by, **kwargs)
