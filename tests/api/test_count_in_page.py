"""A run's results, numbered pages counted in the page's own query (config/api/pagination.py,
_CountInPagePaginator): the same rows, counts and refusals as a separate COUNT gives, in the
order of municipality, school name and school."""

from __future__ import annotations

import gc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.api.views.indices import RunResultViewSet
from tests.factories import MunicipalityFactory, SchoolFactory

from .conftest import regional_run, result

pytestmark = pytest.mark.django_db


def _run_with_schools(world):
    run = regional_run(world.region)
    # Two schools share a name: the school's id orders them, so pages never overlap.
    names = ["Школа 7", "Школа 2", "Школа 5", "Школа 2", "Школа 9", "Школа 1", "Школа 4"]
    schools = [SchoolFactory(municipality=world.mun_a, short_name=n, code=f"P-{i}") for i, n in enumerate(names)]
    for i, school in enumerate(schools):
        result(run, school, quality_index=0.1 * i)
    other = MunicipalityFactory(region=world.region, code="aa", name="Алексеевский район")
    result(run, SchoolFactory(municipality=other, short_name="Школа 3", code="Q-1"))
    result(run, world.school_b)  # another region's school: in no page here
    return run, schools, other


def _expected(run, municipality_ids):
    """The reference order written out: municipality name, school name, school id."""
    from indices.models import SchoolResult

    rows = SchoolResult.objects.filter(run=run, school__municipality_id__in=municipality_ids).select_related(
        "school__municipality"
    )
    ordered = sorted(rows, key=lambda r: (r.school.municipality.name, r.school.short_name, r.school_id))
    return [r.school_id for r in ordered]


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured]


def test_a_municipality_reads_its_results_page_by_page_without_a_count_query(world, systems, issue, api):
    run, schools, _other = _run_with_schools(world)
    client = api(issue(systems.api_mun_a, municipality=world.mun_a))
    client.get("/api/v1/regions/")  # the token's first use writes once
    expected = _expected(run, [world.mun_a.pk])
    url = f"/api/v1/runs/{run.pk}/results/?page_size=3"
    seen = []
    for page in (1, 2, 3):
        response, sql = _get(client, f"{url}&page={page}")
        body = response.json()
        assert response.status_code == 200 and body["count"] == len(expected) == 7
        seen += [r["school"]["id"] for r in body["results"]]
        assert not any("COUNT(*) AS" in q for q in sql)  # the count came with the page
        # One municipality: its name sorts nothing, so the page does not join municipalities.
        page_sql = next(q for q in sql if "indices_schoolresult" in q)
        assert "schools_municipality" not in page_sql
    assert seen == expected
    assert (body["next"] is None) and body["previous"] is not None


@pytest.mark.parametrize("page", ["4", "0", "x", "1.5"])
def test_a_page_that_does_not_exist_is_a_russian_404(world, systems, issue, api, page):
    run, _schools, _other = _run_with_schools(world)
    client = api(issue(systems.api_mun_a, municipality=world.mun_a))
    response = client.get(f"/api/v1/runs/{run.pk}/results/?page_size=3&page={page}")
    assert response.status_code == 404 and response.json()["detail"] == "Такой страницы нет."


def test_an_empty_list_and_the_last_page(world, systems, issue, api):
    run, _schools, _other = _run_with_schools(world)
    client = api(issue(systems.api_mun_a, municipality=world.mun_a))
    empty = client.get(f"/api/v1/runs/{run.pk}/results/?category=resilient")
    assert empty.status_code == 200 and empty.json()["count"] == 0 and empty.json()["results"] == []
    last = client.get(f"/api/v1/runs/{run.pk}/results/?page_size=4&page=last").json()
    assert last["count"] == 7 and len(last["results"]) == 3


def test_region_staff_pages_go_by_municipality_then_school(world):
    from rest_framework.test import APIClient

    run, _schools, other = _run_with_schools(world)
    # The region's committee in the browser: every row of its region's run, by municipality name.
    browser = APIClient()
    browser.force_authenticate(world.region_staff)
    first = browser.get(f"/api/v1/runs/{run.pk}/results/?page_size=4&page=1").json()
    second = browser.get(f"/api/v1/runs/{run.pk}/results/?page_size=4&page=2").json()
    third = browser.get(f"/api/v1/runs/{run.pk}/results/?page_size=4&page=3").json()
    ids = [r["school"]["id"] for page in (first, second, third) for r in page["results"]]
    assert first["count"] == third["count"] == 9
    assert ids == _expected(run, [world.mun_a.pk, other.pk, world.mun_b.pk])
    assert ids[0] == other.schools.get().pk  # «Алексеевский район» before «Город А»


def test_ordered_by_a_column_the_count_still_comes_with_the_page(world, systems, issue, api):
    run, _schools, _other = _run_with_schools(world)
    client = api(issue(systems.api_mun_a, municipality=world.mun_a))
    response, sql = _get(client, f"/api/v1/runs/{run.pk}/results/?ordering=-quality_index&page_size=2")
    body = response.json()
    assert body["count"] == 7 and not any("COUNT(*) AS" in q for q in sql)
    values = [r["quality_index"] for r in body["results"]]
    assert values == sorted(values, reverse=True) and values[0] == pytest.approx(0.6)


def test_the_collector_is_off_while_rows_are_built_and_on_after(world, systems, issue, api, monkeypatch):
    run, _schools, _other = _run_with_schools(world)
    client = api(issue(systems.api_mun_a, municipality=world.mun_a))
    states = []
    original = RunResultViewSet.rows_out

    def spy(self, rows):
        states.append(gc.isenabled())
        return original(self, rows)

    monkeypatch.setattr(RunResultViewSet, "rows_out", spy)
    assert client.get(f"/api/v1/runs/{run.pk}/results/").status_code == 200
    assert states == [False] and gc.isenabled()

    def broken(self, rows):
        raise RuntimeError("сбой")

    monkeypatch.setattr(RunResultViewSet, "rows_out", broken)
    with pytest.raises(RuntimeError):  # another page: the first is in the page cache now
        client.get(f"/api/v1/runs/{run.pk}/results/?page_size=2")
    assert gc.isenabled()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's booleans need converting: Django's own rows")
def test_the_page_rows_come_straight_from_the_cursor(world, systems, issue, api, monkeypatch):
    from django.db.models.query import ValuesListIterable

    from config.api import pagination

    run, _schools, _other = _run_with_schools(world)
    client = api(issue(systems.api_mun_a, municipality=world.mun_a))
    inside, original_fetch, original_iter = [], pagination.fetch_rows, ValuesListIterable.__iter__

    def fetch(rows):
        inside.append(True)
        try:
            return original_fetch(rows)
        finally:
            inside.pop()

    def iterate(self):
        assert not inside, "the page went through Django's row converters"
        return original_iter(self)

    monkeypatch.setattr(pagination, "fetch_rows", fetch)
    monkeypatch.setattr(ValuesListIterable, "__iter__", iterate)
    assert client.get(f"/api/v1/runs/{run.pk}/results/?page_size=4").json()["count"] == 7
