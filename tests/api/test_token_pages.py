"""The committee's token pages: issue (the raw token once), list, revoke — within its area."""

from __future__ import annotations

import re

import pytest

from schools.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def _issue(client, **data):
    return client.post("/api-tokens/new/", {"name": "АИС мониторинга", "read_only": "on", **data})


def test_staff_issues_a_token_and_sees_it_once(world, systems, client_for, api):
    client = client_for(world.staff_a)
    form = client.get("/api-tokens/new/")
    assert form.status_code == 200
    assert "api_mun_a" in form.content.decode() and "staff_b" not in form.content.decode()
    response = _issue(client, user=systems.api_mun_a.pk, school=world.school_a.pk)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r'id="raw-token" value="([^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and token.school == world.school_a and token.read_only
    assert token.created_by == world.staff_a
    listing = client.get("/api-tokens/").content.decode()
    assert f"{token.prefix}…" in listing and raw not in listing
    assert api(raw).get("/api/v1/schools/").status_code == 200


def test_token_area_must_be_the_issuers(world, systems, client_for):
    client = client_for(world.staff_b)
    response = _issue(client, user=systems.api_mun_a.pk, municipality=world.mun_a.pk)
    assert response.status_code == 200 and not ApiToken.objects.exists()
    # Municipality A is not even offered to the staff of B: the choice is refused by the form.
    assert "Выберите корректный вариант" in response.content.decode()


def test_area_is_one_of_municipality_or_school(world, systems, client_for):
    client = client_for(world.staff_a)
    both = _issue(client, user=systems.api_mun_a.pk, municipality=world.mun_a.pk, school=world.school_a.pk)
    assert "либо муниципалитет, либо школу" in both.content.decode()
    assert not ApiToken.objects.exists()


def test_account_without_rights_in_the_area_gets_no_token(world, systems, client_for):
    # api_a reads school A-1 only: a token for school A-2 would see nothing.
    response = _issue(client_for(world.staff_a), user=world.api_a.pk, school=world.school_a2.pk)
    assert "не было бы видно ничего" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_only_api_client_accounts_are_offered(world, systems, client_for):
    response = _issue(client_for(world.staff_a), user=world.team_a.pk, school=world.school_a.pk)
    assert response.status_code == 200 and not ApiToken.objects.exists()


def test_staff_revokes_and_the_token_stops(world, systems, issue, client_for, api):
    raw = issue(systems.api_mun_a, municipality=world.mun_a)
    token = ApiToken.objects.get()
    client = client_for(world.staff_a)
    assert client.get(f"/api-tokens/{token.pk}/revoke/").status_code == 200
    response = client.post(f"/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api(raw).get("/api/v1/schools/").status_code == 401
    again = client.post(f"/api-tokens/{token.pk}/revoke/", follow=True)
    assert "уже отозван" in again.content.decode()


def test_other_committees_cannot_see_or_revoke(world, systems, issue, client_for):
    issue(systems.api_mun_a, municipality=world.mun_a)
    token = ApiToken.objects.get()
    client = client_for(world.staff_b)
    assert token.prefix not in client.get("/api-tokens/?state=all").content.decode()
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    region = client_for(world.region_staff)
    assert token.prefix in region.get("/api-tokens/").content.decode()


@pytest.mark.parametrize("persona", ["team_a", "methodologist_a", "api_a"])
def test_token_pages_are_for_committee_staff(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get("/api-tokens/").status_code == 403
    assert client.get("/api-tokens/new/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/api-tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_have_no_inline_scripts(world, systems, client_for):
    client = client_for(world.staff_a)
    for url in ("/api-tokens/", "/api-tokens/new/"):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
