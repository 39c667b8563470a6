"""Builders of the data-collection tests: four indicators (two counts, their computed share, a
bounded percentage) and a collection over schools A-1 and A-2 (the fixtures: conftest.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from monitoring.models import Collection, Indicator, IndicatorValue, Submission
from monitoring.services.collections import (
    collection_open,
)
from monitoring.services.periods import period_get_or_create


def make_indicators() -> dict[str, Indicator]:
    # Codes of their own: the catalogue loaded by the migrations has the real ones.
    return {
        "teachers_total": Indicator.objects.create(
            code="t_teachers_total", name="Численность педагогов", unit=Indicator.Unit.COUNT, min_value=0
        ),
        "teachers_trained": Indicator.objects.create(
            code="t_teachers_trained", name="Педагоги, прошедшие повышение квалификации", unit=Indicator.Unit.COUNT
        ),
        "share_trained": Indicator.objects.create(
            code="t_share_trained",
            name="Доля педагогов, прошедших повышение квалификации",
            unit=Indicator.Unit.PERCENT,
            kind=Indicator.Kind.COMPUTED,
            formula="t_teachers_trained / t_teachers_total * 100",
        ),
        "satisfied": Indicator.objects.create(
            code="t_satisfied",
            name="Доля родителей, удовлетворённых качеством образования",
            unit=Indicator.Unit.PERCENT,
            min_value=0,
            max_value=100,
        ),
    }


def make_collection(world, indicators) -> Collection:
    """Open for schools A-1 and A-2, due in ten days; school A-1 had 40 % satisfied last year."""
    IndicatorValue.objects.create(
        indicator=indicators["satisfied"],
        period=period_get_or_create(kind="year", year=2024),
        school=world.school_a,
        value=Decimal("40"),
        source=IndicatorValue.Source.IMPORT,
    )
    return collection_open(
        municipality=world.mun_a,
        title="Мониторинг условий 2025",
        period=period_get_or_create(kind="year", year=2025),
        indicators=indicators.values(),
        schools=[world.school_a, world.school_a2],
        deadline=timezone.localdate() + timedelta(days=10),
        user=world.staff_a,
    )


def ids(indicators, **values):
    return {indicators[code].pk: value for code, value in values.items()}


def good_values(indicators):
    return ids(indicators, teachers_total="40", teachers_trained="12", satisfied="45,5")


def submission_of(collection, school) -> Submission:
    return collection.submissions.get(school=school)
