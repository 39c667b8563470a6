"""Dashboards: who sees them, what the panels show, and query counts that do not grow with schools."""

import pytest
from django.urls import reverse

from tests.factories import SchoolFactory
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"), [("staff_a", 200), ("region_staff", 200), ("staff_b", 403), ("team_a", 403)]
)
def test_municipality_dashboard_access(world, client_for, persona, status):
    url = reverse("monitoring:dashboard_municipality", args=[world.mun_a.pk])
    assert client_for(getattr(world, persona)).get(url).status_code == status


def test_municipality_dashboard_panels(world, client_for):
    make_program(world)
    body = (
        client_for(world.staff_a)
        .get(reverse("monitoring:dashboard_municipality", args=[world.mun_a.pk]))
        .content.decode()
    )
    assert 'data-testid="panel-programs"' in body and "Программа А" in body
    assert 'data-testid="panel-categories"' in body and 'data-testid="panel-overdue-total"' in body


def test_region_dashboard_is_for_region_staff(world, client_for):
    url = reverse("monitoring:dashboard_region", args=[world.region.pk])
    assert client_for(world.staff_a).get(url).status_code == 403
    body = client_for(world.region_staff).get(url).content.decode()
    assert "Город А" in body and "Город Б" not in body


def test_school_dashboard_for_its_team(world, client_for):
    assert (
        client_for(world.team_a).get(reverse("monitoring:dashboard_school", args=[world.school_a.pk])).status_code
        == 200
    )
    assert (
        client_for(world.team_a).get(reverse("monitoring:dashboard_school", args=[world.school_a2.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("view", ["dashboard_municipality", "dashboard_region"])
def test_dashboard_queries_do_not_grow_with_schools(world, client_for, django_assert_max_num_queries, view):
    make_program(world)
    client = client_for(world.region_staff)
    pk = world.mun_a.pk if view == "dashboard_municipality" else world.region.pk
    url = reverse(f"monitoring:{view}", args=[pk])
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    SchoolFactory.create_batch(25, municipality=world.mun_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
