"""A token sees the intersection of its area and its account's rights — never more."""

from __future__ import annotations

import pytest

from schools.access import scope_narrow, scope_of, visible_schools
from tests.factories import MunicipalityFactory
from tests.programs.conftest import make_program

from .conftest import ids, put_value, regional_run, result

pytestmark = pytest.mark.django_db


def test_school_token_reads_only_its_school(world, systems, issue, api):
    client = api(issue(world.api_a, school=world.school_a))
    assert ids(client.get("/api/v1/schools/")) == [world.school_a.pk]
    assert client.get(f"/api/v1/schools/{world.school_a2.pk}/").status_code == 404
    assert client.get(f"/api/v1/schools/{world.school_b.pk}/").status_code == 404
    assert ids(client.get("/api/v1/municipalities/")) == []
    assert ids(client.get("/api/v1/regions/")) == [world.region.pk]


def test_school_token_cannot_read_other_schools_values(world, systems, issue, api):
    own = put_value("teachers_total", 40, school=world.school_a)
    neighbour = put_value("teachers_total", 41, school=world.school_a2)
    other = put_value("teachers_total", 42, school=world.school_b)
    municipal = put_value("schools_supported", 3, municipality=world.mun_a)
    client = api(issue(world.api_a, school=world.school_a))
    assert ids(client.get("/api/v1/indicator-values/")) == [own.pk]
    for value in (neighbour, other, municipal):
        assert client.get(f"/api/v1/indicator-values/{value.pk}/").status_code == 404
    assert ids(client.get(f"/api/v1/indicator-values/?school={world.school_b.pk}")) == []


def test_school_token_of_a_municipal_api_client_is_cut_to_the_school(world, systems, issue, api):
    # The account reads the whole municipality; the token only school A-1.
    put_value("teachers_total", 40, school=world.school_a)
    put_value("teachers_total", 41, school=world.school_a2)
    client = api(issue(systems.api_mun_a, school=world.school_a))
    assert ids(client.get("/api/v1/schools/")) == [world.school_a.pk]
    values = client.get("/api/v1/indicator-values/").json()["results"]
    assert [v["school"] for v in values] == [world.school_a.pk]


def test_municipality_token_sees_only_its_municipality(world, systems, issue, api):
    # Region staff of a region with municipalities A and C; the token is for A.
    put_value("teachers_total", 40, school=world.school_a)
    put_value("teachers_total", 43, school=systems.school_c)
    client = api(issue(systems.region_api, municipality=world.mun_a))
    assert ids(client.get("/api/v1/schools/")) == [world.school_a.pk, world.school_a2.pk]
    assert ids(client.get("/api/v1/municipalities/")) == [world.mun_a.pk]
    assert client.get(f"/api/v1/schools/{systems.school_c.pk}/").status_code == 404
    values = client.get("/api/v1/indicator-values/").json()["results"]
    assert {v["school"] for v in values} == {world.school_a.pk}


def test_regional_run_is_cut_to_the_tokens_schools(world, systems, issue, api, client_for):
    run = regional_run(world.region)
    for school in (world.school_a, world.school_a2, systems.school_c):
        result(run, school)
    municipal = api(issue(systems.region_api, municipality=world.mun_a))
    assert ids(municipal.get("/api/v1/runs/")) == [run.pk]
    rows = municipal.get(f"/api/v1/runs/{run.pk}/results/").json()["results"]
    assert sorted(r["school"]["id"] for r in rows) == sorted([world.school_a.pk, world.school_a2.pk])
    # The same account in the browser (its full regional scope) sees the whole run.
    browser = client_for(systems.region_api).get(f"/api/v1/runs/{run.pk}/results/").json()["results"]
    assert len(browser) == 3
    # A school's REST client pulls the run too, but only its own school's row.
    school_token = api(issue(world.api_a, school=world.school_a))
    assert ids(school_token.get("/api/v1/runs/")) == [run.pk]
    rows = school_token.get(f"/api/v1/runs/{run.pk}/results/").json()["results"]
    assert [r["school"]["id"] for r in rows] == [world.school_a.pk]


def test_other_region_run_is_invisible(world, systems, issue, api):
    run = regional_run(world.mun_b.region)
    result(run, world.school_b)
    client = api(issue(systems.region_api, municipality=world.mun_a))
    assert client.get(f"/api/v1/runs/{run.pk}/results/").status_code == 404


def test_reports_of_other_schools_are_counted_but_not_shown(world, systems, issue, api):
    from programs.models import ProgramSchool
    from programs.services.progress import ProgressTarget, progress_file

    program = make_program(world)
    ProgramSchool.objects.create(program=program, school=world.school_a2)
    measure = program.measures.get(number="1.1")
    measure.schools.add(world.school_a2)
    occurrence = measure.occurrences.order_by("due_date").first()
    progress_file(
        target=ProgressTarget(occurrence, world.school_a), user=world.team_a, status="in_progress", narrative=""
    )
    progress_file(
        target=ProgressTarget(occurrence, world.school_a2), user=world.staff_a, status="done", narrative="Секрет А-2"
    )

    def occurrence_of(client):
        response = client.get(f"/api/v1/measures/{measure.pk}/")
        assert response.status_code == 200, response.content
        return next(o for o in response.json()["occurrences"] if o["id"] == occurrence.pk)

    team = occurrence_of(api(issue(systems.writer_school_a, school=world.school_a)))
    assert team["progress"]["submitted"] == 2 and team["progress"]["targets"] == 2
    assert [r["school"] for r in team["reports"]] == [world.school_a.pk]
    reader = occurrence_of(api(issue(world.api_a, school=world.school_a)))
    assert reader["reports"] == []  # an API-only account files nothing, so opens no report
    committee = occurrence_of(api(issue(systems.writer_mun_a, municipality=world.mun_a)))
    assert sorted(r["school"] for r in committee["reports"]) == sorted([world.school_a.pk, world.school_a2.pk])


def test_programs_follow_the_access_layer(world, systems, issue, api):
    approved = make_program(world)
    draft = make_program(world, status="draft")
    committee = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    assert ids(committee.get("/api/v1/programs/")) == sorted([approved.pk, draft.pk])
    school = api(issue(world.api_a, school=world.school_a))
    assert ids(school.get("/api/v1/programs/")) == [approved.pk]
    assert school.get(f"/api/v1/programs/{draft.pk}/").status_code == 404
    assert school.get(f"/api/v1/measures/?program={draft.pk}").json()["results"] == []
    assert len(school.get(f"/api/v1/measures/?program={approved.pk}").json()["results"]) == 2


# --- scope_narrow itself -------------------------------------------------------------------------


def test_narrowing_never_adds_rights(world, systems):
    for user in (world.api_a, systems.api_mun_a, systems.writer_school_a, systems.writer_mun_a, systems.region_api):
        full = scope_of(user)
        for area in (
            {"municipality": world.mun_a},
            {"municipality": world.mun_b},
            {"school": world.school_a},
            {"school": world.school_b},
        ):
            narrowed = scope_narrow(full, **area)
            assert not narrowed.region_ids and not narrowed.superuser
            assert narrowed.team_school_ids <= full.team_school_ids
            assert narrowed.assigned_school_ids <= full.assigned_school_ids
            holder = type("U", (), {"is_authenticated": True, "is_active": True, "_portal_scope": narrowed})()
            assert set(visible_schools(holder).values_list("pk", flat=True)) <= set(
                visible_schools(user).values_list("pk", flat=True)
            )


def test_region_staff_narrowed_to_a_municipality_governs_only_it(world, systems):
    narrowed = scope_narrow(scope_of(systems.region_api), municipality=world.mun_a)
    assert narrowed.municipality_ids == {world.mun_a.pk}
    narrowed_c = scope_narrow(scope_of(systems.region_api), municipality=systems.mun_c)
    assert narrowed_c.municipality_ids == {systems.mun_c.pk}
    outside = scope_narrow(scope_of(systems.region_api), municipality=world.mun_b)
    assert outside.municipality_ids == frozenset() and not outside.api_municipality_ids


def test_committee_staff_on_a_school_token_only_read_it(world, systems):
    narrowed = scope_narrow(scope_of(systems.writer_mun_a), school=world.school_a)
    assert narrowed.api_school_ids == {world.school_a.pk}
    assert not (narrowed.municipality_ids or narrowed.team_school_ids)


# --- Where the user's places lie, known to the scope ---------------------------------------------


def _places_by_query(scope) -> tuple[dict, dict]:
    """The reference: the scope's municipalities and schools looked up in the tables."""
    from schools.models import Municipality, School

    municipalities = scope.municipality_ids | scope.api_municipality_ids
    schools = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    return (
        dict(Municipality.objects.filter(pk__in=municipalities).values_list("pk", "region_id")),
        {
            pk: (r, m)
            for pk, r, m in School.objects.filter(pk__in=schools).values_list("pk", "region_id", "municipality_id")
        },
    )


def test_the_scope_knows_where_its_places_lie(world, systems, django_assert_num_queries):
    personas = [*world.personas(), systems.api_mun_a, systems.writer_school_a, systems.writer_mun_a, systems.region_api]
    for user in personas:
        scope = scope_of(user)
        municipalities, schools = _places_by_query(scope)
        assert {m: scope.municipality_regions[m] for m in municipalities} == municipalities, user.username
        assert {s: scope.school_places[s] for s in schools} == schools, user.username
        for area in ({"municipality": world.mun_a}, {"school": world.school_a}):
            with django_assert_num_queries(0):  # narrowing reads the places from the scope
                narrowed = scope_narrow(scope, **area)
            municipalities, schools = _places_by_query(narrowed)
            assert {m: narrowed.municipality_regions[m] for m in municipalities} == municipalities
            assert {s: narrowed.school_places[s] for s in schools} == schools


def test_a_run_is_seen_by_the_same_rule_in_a_list_and_alone(world, systems, issue):
    """indices.view_run (the API's run results, the run pages) and visible_runs (the lists) agree
    for every persona, every token area and every kind of run."""
    from config.api.authentication import token_authenticate
    from indices.access import visible_runs
    from tests.factories import RunFactory

    mun_b2 = MunicipalityFactory(region=world.mun_b.region, code="b2", name="Город Б-2")
    runs = [
        RunFactory(region=world.region),
        RunFactory(region=world.mun_b.region),
        RunFactory(region=world.region, municipality=world.mun_a),
        RunFactory(region=world.region, municipality=systems.mun_c),
        RunFactory(region=world.mun_b.region, municipality=world.mun_b),
        RunFactory(region=world.mun_b.region, municipality=mun_b2),
    ]
    users = world.personas()
    for owner, area in (
        (systems.api_mun_a, {"municipality": world.mun_a}),
        (systems.writer_school_a, {"school": world.school_a}),
        (systems.writer_mun_a, {"municipality": world.mun_a}),
        (systems.region_api, {"municipality": systems.mun_c}),
        (world.api_a, {"school": world.school_a}),
    ):
        users.append(token_authenticate(issue(owner, **area))[0])
    for user in users:
        listed = set(visible_runs(user).values_list("pk", flat=True))
        alone = {run.pk for run in runs if user.has_perm("indices.view_run", run)}
        assert listed == alone, user.username
    assert {run.pk for run in runs if world.staff_a.has_perm("indices.view_run", run)} == {runs[0].pk, runs[2].pk}
