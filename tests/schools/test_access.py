"""Each persona sees exactly what it should: lists, detail pages and the home page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.access import visible_schools

pytestmark = pytest.mark.django_db


def _codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


def test_visible_schools_per_persona(world):
    assert _codes(visible_schools(world.staff_a)) == {"A-1", "A-2"}
    assert _codes(visible_schools(world.staff_b)) == {"B-1"}
    assert _codes(visible_schools(world.region_staff)) == {"A-1", "A-2"}
    assert _codes(visible_schools(world.team_a)) == {"A-1"}
    assert _codes(visible_schools(world.methodologist_a)) == {"A-1"}
    assert _codes(visible_schools(world.api_a)) == {"A-1"}


def test_anonymous_sees_no_school(world):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_schools(AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("persona", "school", "allowed"),
    [
        ("staff_a", "school_a", True),
        ("staff_a", "school_b", False),
        ("staff_b", "school_a", False),
        ("staff_b", "school_b", True),
        ("region_staff", "school_a2", True),
        ("region_staff", "school_b", False),
        ("team_a", "school_a", True),
        ("team_a", "school_a2", False),
        ("methodologist_a", "school_a", True),
        ("methodologist_a", "school_a2", False),
    ],
)
def test_school_page_access(world, client_for, persona, school, allowed):
    target = getattr(world, school)
    response = client_for(getattr(world, persona)).get(reverse("schools:detail", args=[target.pk]))
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert target.short_name in response.content.decode()


def test_anonymous_school_page_redirects_to_login(world, client_for):
    response = client_for(None).get(reverse("schools:detail", args=[world.school_a.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_school_list_shows_only_own_schools(world, client_for):
    body = client_for(world.staff_b).get(reverse("schools:list")).content.decode()
    assert "Школа Б-1" in body
    assert "Школа А-1" not in body and "Школа А-2" not in body


def test_school_team_list_is_its_school_only(world, client_for):
    body = client_for(world.team_a).get(reverse("schools:list")).content.decode()
    assert "Школа А-1" in body and "Школа А-2" not in body and "Школа Б-1" not in body


def test_change_permission_follows_the_ladder(world):
    assert world.team_a.has_perm("schools.change_school_data", world.school_a)
    assert not world.team_a.has_perm("schools.change_school_data", world.school_a2)
    assert world.staff_a.has_perm("schools.change_school_data", world.school_a2)
    assert not world.staff_b.has_perm("schools.change_school_data", world.school_a)
    assert not world.methodologist_a.has_perm("schools.change_school_data", world.school_a)
    assert not world.api_a.has_perm("schools.change_school_data", world.school_a)
    assert world.staff_a.has_perm("schools.manage_school", world.school_a)
    assert not world.team_a.has_perm("schools.manage_school", world.school_a)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("staff_a", "Мой муниципалитет"),
        ("region_staff", "Муниципалитеты региона"),
        ("team_a", "Школа А-1"),
        ("methodologist_a", "Мои школы"),
        ("api_a", "Доступ к API"),
    ],
)
def test_home_page_by_role(world, client_for, persona, expected):
    body = client_for(getattr(world, persona)).get(reverse("home")).content.decode()
    assert expected in body


def test_committee_home_lists_only_its_municipality(world, client_for):
    body = client_for(world.staff_a).get(reverse("home")).content.decode()
    assert "Город А" in body and "Город Б" not in body


def test_anonymous_home_offers_login(world, client_for):
    response = client_for(None).get(reverse("home"))
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()


def test_school_list_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    from tests.factories import SchoolFactory

    client = client_for(world.staff_a)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("schools:list"))
    SchoolFactory.create_batch(30, municipality=world.mun_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("schools:list"))
    assert response.content.decode().count("МБОУ СОШ") >= 30
