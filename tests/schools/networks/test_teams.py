"""Project teams: a school team is kept by its own members and the committee over it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.models import ProjectTeam, TeamMember
from schools.networks import selectors
from schools.networks.services import directory

pytestmark = pytest.mark.django_db


def _member(**overrides) -> dict:
    data = {
        "full_name": "Петрова Ольга Ивановна",
        "position": "педагог-психолог",
        "role": "psychologist",
        "mentees_count": "0",
    }
    data.update(overrides)
    return data


def test_team_a_adds_a_member_to_its_own_school_team(world, client_for):
    client = client_for(world.team_a)
    page = client.get(reverse("networks:team_for_school", args=[world.school_a.pk]))
    assert page.status_code == 200 and "Команда ещё не сформирована." in page.content.decode()
    assert not ProjectTeam.objects.exists()  # looking does not create the team
    response = client.post(reverse("networks:member_create_school", args=[world.school_a.pk]), _member())
    team = ProjectTeam.objects.get(school=world.school_a)
    assert response.status_code == 302 and response["Location"] == reverse("networks:team_detail", args=[team.pk])
    member = team.members.get()
    assert member.full_name == "Петрова Ольга Ивановна"
    assert member.history.get().history_user == world.team_a
    # the helper URL now leads to the team
    assert client.get(reverse("networks:team_for_school", args=[world.school_a.pk]))["Location"] == reverse(
        "networks:team_detail", args=[team.pk]
    )


def test_team_a_cannot_add_a_member_to_another_schools_team(world, client_for):
    client = client_for(world.team_a)
    url = reverse("networks:member_create_school", args=[world.school_a2.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _member()).status_code == 403
    assert not ProjectTeam.objects.exists() and not TeamMember.objects.exists()
    team = directory.team_get_or_create(school=world.school_a2)
    assert client.post(reverse("networks:member_create", args=[team.pk]), _member()).status_code == 403
    assert client.get(reverse("networks:team_detail", args=[team.pk])).status_code == 403
    assert not team.members.exists()


def test_team_a_edits_and_deactivates_its_own_members_but_staff_b_cannot(world, client_for):
    team = directory.team_get_or_create(school=world.school_a)
    member = directory.team_member_add(team=team, full_name="Сидоров Пётр", role="member")
    edit = reverse("networks:member_update", args=[team.pk, member.pk])
    deactivate = reverse("networks:member_deactivate", args=[team.pk, member.pk])
    assert client_for(world.staff_b).post(edit, _member(full_name="Взлом")).status_code == 403
    assert client_for(world.staff_b).post(deactivate).status_code == 403
    assert client_for(world.methodologist_a).post(edit, _member(full_name="Взлом")).status_code == 403
    client = client_for(world.team_a)
    assert client.post(edit, _member(full_name="Сидоров Пётр Ильич", mentees_count="4")).status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Сидоров Пётр Ильич" and member.mentees_count == 4
    assert client.post(deactivate).status_code == 302
    member.refresh_from_db()
    assert not member.is_active and TeamMember.objects.filter(pk=member.pk).exists()
    # a member id of another team cannot be slipped under this team's URL
    other = directory.team_get_or_create(school=world.school_a2)
    stranger = directory.team_member_add(team=other, full_name="Чужой", role="member")
    assert client.post(reverse("networks:member_update", args=[team.pk, stranger.pk]), _member()).status_code == 404


def test_invalid_member_shows_russian_errors_and_creates_no_team(world, client_for):
    client = client_for(world.team_a)
    url = reverse("networks:member_create_school", args=[world.school_a.pk])
    body = client.post(url, _member(role="coach")).content.decode()
    assert "Для тренера укажите школу или организацию, из которой он приходит." in body
    body = client.post(url, _member(full_name="", mentees_count="-1")).content.decode()
    assert "Обязательное поле." in body
    assert not ProjectTeam.objects.exists() and not TeamMember.objects.exists()


def test_coach_comes_from_a_partner_school(world, client_for):
    client = client_for(world.team_a)
    client.post(
        reverse("networks:member_create_school", args=[world.school_a.pk]),
        _member(
            role="coach",
            full_name="Тренер Т.",
            from_school=str(world.school_a2.pk),
            mentees_count="3",
        ),
    )
    coach = TeamMember.objects.get(role="coach")
    assert coach.from_school == world.school_a2 and coach.mentees_count == 3
    assert selectors.team_summary(selectors.school_team(school=world.school_a))["mentees"] == 3


def test_municipal_team_is_the_committees(world, client_for):
    staff = client_for(world.staff_a)
    url = reverse("networks:member_create_municipality", args=[world.mun_a.pk])
    response = staff.post(
        url,
        _member(
            role="curator",
            full_name="Куратор К.",
            curated_schools=[str(world.school_a.pk), str(world.school_a2.pk)],
        ),
    )
    assert response.status_code == 302
    team = ProjectTeam.objects.get(municipality=world.mun_a)
    curator = team.members.get()
    assert set(curator.curated_schools.all()) == {world.school_a, world.school_a2}
    assert [c.full_name for c in selectors.school_curators(school=world.school_a)] == ["Куратор К."]
    assert client_for(world.team_a).get(reverse("networks:team_detail", args=[team.pk])).status_code == 403
    assert client_for(world.team_a).post(url, _member()).status_code == 403
    assert client_for(world.staff_b).get(reverse("networks:team_detail", args=[team.pk])).status_code == 403
    # deactivating a curator releases the schools
    staff.post(reverse("networks:member_deactivate", args=[team.pk, curator.pk]))
    assert not selectors.school_curators(school=world.school_a)


def test_school_team_cannot_curate_schools(world):
    from django.core.exceptions import ValidationError

    team = directory.team_get_or_create(school=world.school_a)
    with pytest.raises(ValidationError) as exc:
        directory.team_member_add(team=team, full_name="К.", role="curator", curated_schools=[world.school_a2])
    assert "Курируемые школы назначаются только в муниципальной команде." in exc.value.messages
    assert not team.members.exists()
