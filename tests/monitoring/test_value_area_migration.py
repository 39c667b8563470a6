"""monitoring 0011–0012: the values already stored get their area (a school's value its school's
municipality, a municipality's its own), their history too, and a value written between the two
migrations by a node still on the old code (a rolling deploy) is filled by 0012. Runs on SQLite
and on PostgreSQL (`make test`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("monitoring", "0010_computed_kind_label")]
MIDDLE = [("monitoring", "0011_value_area")]
AFTER = [("monitoring", "0012_value_area_required")]


def _value(apps, indicator, period, **subject):
    IndicatorValue = apps.get_model("monitoring", "IndicatorValue")
    return IndicatorValue.objects.create(
        indicator_id=indicator.pk,
        period_id=period.pk,
        value=Decimal("12.5"),
        source="manual",
        updated_at=timezone.now(),
        version=1,
        **subject,
    )


def test_stored_values_and_a_late_one_get_their_area(world, migrator):
    apps = migrator(BEFORE)
    Indicator = apps.get_model("monitoring", "Indicator")
    Period = apps.get_model("monitoring", "Period")
    HistoricalIndicatorValue = apps.get_model("monitoring", "HistoricalIndicatorValue")
    indicator = Indicator.objects.create(code="m_area", name="Показатель для миграции", unit="count")
    period = Period.objects.create(kind="year", year=2025, quarter=0, start=date(2025, 1, 1), end=date(2025, 12, 31))
    school_value = _value(apps, indicator, period, school_id=world.school_b.pk)
    municipal_value = _value(apps, indicator, period, municipality_id=world.mun_a.pk)
    HistoricalIndicatorValue.objects.create(
        id=school_value.pk,
        indicator_id=indicator.pk,
        period_id=period.pk,
        school_id=world.school_b.pk,
        value=Decimal("10"),
        source="manual",
        updated_at=timezone.now(),
        version=1,
        history_date=timezone.now(),
        history_type="+",
    )

    apps = migrator(MIDDLE)
    late = _value(apps, indicator, period, school_id=world.school_a.pk)  # the old code sets no area
    assert apps.get_model("monitoring", "IndicatorValue").objects.get(pk=late.pk).area_id is None

    apps = migrator(AFTER)
    IndicatorValue = apps.get_model("monitoring", "IndicatorValue")
    areas = dict(IndicatorValue.objects.values_list("pk", "area_id"))
    assert areas[school_value.pk] == world.mun_b.pk
    assert areas[municipal_value.pk] == world.mun_a.pk
    assert areas[late.pk] == world.mun_a.pk
    history = apps.get_model("monitoring", "HistoricalIndicatorValue").objects.get(id=school_value.pk)
    assert history.area_id == world.mun_b.pk
