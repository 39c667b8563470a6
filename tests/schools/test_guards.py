"""``object_required``: the permission check and the view share one read of the object."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from config.urls import urlpatterns as portal_urls
from schools.models import Municipality, School
from schools.views.guards import object_required

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

received: list = []


@object_required("schools.view_school", School.objects.select_related("municipality"))
def school_view(request, school: School):
    received.append(school)
    return HttpResponse(f"{type(school).__name__} {school.pk} {school.municipality.name}")


@object_required(
    "schools.view_municipality",
    School.objects.select_related("municipality"),
    lookup={"pk": "school_pk", "municipality_id": "pk"},
    check=lambda school: school.municipality,
)
def school_in_municipality_view(request, school: School, tab: str):
    received.append(school)
    return HttpResponse(f"{school.pk} {tab}")


def _municipality_by_code(request, code: str) -> Municipality:
    return Municipality.objects.get(code=code)


@object_required("schools.view_municipality", _municipality_by_code, url_kwarg="code")
def municipality_view(request, municipality: Municipality):
    received.append(municipality)
    return HttpResponse(municipality.name)


urlpatterns = [
    *portal_urls,
    path("guarded/school/<int:pk>/", school_view, name="guarded_school"),
    path(
        "guarded/municipality/<int:pk>/school/<int:school_pk>/<str:tab>/",
        school_in_municipality_view,
        name="guarded_school_in_municipality",
    ),
    path("guarded/municipality/<str:code>/", municipality_view, name="guarded_municipality"),
]


@pytest.fixture(autouse=True)
def _clear_received():
    received.clear()


def _school_reads(captured) -> int:
    table = School._meta.db_table
    return sum(1 for q in captured if f'FROM "{table}"' in q["sql"])


def test_a_missing_object_is_404(world, client_for):
    response = client_for(world.staff_a).get(reverse("guarded_school", args=[world.school_b.pk + 1000]))
    assert response.status_code == 404
    assert received == []


def test_the_anonymous_visitor_goes_to_the_login_page_before_anything_is_read(world, client_for):
    for pk in (world.school_a.pk, world.school_b.pk + 1000):
        url = reverse("guarded_school", args=[pk])
        with CaptureQueriesContext(connection) as captured:
            response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login")) and "next=" in response["Location"]
        assert _school_reads(captured) == 0
    assert received == []


def test_a_signed_in_user_without_the_right_gets_403(world, client_for):
    response = client_for(world.staff_b).get(reverse("guarded_school", args=[world.school_a.pk]))
    assert response.status_code == 403
    assert received == []


def test_the_view_receives_the_checked_object_read_with_one_query(world, client_for):
    client = client_for(world.staff_a)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("guarded_school", args=[world.school_a.pk]))
    assert response.status_code == 200
    assert response.content.decode() == f"School {world.school_a.pk} {world.mun_a.name}"
    assert [s.pk for s in received] == [world.school_a.pk]
    # The permission check and the view read the school once, its municipality in the same query.
    assert _school_reads(captured) == 1
    assert not any(f'FROM "{Municipality._meta.db_table}"' in q["sql"] for q in captured)


def test_called_directly_the_check_and_the_view_cost_one_query(world, rf, django_assert_num_queries):
    from schools.access import scope_of

    request = rf.get("/")
    request.user = world.staff_a
    scope_of(world.staff_a)  # the scope is read once per request anyway; here before counting
    with django_assert_num_queries(1):
        response = school_view(request, pk=world.school_a.pk)
    assert response.status_code == 200
    assert received[0].pk == world.school_a.pk


def test_a_lookup_over_several_url_arguments_and_a_check_on_another_object(world, client_for):
    client = client_for(world.staff_a)
    ok = reverse("guarded_school_in_municipality", args=[world.mun_a.pk, world.school_a.pk, "profile"])
    response = client.get(ok)
    assert response.status_code == 200 and response.content.decode() == f"{world.school_a.pk} profile"
    # The school exists, but not in that municipality: it does not exist at this URL.
    elsewhere = reverse("guarded_school_in_municipality", args=[world.mun_b.pk, world.school_a.pk, "profile"])
    assert client.get(elsewhere).status_code == 404
    # The right is checked on the municipality the check names.
    other = reverse("guarded_school_in_municipality", args=[world.mun_b.pk, world.school_b.pk, "profile"])
    assert client.get(other).status_code == 403


def test_a_callable_source_and_its_does_not_exist(world, client_for):
    client = client_for(world.staff_a)
    assert client.get(reverse("guarded_municipality", args=[world.mun_a.code])).status_code == 200
    assert received == [world.mun_a]
    assert client.get(reverse("guarded_municipality", args=["no-such-code"])).status_code == 404
    assert client.get(reverse("guarded_municipality", args=[world.mun_b.code])).status_code == 403
    assert client_for(None).get(reverse("guarded_municipality", args=[world.mun_a.code])).status_code == 302
