"""Values and periods, the services: periods and their bounds, one value by hand (checks,
optimistic version), computed indicators in bulk, and index values through the provider hook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indices.models import Methodology, Run, SchoolResult
from monitoring.models import Indicator, IndicatorValue, Period
from monitoring.providers import provided_values
from monitoring.services.indicators import indicator_create
from monitoring.services.periods import PeriodError, period_bounds, period_get_or_create, period_parse
from monitoring.services.values import value_set, values_compute
from tests.factories import SchoolFactory, UserFactory

from .indicator_helpers import academic, catalogue, put

pytestmark = pytest.mark.django_db
D = Decimal


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "year", "quarter", "start", "end"),
    [
        ("academic_year", 2024, None, dt.date(2023, 9, 1), dt.date(2024, 8, 31)),
        ("year", 2024, None, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("quarter", 2024, 1, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("quarter", 2024, 2, dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        ("quarter", 2024, 4, dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    ],
)
def test_period_bounds(kind, year, quarter, start, end):
    assert period_bounds(kind=kind, year=year, quarter=quarter) == (start, end)
    period = period_get_or_create(kind=kind, year=year, quarter=quarter)
    assert (period.start, period.end) == (start, end)
    assert period_get_or_create(kind=kind, year=year, quarter=quarter).pk == period.pk


@pytest.mark.parametrize(
    ("kind", "year", "quarter"),
    [
        ("quarter", 2024, None),
        ("quarter", 2024, 5),
        ("year", 2024, 1),
        ("academic_year", 1990, None),
        ("month", 2024, None),
    ],
)
def test_invalid_periods(kind, year, quarter):
    with pytest.raises(PeriodError):
        period_get_or_create(kind=kind, year=year, quarter=quarter)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", ("year", 2024, 0)),
        (2024, ("year", 2024, 0)),
        (2024.0, ("year", 2024, 0)),
        ("2024 г.", ("year", 2024, 0)),
        ("2023/2024", ("academic_year", 2024, 0)),
        ("2023-2024", ("academic_year", 2024, 0)),
        ("2023–24", ("academic_year", 2024, 0)),
        ("2023/2024 уч. г.", ("academic_year", 2024, 0)),
        ("2023/2024 учебный год", ("academic_year", 2024, 0)),
        ("1 квартал 2024", ("quarter", 2024, 1)),
        ("1 квартал 2024 г.", ("quarter", 2024, 1)),
        ("III квартал 2024", ("quarter", 2024, 3)),
        ("2 кв. 2024", ("quarter", 2024, 2)),
        ("4-й квартал 2023", ("quarter", 2023, 4)),
        ("2024, 3 квартал", ("quarter", 2024, 3)),
        ("Q2 2024", ("quarter", 2024, 2)),
    ],
)
def test_period_parse(text, expected):
    assert period_parse(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (None, "не заполнено"),
        ("весна", "период должен быть вида"),
        ("2023/2025", "второй год"),
        ("5 квартал 2024", "период должен быть вида"),
        ("1899", "вне допустимого диапазона"),
        (2024.5, "период должен быть вида"),
    ],
)
def test_period_parse_errors(text, fragment):
    with pytest.raises(PeriodError) as caught:
        period_parse(text)
    assert fragment in str(caught.value)


# --- one value -----------------------------------------------------------------------------------


def _error(exc: ValidationError) -> str:
    return " ".join(exc.message_dict["value"])


def test_value_set_creates_then_updates_with_versions(world):
    user = UserFactory()
    period = academic(2024)
    teachers = catalogue("teachers_total")
    value = value_set(
        indicator=teachers, period=period, school=world.school_a, value="48", user=user, expected_version=0
    )
    assert (value.value, value.version, value.source, value.entered_by) == (D(48), 1, "manual", user)
    value = value_set(indicator=teachers, period=period, school=world.school_a, value=50, expected_version=1)
    assert (value.value, value.version) == (D(50), 2)
    assert value.history.count() == 2
    assert value.history.last().history_user == user


def test_stale_version_is_refused(world):
    period = academic(2024)
    teachers = catalogue("teachers_total")
    value_set(indicator=teachers, period=period, school=world.school_a, value=48)
    with pytest.raises(ValidationError) as caught:
        value_set(indicator=teachers, period=period, school=world.school_a, value=49, expected_version=0)
    assert "изменил другой пользователь" in _error(caught.value) and "48" in _error(caught.value)
    assert IndicatorValue.objects.get().value == 48


@pytest.mark.parametrize(
    ("code", "value", "fragment"),
    [
        ("teachers_total", -1, "не меньше 0"),
        ("teachers_total", "12,5", "целым числом"),
        ("teachers_total", "много", "не число"),
        ("teachers_total", "", "не заполнено"),
        ("service_quality_score", 101, "от 0 до 100"),
        ("teacher_positions", "-0,5", "не меньше 0"),
    ],
)
def test_value_checks(world, code, value, fragment):
    with pytest.raises(ValidationError) as caught:
        value_set(indicator=catalogue(code), period=academic(2024), school=world.school_a, value=value)
    assert fragment in _error(caught.value)


def test_fractional_units_are_allowed_where_they_make_sense(world):
    value = value_set(
        indicator=catalogue("teacher_positions"), period=academic(2024), school=world.school_a, value="12,5"
    )
    assert value.value == D("12.5")


def test_computed_and_index_values_are_not_entered(world):
    for code, fragment in (("share_teachers_trained", "вычисляется по формуле"), ("quality_group", "расчётов портала")):
        with pytest.raises(ValidationError) as caught:
            value_set(indicator=catalogue(code), period=academic(2024), school=world.school_a, value=5)
        assert fragment in _error(caught.value)


def test_level_decides_the_subject(world):
    with pytest.raises(ValidationError) as caught:
        value_set(indicator=catalogue("schools_supported"), period=academic(2024), school=world.school_a, value=3)
    assert "по муниципалитету" in _error(caught.value)
    with pytest.raises(ValidationError) as caught:
        value_set(indicator=catalogue("teachers_total"), period=academic(2024), municipality=world.mun_a, value=3)
    assert "по школам" in _error(caught.value)
    assert (
        value_set(
            indicator=catalogue("schools_supported"), period=academic(2024), municipality=world.mun_a, value=3
        ).municipality
        == world.mun_a
    )


def test_numerator_never_exceeds_its_denominator(world):
    period = academic(2024)
    value_set(indicator=catalogue("teachers_total"), period=period, school=world.school_a, value=20)
    with pytest.raises(ValidationError) as caught:
        value_set(indicator=catalogue("teachers_trained"), period=period, school=world.school_a, value=30)
    message = _error(caught.value)
    assert "(30) больше, чем «Численность педагогических работников» (20)" in message and "100 %" in message
    assert "teachers_" not in message  # the indicators by their names, not their codes
    value_set(indicator=catalogue("teachers_trained"), period=period, school=world.school_a, value=20)
    with pytest.raises(ValidationError):
        value_set(indicator=catalogue("teachers_total"), period=period, school=world.school_a, value=19)
    # Another period or school is another pair.
    value_set(indicator=catalogue("teachers_trained"), period=academic(2023), school=world.school_a, value=30)


# --- computed values -----------------------------------------------------------------------------


def test_values_compute_shares_in_bulk(world):
    period = academic(2024)
    put("teachers_total", period, 40, school=world.school_a)
    put("teachers_trained", period, 10, school=world.school_a)
    put("teachers_total", period, 30, school=world.school_a2)  # no trained count: nothing to compute
    put("schools_supported", period, 4, municipality=world.mun_a)
    put("schools_improved", period, 3, municipality=world.mun_a)
    outcome = values_compute(
        period=period, school_ids=[world.school_a.pk, world.school_a2.pk], municipality_ids=[world.mun_a.pk]
    )
    assert (outcome.created, outcome.updated, outcome.removed) == (2, 0, 0)
    share = IndicatorValue.objects.get(indicator__code="share_teachers_trained")
    assert (share.school, share.value, share.source) == (world.school_a, D(25), "computed")
    improved = IndicatorValue.objects.get(indicator__code="share_schools_improved")
    assert (improved.municipality, improved.value) == (world.mun_a, D(75))
    # Unchanged inputs: nothing written.
    again = values_compute(period=period, school_ids=[world.school_a.pk], municipality_ids=[world.mun_a.pk])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_values_compute_updates_and_removes_stale_results(world):
    period = academic(2024)
    total = put("teachers_total", period, 40, school=world.school_a)
    trained = put("teachers_trained", period, 10, school=world.school_a)
    values_compute(period=period, school_ids=[world.school_a.pk])
    trained.value = D(20)
    trained.save()
    outcome = values_compute(period=period, school_ids=[world.school_a.pk])
    share = IndicatorValue.objects.get(indicator__code="share_teachers_trained")
    assert (outcome.updated, share.value, share.version) == (1, D(50), 2)
    total.value = D(0)  # a zero denominator: no share at all rather than a wrong one
    total.save()
    assert values_compute(period=period, school_ids=[world.school_a.pk]).removed == 1
    assert not IndicatorValue.objects.filter(indicator__code="share_teachers_trained").exists()


def test_values_compute_rejects_results_out_of_range(world):
    period = academic(2024)
    put("teachers_total", period, 10, school=world.school_a)
    put("teachers_trained", period, 12, school=world.school_a)  # stored around the checks
    outcome = values_compute(period=period, school_ids=[world.school_a.pk])
    assert outcome.created == 0 and "share_teachers_trained" in outcome.rejected[0]


def test_values_compute_follows_chains_of_formulas(world):
    indicator_create(
        code="x_untrained_share",
        name="Доля не прошедших",
        unit=Indicator.Unit.PERCENT,
        kind=Indicator.Kind.COMPUTED,
        formula="100 - share_teachers_trained",
    )
    period = academic(2024)
    put("teachers_total", period, 40, school=world.school_a)
    put("teachers_trained", period, 10, school=world.school_a)
    values_compute(period=period, school_ids=[world.school_a.pk])
    assert IndicatorValue.objects.get(indicator__code="x_untrained_share").value == D(75)


def test_values_compute_query_count_does_not_grow_with_schools(world):
    period = academic(2024)
    schools = [SchoolFactory(municipality=world.mun_a) for _ in range(30)]
    for school in schools:
        put("teachers_total", period, 40, school=school)
        put("teachers_trained", period, 10, school=school)

    def count(ids):
        IndicatorValue.objects.filter(indicator__code="share_teachers_trained").delete()
        with CaptureQueriesContext(connection) as captured:
            assert values_compute(period=period, school_ids=ids).created == len(ids)
        return len(captured)

    assert count([s.pk for s in schools[:5]]) == count([s.pk for s in schools])


# --- index values through the hook ---------------------------------------------------------------


def _run(region, *, year, finished, municipality=None, status=Run.Status.DONE) -> Run:
    return Run.objects.create(
        methodology=Methodology.objects.get(slug="default", is_current=True),
        methodology_frozen={},
        year=year,
        region=region,
        municipality=municipality,
        status=status,
        finished_at=finished,
    )


def test_index_values_come_from_the_latest_finished_regional_run(world):
    now = timezone.now()
    old = _run(world.region, year=2025, finished=now - dt.timedelta(days=10))
    latest = _run(world.region, year=2025, finished=now)
    municipal = _run(world.region, year=2025, finished=now + dt.timedelta(days=1), municipality=world.mun_a)
    failed = _run(world.region, year=2025, finished=None, status=Run.Status.FAILED)
    other_year = _run(world.region, year=2024, finished=now)
    for run, group in ((old, 1), (latest, 7), (municipal, 9), (failed, 10), (other_year, 11)):
        SchoolResult.objects.create(
            run=run, school=world.school_a, quality_index=0.9512345, quality_group=group, wellbeing_group=3
        )
    SchoolResult.objects.create(run=latest, school=world.school_a2, quality_group=None)
    ids = [world.school_a.pk, world.school_a2.pk, world.school_b.pk]
    assert provided_values(indicator_code="quality_group", school_ids=ids, year=2025) == {world.school_a.pk: D(7)}
    assert provided_values(indicator_code="quality_index", school_ids=ids, year=2025) == {
        world.school_a.pk: D("0.9512")
    }
    assert provided_values(indicator_code="wellbeing_group", school_ids=ids, year=2024) == {world.school_a.pk: D(3)}
    assert provided_values(indicator_code="teachers_total", school_ids=ids, year=2025) == {}
    assert provided_values(indicator_code="quality_group", school_ids=ids, year=2023) == {}


def test_each_region_uses_its_own_latest_run(world):
    now = timezone.now()
    run_a = _run(world.region, year=2025, finished=now)
    run_b = _run(world.school_b.region, year=2025, finished=now - dt.timedelta(days=30))
    SchoolResult.objects.create(run=run_a, school=world.school_a, quality_group=4)
    SchoolResult.objects.create(run=run_b, school=world.school_b, quality_group=8)
    found = provided_values(
        indicator_code="quality_group", school_ids=[world.school_a.pk, world.school_b.pk], year=2025
    )
    assert found == {world.school_a.pk: D(4), world.school_b.pk: D(8)}


def test_period_model_str_for_the_record():
    assert str(period_get_or_create(kind=Period.Kind.ACADEMIC_YEAR, year=2024)) == "2023/2024 учебный год"
