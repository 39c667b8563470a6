"""The risk rule's edit page: who may change it, a new version per save, nonsense refused in
Russian with nothing saved, the version history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indices.models import RiskRule

pytestmark = pytest.mark.django_db

URL = "indices:risk_rule"
VALID = {"share_threshold": "35,5", "min_low_assessments": "3", "consecutive_years": "2", "min_participants": "10"}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("region_staff", 200), ("staff_a", 403), ("team_a", 403), ("methodologist_a", 403), ("api_a", 403)],
)
def test_who_may_open_the_page(world, client_for, persona, expected):
    assert client_for(getattr(world, persona)).get(reverse(URL)).status_code == expected


def test_a_save_makes_a_new_version_and_keeps_the_old(world, client_for):
    client = client_for(world.region_staff)
    before = RiskRule.objects.get(is_current=True)
    response = client.post(reverse(URL), {**VALID, "note": "Решение коллегии"})
    assert response.status_code == 302
    current = RiskRule.objects.get(is_current=True)
    assert current.version == before.version + 1
    assert (float(current.share_threshold), current.min_low_assessments, current.min_participants) == (35.5, 3, 10)
    assert current.created_by == world.region_staff
    html = client.get(reverse(URL)).content.decode()
    assert "Решение коллегии" in html and "35,5" in html
    assert html.count("<tr>") >= 3  # the heading, both versions


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("share_threshold", "120", "больше 0 и не больше 100"),
        ("share_threshold", "много", "больше 0 и не больше 100"),
        ("min_low_assessments", "0", "от 1 до"),
        ("consecutive_years", "1", "от 2 до"),
        ("min_participants", "пять", "от 1 до"),
    ],
)
def test_nonsense_is_refused_in_russian_and_nothing_is_saved(world, client_for, field, value, message):
    versions = RiskRule.objects.count()
    response = client_for(world.region_staff).post(reverse(URL), {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RiskRule.objects.count() == versions


def test_municipal_staff_cannot_post(world, client_for):
    versions = RiskRule.objects.count()
    assert client_for(world.staff_a).post(reverse(URL), VALID).status_code == 403
    assert RiskRule.objects.count() == versions
