"""Shared fixtures and builders of the indicator tests (not a conftest: tests/monitoring is shared
with the collections' tests, which keep their own)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from monitoring.models import Indicator, IndicatorValue, Period, Target, TargetSet
from monitoring.services.periods import period_get_or_create


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def catalogue(code: str) -> Indicator:
    """An indicator of the shipped catalogue (loaded by the migrations)."""
    return Indicator.objects.get(code=code)


def academic(year: int) -> Period:
    return period_get_or_create(kind=Period.Kind.ACADEMIC_YEAR, year=year)


def put(indicator: Indicator | str, period: Period, value, *, school=None, municipality=None) -> IndicatorValue:
    """A stored value, straight into the table (the services are tested on their own)."""
    if isinstance(indicator, str):
        indicator = catalogue(indicator)
    return IndicatorValue.objects.create(
        indicator=indicator,
        period=period,
        school=school,
        municipality=municipality,
        value=Decimal(str(value)),
        source=IndicatorValue.Source.MANUAL,
    )


def target_set(number: int, municipality=None) -> TargetSet:
    """The target set «Программа № N» (these tests have no programs: a set stands for one)."""
    title = f"Программа № {number}"
    found = TargetSet.objects.filter(title=title).first()
    return found or TargetSet.objects.create(title=title, municipality=municipality)


def target(
    indicator: Indicator | str, *, set_no: int = 1, school=None, municipality=None, baseline=None, planned=None
) -> Target:
    if isinstance(indicator, str):
        indicator = catalogue(indicator)
    return Target.objects.create(
        target_set=target_set(set_no, municipality or school.municipality),
        indicator=indicator,
        school=school,
        municipality=municipality,
        baseline_value=None if baseline is None else Decimal(str(baseline)),
        baseline_year=None,
        planned=planned or {},
    )
