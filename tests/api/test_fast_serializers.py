"""The written-out ``to_representation`` of the 1,000-row list serializers answers
exactly what DRF's generic field walk would, for every kind of value, NULLs included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework import serializers

from config.api.serializers.indices import ResultOut
from config.api.serializers.monitoring import ValueOut
from indices.models import SchoolResult
from monitoring.models import IndicatorValue, Period
from monitoring.services.periods import period_get_or_create

from .conftest import put_value, regional_run, result

pytestmark = pytest.mark.django_db


def _generic(serializer_class, instance) -> dict:
    return serializers.ModelSerializer.to_representation(serializer_class(), instance)


def test_result_rows_match_the_generic_serializer(world):
    run = regional_run(world.region)
    full = result(
        run,
        world.school_a,
        category=SchoolResult.Category.LOW_ON_BOTH,
        quality_se=0.031,
        significantly_below=True,
        wellbeing_index=0.87,
        residual=-0.06,
        pilot=True,
        stably_low=True,
    )
    empty = SchoolResult.objects.create(
        run=run, school=world.school_a2, missing_reason="нет результатов", significantly_below=None
    )
    for row in SchoolResult.objects.filter(pk__in=[full.pk, empty.pk]).select_related("school"):
        assert ResultOut(row).data == _generic(ResultOut, row)


def test_value_rows_match_the_generic_serializer(world):
    quarter = period_get_or_create(kind=Period.Kind.QUARTER, year=2025, quarter=3)
    put_value("teachers_total", 41, school=world.school_a)
    put_value("share_teachers_trained", Decimal("33.3333"), school=world.school_a, period=quarter)
    put_value("schools_supported", 7, municipality=world.mun_a)
    for row in IndicatorValue.objects.select_related("indicator", "period"):
        assert ValueOut(row).data == _generic(ValueOut, row)
