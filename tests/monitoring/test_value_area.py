"""IndicatorValue.area — the municipality a value belongs to (its school's, or its own): set by
every writer, following a school that moves, and the visibility of values read through it the
same as the rule written out over schools and municipalities (an independent reference)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from monitoring.access import visible_values
from monitoring.models import IndicatorValue
from monitoring.services.values import value_set, values_compute
from schools.imports.services import import_apply
from schools.models import School
from schools.services import school_update
from tests.factories import MunicipalityFactory, SchoolFactory
from tests.schools.imports.workbooks import SCHOOL_HEADER, school_row, xlsx

from .indicator_helpers import academic, catalogue, put

pytestmark = pytest.mark.django_db


def _areas() -> dict[int, int]:
    return dict(IndicatorValue.objects.values_list("pk", "area_id"))


def _expected_area(value: IndicatorValue) -> int:
    # Read from the tables, not from the value's own fields.
    if value.school_id is None:
        return value.municipality_id
    return School.objects.values_list("municipality_id", flat=True).get(pk=value.school_id)


def _assert_areas_right() -> None:
    values = list(IndicatorValue.objects.all())
    assert values, "nothing to check"
    assert {v.pk: v.area_id for v in values} == {v.pk: _expected_area(v) for v in values}


def test_every_writer_sets_the_area(world):
    period = academic(2024)
    put("teachers_total", period, 40, school=world.school_a)  # save()
    put("schools_supported", period, 4, municipality=world.mun_a)
    put("schools_improved", period, 3, municipality=world.mun_a)
    value_set(  # the service used by forms and the API
        indicator=catalogue("teachers_trained"), period=period, school=world.school_a, value="10", user=world.staff_a
    )
    # values_compute: bulk_create of the computed shares (skips save())
    outcome = values_compute(period=period, school_ids=[world.school_a.pk], municipality_ids=[world.mun_a.pk])
    assert outcome.created == 2
    # the XLSX import of values
    data = xlsx(
        ["Код ОО", "Наименование ОО", "Муниципалитет", "Показатель", "Период", "Значение"],
        [["A-2", "", None, "teachers_total", "2023/2024", 30], ["B-1", "", None, "teachers_total", "2023/2024", 20]],
    )
    from schools.models import User

    admin = User.objects.create_superuser("root", "root@example.test", "x" * 12)
    assert import_apply(kind="values", file=io.BytesIO(data), user=admin).applied
    assert IndicatorValue.objects.count() == 8
    _assert_areas_right()
    assert IndicatorValue.objects.get(school=world.school_b).area == world.mun_b


def test_fill_areas_uses_a_school_at_hand_without_a_query(world, django_assert_num_queries):
    period = academic(2024)
    value = IndicatorValue(indicator=catalogue("teachers_total"), period=period, school=world.school_b, value=1)
    with django_assert_num_queries(0):
        IndicatorValue.fill_areas([value])
    assert value.area_id == world.mun_b.pk
    by_id = IndicatorValue(indicator=catalogue("teachers_total"), period=period, school_id=world.school_a.pk, value=1)
    municipal = IndicatorValue(
        indicator=catalogue("schools_supported"), period=period, municipality_id=world.mun_b.pk, value=1
    )
    with django_assert_num_queries(1):  # one query for every school given by id
        IndicatorValue.fill_areas([by_id, municipal])
    assert (by_id.area_id, municipal.area_id) == (world.mun_a.pk, world.mun_b.pk)


def test_a_school_moved_by_the_registry_form_takes_its_values(world):
    period = academic(2024)
    moved = put("teachers_total", period, 40, school=world.school_a)
    stays = put("teachers_total", period, 30, school=world.school_a2)
    elsewhere = MunicipalityFactory(region=world.region, code="c", name="Город В")
    school_update(school=world.school_a, data={"municipality": elsewhere})
    moved.refresh_from_db()
    stays.refresh_from_db()
    assert (moved.area, stays.area) == (elsewhere, world.mun_a)
    assert moved.version == 1  # the value itself did not change
    _assert_areas_right()
    # Visible to the new municipality's staff through the area, no longer to the old one's.
    assert moved in visible_values(_staff_of(elsewhere))
    assert moved not in visible_values(world.staff_a)


def test_a_school_moved_by_the_schools_import_takes_its_values(world):
    period = academic(2024)
    put("teachers_total", period, 40, school=world.school_a)
    put("teachers_total", period, 30, school=world.school_a2)
    MunicipalityFactory(region=world.region, code="c", name="Город В")
    data = xlsx(SCHOOL_HEADER, [school_row("A-1", municipality="Город В"), school_row("A-2")])
    outcome = import_apply(kind="schools", file=io.BytesIO(data), user=world.region_staff)
    assert outcome.applied, outcome.problems
    assert School.objects.get(pk=world.school_a.pk).municipality.name == "Город В"
    _assert_areas_right()


def test_a_refused_schools_import_moves_no_value(world):
    period = academic(2024)
    put("teachers_total", period, 40, school=world.school_a)
    MunicipalityFactory(region=world.region, code="c", name="Город В")
    before = _areas()
    bad = school_row("A-2", type="лицей-интернат-колледж")  # an unknown type: the whole file is refused
    data = xlsx(SCHOOL_HEADER, [school_row("A-1", municipality="Город В"), bad])
    assert not import_apply(kind="schools", file=io.BytesIO(data), user=world.region_staff).applied
    assert _areas() == before
    assert School.objects.get(pk=world.school_a.pk).municipality == world.mun_a


def test_a_school_moved_in_the_admin_takes_its_values(world, admin_client):
    period = academic(2024)
    value = put("teachers_total", period, 40, school=world.school_a)
    elsewhere = MunicipalityFactory(region=world.region, code="c", name="Город В")
    school = world.school_a
    form = {
        "code": school.code,
        "name": school.name,
        "short_name": school.short_name,
        "type": school.type,
        "region": school.region_id,
        "municipality": elsewhere.pk,
        "settlement": school.settlement,
        "locality": school.locality,
        "address": school.address,
        "director": school.director,
    }
    response = admin_client.post(f"/admin/schools/school/{school.pk}/change/", form)
    assert response.status_code == 302, response.content[:2000]
    value.refresh_from_db()
    assert value.area == elsewhere


# --- visibility through the area is the rule over schools and municipalities ---------------------


def _staff_of(municipality):
    from tests.factories import MunicipalStaffFactory

    return MunicipalStaffFactory(username=f"staff_{municipality.code}", municipality=municipality)


def _reference(user) -> set[int]:
    """Which values the user may read, written out over the relations (no area): a region's
    staff read their region's schools and municipalities, a municipality's staff (or a token of
    it) theirs, a school's team, methodologist or token that school."""
    from schools.access import scope_of

    scope = scope_of(user)
    if scope.superuser:
        return set(IndicatorValue.objects.values_list("pk", flat=True))
    municipalities = scope.municipality_ids | scope.api_municipality_ids
    schools = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    out = set()
    for value in IndicatorValue.objects.select_related("school", "municipality"):
        if value.school is not None:
            seen = (
                value.school.region_id in scope.region_ids
                or value.school.municipality_id in municipalities
                or value.school_id in schools
            )
        else:
            seen = value.municipality.region_id in scope.region_ids or value.municipality_id in municipalities
        if seen:
            out.add(value.pk)
    return out


def test_visible_values_equal_the_rule_for_every_persona(world, django_user_model):
    period = academic(2024)
    other = MunicipalityFactory(region=world.region, code="c", name="Город В")
    school_c = SchoolFactory(municipality=other, short_name="Школа В-1", code="C-1")
    for school in (world.school_a, world.school_a2, world.school_b, school_c):
        put("teachers_total", period, 10, school=school)
    for municipality in (world.mun_a, world.mun_b, other):
        put("schools_supported", period, 2, municipality=municipality)
    admin = django_user_model.objects.create_superuser("root", "root@example.test", "x" * 12)
    personas = [*world.personas(), admin, _staff_of(other)]
    for user in personas:
        got = set(visible_values(user).values_list("pk", flat=True))
        assert got == _reference(user), user.username
    assert not visible_values(AnonymousUser()).exists()
    # The region's staff see every value of their region (three municipalities), none of the other.
    assert len(_reference(world.region_staff)) == 5


def _plan(query) -> str:
    """PostgreSQL's plan for a query, with fresh statistics and the server's random_page_cost
    (docs/deployment.md). A table this small is cheapest read whole; the question is which index
    serves the page, so sequential and bitmap scans are off."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE monitoring_indicatorvalue")
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.services
def test_a_municipality_page_is_one_ordered_range_of_the_area_index(world):
    """PostgreSQL's plan for a municipal staff member's page of a period: an index scan of
    (area, period, id) that needs no sort, so it stops after the page's rows — not the area's
    values of every period read in id order and filtered (value_area_id)."""
    period = academic(2024)
    indicator = catalogue("teachers_total")
    # Город А: 30 schools over three years; Город Б: 60 schools, this year only.
    values = [
        IndicatorValue(indicator=indicator, period=year, school=school, value=1)
        for school in [SchoolFactory(municipality=world.mun_a) for _ in range(30)]
        for year in (academic(2022), academic(2023), period)
    ] + [
        IndicatorValue(indicator=indicator, period=period, school=SchoolFactory(municipality=world.mun_b), value=1)
        for _ in range(60)
    ]
    IndicatorValue.objects.bulk_create(IndicatorValue.fill_areas(values))
    query = (
        visible_values(world.staff_a)
        .filter(area_id=world.mun_a.pk, period_id=period.pk)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    plan = _plan(query)
    assert "value_area_period" in plan, plan
    assert "Sort" not in plan, plan
    assert len(query) == 30


def test_a_school_reverted_in_the_admin_history_takes_its_values_back(world, admin_client):
    """The history's revert page builds its form from the old version, so a move back to the
    old municipality does not look like a change of the form: the stored value decides."""
    period = academic(2024)
    value = put("teachers_total", period, 40, school=world.school_a)
    school = world.school_a
    old_version = school.history.latest()  # in Город А
    elsewhere = MunicipalityFactory(region=world.region, code="c", name="Город В")
    school_update(school=school, data={"municipality": elsewhere})
    value.refresh_from_db()
    assert value.area == elsewhere
    form = {
        "code": school.code,
        "name": school.name,
        "short_name": school.short_name,
        "type": school.type,
        "region": school.region_id,
        "municipality": world.mun_a.pk,
        "settlement": school.settlement,
        "locality": school.locality,
        "address": school.address,
        "director": school.director,
    }
    url = f"/admin/schools/school/{school.pk}/history/{old_version.history_id}/"
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    school.refresh_from_db()
    value.refresh_from_db()
    assert (school.municipality, value.area) == (world.mun_a, world.mun_a)


@pytest.mark.services
def test_a_municipality_keyset_page_of_every_period_is_one_range(world):
    """The nightly pull of a municipality's values (?municipality=…&cursor=…, no period): the plan
    reads (area, id) from the cursor on, needing no sort and filtering out no other municipality's
    rows, so a page deep in the list costs what the first one does."""
    indicator = catalogue("teachers_total")
    values = [
        IndicatorValue(
            indicator=indicator, period=academic(year), school=SchoolFactory(municipality=municipality), value=1
        )
        for year in (2023, 2024)
        for municipality, count in ((world.mun_a, 3), (world.mun_b, 60))
        for _ in range(count)
    ]
    IndicatorValue.objects.bulk_create(IndicatorValue.fill_areas(values))
    first = IndicatorValue.objects.filter(area_id=world.mun_a.pk).order_by("pk").first()
    query = (
        visible_values(world.staff_a)
        .filter(area_id=world.mun_a.pk, pk__gt=first.pk)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    plan = _plan(query)
    assert "value_area_id" in plan, plan
    assert "Sort" not in plan and "Filter" not in plan, plan
    assert len(query) == 5
