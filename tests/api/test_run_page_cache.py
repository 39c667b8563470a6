"""Pages of a finished run's results come from the cache (config/api/page_cache.py) — and never
a page the caller should not get: another scope, a renamed or moved school, a changed membership
all make a new page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools.models import Membership

from .conftest import put_value, regional_run, result

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(r["school"]["short_name"] for r in response.json()["results"])


def test_a_second_request_is_served_from_the_cache(world, systems, issue, api):
    run = regional_run(world.region)
    result(run, world.school_a)
    result(run, world.school_a2)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    url = f"/api/v1/runs/{run.pk}/results/"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert "private" in second["Cache-Control"] and "Authorization" in second["Vary"]
    assert not any("indices_schoolresult" in q["sql"] for q in queries.captured_queries)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url + "?junk=1").content == first.content  # unknown parameters: the same entry
    assert not any("indices_schoolresult" in q["sql"] for q in queries.captured_queries)
    assert client.get(url + "?format=csv").content != first.content


def test_without_the_page_cache_every_request_builds_its_page(world, systems, issue, api, settings):
    """API_PAGE_CACHE=false (bench/api.py's cold server): the same page, built each time."""
    settings.API_PAGE_CACHE = False
    run = regional_run(world.region)
    result(run, world.school_a)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    url = f"/api/v1/runs/{run.pk}/results/"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert any("indices_schoolresult" in q["sql"] for q in queries.captured_queries)


def test_a_renamed_or_moved_school_makes_a_new_page(world, systems, issue, api):
    run = regional_run(world.region)
    result(run, world.school_a)
    result(run, world.school_a2)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    url = f"/api/v1/runs/{run.pk}/results/"
    assert _names(client.get(url)) == ["Школа А-1", "Школа А-2"]
    world.school_a.short_name = "Школа А-1 (новое имя)"
    world.school_a.save()
    assert _names(client.get(url)) == ["Школа А-1 (новое имя)", "Школа А-2"]
    world.school_a2.municipality = systems.mun_c
    world.school_a2.save()
    assert _names(client.get(url)) == ["Школа А-1 (новое имя)"]


def test_another_scope_never_gets_the_cached_page(world, systems, issue, api):
    run = regional_run(world.region)
    result(run, world.school_a)
    result(run, systems.school_c)
    url = f"/api/v1/runs/{run.pk}/results/"
    assert _names(api(issue(systems.writer_mun_a, municipality=world.mun_a)).get(url)) == ["Школа А-1"]
    assert _names(world_region_client(world, url)) == ["Школа А-1", "Школа В-1"]
    # A membership taken away narrows the scope at once: a new key, not the cached page.
    token = issue(systems.writer_mun_a, municipality=world.mun_a)
    assert _names(api(token).get(url)) == ["Школа А-1"]
    Membership.objects.filter(user=systems.writer_mun_a).update(is_active=False)
    assert api(token).get(url).status_code in (401, 403, 404)


def world_region_client(world, url):
    from django.test import Client

    client = Client()
    client.force_login(world.region_staff)
    return client.get(url)


def test_value_pages_are_cached_until_a_value_changes(world, systems, issue, api):
    value = put_value("teachers_total", 40, school=world.school_a)
    put_value("teachers_total", 12, school=systems.school_c)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    url = f"/api/v1/indicator-values/?municipality={world.mun_a.pk}"
    first = client.get(url)
    assert [r["value"] for r in first.json()["results"]] == ["40.0000"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).content == first.content
    assert not any('FROM "monitoring_indicatorvalue"' in q["sql"] for q in queries.captured_queries)
    value.value = 41
    value.save()  # every write leaves a history record: a new page
    assert [r["value"] for r in client.get(url).json()["results"]] == ["41.0000"]
    value.delete()
    assert client.get(url).json()["results"] == []
