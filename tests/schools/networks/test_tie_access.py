"""Who may see and change a tie: the personas against the one access layer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.access import visible_ties
from schools.models import Tie, TieParty

from .helpers import pdf_upload, tie_post

pytestmark = pytest.mark.django_db


def test_staff_a_creates_a_mentor_pair_through_the_form(world, client_for):
    url = reverse("networks:tie_create") + f"?municipality={world.mun_a.pk}"
    response = client_for(world.staff_a).post(url, tie_post(world, basis_file=pdf_upload()))
    tie = Tie.objects.get(title="Сетевая пара через форму")
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:tie_detail", args=[tie.pk])
    roles = {p.school_id: p.role for p in tie.parties.all()}
    assert roles == {
        world.school_a2.pk: TieParty.Role.LEAD,
        world.school_a.pk: TieParty.Role.SUPPORTED,
    }
    assert tie.created_by == world.staff_a
    assert tie.basis_file.name.startswith("ties/") and tie.basis_file.name.endswith(".pdf")
    assert tie.history.get().history_user == world.staff_a


def test_staff_b_can_neither_see_nor_edit_a_tie_of_a(world, client_for, mentor_pair):
    client = client_for(world.staff_b)
    for name in ("tie_detail", "tie_update", "tie_archive", "tie_file", "action_create"):
        assert client.get(reverse(f"networks:{name}", args=[mentor_pair.pk])).status_code == 403
    assert (
        client.post(reverse("networks:tie_update", args=[mentor_pair.pk]), tie_post(world, title="Взлом")).status_code
        == 403
    )
    assert client.post(reverse("networks:tie_archive", args=[mentor_pair.pk])).status_code == 403
    mentor_pair.refresh_from_db()
    assert mentor_pair.title == "Сетевая пара А-2 — А-1" and not mentor_pair.is_archived
    # not in B's lists, and A's network does not exist for B
    assert not visible_ties(world.staff_b).exists()
    assert mentor_pair.title not in client.get(reverse("networks:network")).content.decode()
    url = reverse("networks:network") + f"?municipality={world.mun_a.pk}"
    assert client.get(url).status_code == 404
    add = reverse("networks:tie_create") + f"?municipality={world.mun_a.pk}"
    assert client.get(add).status_code == 403


def test_team_a_sees_a_tie_its_school_is_party_to_but_cannot_edit_it(world, client_for, mentor_pair):
    client = client_for(world.team_a)
    body = client.get(reverse("networks:tie_detail", args=[mentor_pair.pk])).content.decode()
    assert "Сетевая пара А-2 — А-1" in body
    assert reverse("networks:tie_update", args=[mentor_pair.pk]) not in body
    assert "История изменений" not in body  # history is for committee staff
    network = client.get(reverse("networks:network")).content.decode()
    assert "Сетевая пара А-2 — А-1" in network
    assert "Добавить связь" not in network
    assert client.get(reverse("networks:tie_update", args=[mentor_pair.pk])).status_code == 403
    assert (
        client.post(reverse("networks:tie_update", args=[mentor_pair.pk]), tie_post(world, title="Взлом")).status_code
        == 403
    )
    assert client.post(reverse("networks:tie_archive", args=[mentor_pair.pk])).status_code == 403
    assert client.post(reverse("networks:action_create", args=[mentor_pair.pk]), {"title": "Своё"}).status_code == 403
    mentor_pair.refresh_from_db()
    assert mentor_pair.title == "Сетевая пара А-2 — А-1" and not mentor_pair.actions.exists()


def test_team_a_does_not_see_ties_its_school_is_not_party_to(world, client_for):
    from schools.networks.services import networks as services
    from schools.networks.services.networks import PartySpec
    from tests.factories import OrganisationFactory

    other = services.tie_create(
        municipality=world.mun_a,
        kind=Tie.Kind.PARTNER_AGREEMENT,
        title="Соглашение А-2 с центром",
        parties=[
            PartySpec(role="member", school=world.school_a2),
            PartySpec(role="member", organisation=OrganisationFactory(municipality=world.mun_a)),
        ],
    )
    client = client_for(world.team_a)
    assert client.get(reverse("networks:tie_detail", args=[other.pk])).status_code == 403
    assert "Соглашение А-2 с центром" not in client.get(reverse("networks:network")).content.decode()
    # committee staff of A and of A's region do see it
    assert "Соглашение А-2 с центром" in client_for(world.staff_a).get(reverse("networks:network")).content.decode()
    assert client_for(world.region_staff).get(reverse("networks:tie_detail", args=[other.pk])).status_code == 200


def test_methodologist_of_a_party_school_sees_the_tie_read_only(world, client_for, mentor_pair):
    client = client_for(world.methodologist_a)
    assert client.get(reverse("networks:tie_detail", args=[mentor_pair.pk])).status_code == 200
    assert client.get(reverse("networks:tie_update", args=[mentor_pair.pk])).status_code == 403


def test_region_staff_may_change_a_tie_in_their_region(world, client_for, mentor_pair):
    client = client_for(world.region_staff)
    response = client.post(
        reverse("networks:tie_update", args=[mentor_pair.pk]),
        tie_post(world, title="Новое название"),
    )
    assert response.status_code == 302
    mentor_pair.refresh_from_db()
    assert mentor_pair.title == "Новое название"


def test_anonymous_is_sent_to_login(world, client_for, mentor_pair):
    client = client_for(None)
    for url in (reverse("networks:network"), reverse("networks:tie_detail", args=[mentor_pair.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_basis_file_is_downloaded_only_by_those_who_may_see_the_tie(world, client_for):
    url = reverse("networks:tie_create") + f"?municipality={world.mun_a.pk}"
    client_for(world.staff_a).post(url, tie_post(world, basis_file=pdf_upload()))
    tie = Tie.objects.get()
    file_url = reverse("networks:tie_file", args=[tie.pk])
    response = client_for(world.team_a).get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    assert client_for(world.staff_b).get(file_url).status_code == 403
    assert client_for(world.api_a).get(file_url).status_code == 403
    assert client_for(None).get(file_url).status_code == 302
