"""Token authentication: valid, wrong, revoked, missing; last use recorded at most once a minute;
accounts that may not hold tokens; the browser's session still works."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from config.api.tokens import token_revoke
from schools.models import ApiToken, Membership, Role, hash_token

pytestmark = pytest.mark.django_db
SCHOOLS = "/api/v1/schools/"


def test_valid_token_reads(world, issue, api):
    raw = issue(world.api_a, school=world.school_a)
    response = api(raw).get(SCHOOLS)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.school_a.pk]


def test_only_the_hash_is_stored(world, issue):
    raw = issue(world.api_a, school=world.school_a)
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and raw not in (token.key_hash, token.prefix)
    assert raw.startswith(token.prefix)


@pytest.mark.parametrize(
    "header",
    [None, "Token not-a-real-token", "Token", "Token a b", "Bearer something"],
    ids=["missing", "wrong", "empty", "three-parts", "other-scheme"],
)
def test_without_a_valid_token_the_answer_is_401(world, api, header):
    client = api()
    if header is not None:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(SCHOOLS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    detail = response.json()["detail"]
    assert any(word in detail for word in ("токен", "Токен", "аутентификация")), detail


def test_revoked_token_is_401(world, issue, api):
    raw = issue(world.api_a, school=world.school_a)
    token_revoke(token=ApiToken.objects.get(), user=world.region_staff)
    response = api(raw).get(SCHOOLS)
    assert response.status_code == 401
    assert response.json()["detail"] == "Токен отозван."


def test_token_of_a_disabled_account_is_401(world, issue, api):
    raw = issue(world.api_a, school=world.school_a)
    world.api_a.is_active = False
    world.api_a.save()
    assert api(raw).get(SCHOOLS).status_code == 401


def test_token_stops_when_the_account_is_no_longer_an_api_client(world, issue, api):
    raw = issue(world.api_a, school=world.school_a)
    Membership.objects.filter(user=world.api_a, role=Role.API_CLIENT).update(is_active=False)
    response = api(raw).get(SCHOOLS)
    assert response.status_code == 401
    assert "внешней системой" in response.json()["detail"]


def test_superuser_tokens_are_refused(world, api):
    # The issuing service refuses them; a row made by hand is refused at the door too, since
    # has_perm() would answer True to a superuser whatever the narrowed scope says.
    world.api_a.is_superuser = True
    world.api_a.save()
    raw = ApiToken.new_raw()
    ApiToken.objects.create(name="x", user=world.api_a, school=world.school_a, prefix=raw[:8], key_hash=hash_token(raw))
    assert api(raw).get(SCHOOLS).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(world, issue, api):
    raw = issue(world.api_a, school=world.school_a)
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    client = api(raw)
    client.get(SCHOOLS)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(SCHOOLS)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    client.get(SCHOOLS)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)
    assert timezone.now() - token.last_used_at < timedelta(seconds=30)


def test_browser_session_still_works_with_the_users_own_scope(world, client_for):
    response = client_for(world.staff_a).get(SCHOOLS)
    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"]} == {world.school_a.pk, world.school_a2.pk}


def test_session_writes_need_the_csrf_token(world, client_for):
    client = client_for(world.team_a)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        "/api/v1/indicator-values/",
        {"indicator": "teachers_total", "period": "2024", "school": world.school_a.pk, "value": "10"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_anonymous_browser_gets_401(client):
    assert client.get(reverse("api:school-list")).status_code == 401
