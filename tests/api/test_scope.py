"""A token sees the intersection of its area and its account's rights — never more."""

from __future__ import annotations

import pytest

from schools.access import scope_narrow, scope_of, visible_schools
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
