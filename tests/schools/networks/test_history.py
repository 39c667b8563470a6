"""Every edit is recorded: who changed what, when; committee staff see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.networks import selectors
from schools.networks.services import directory
from schools.networks.services import networks as services

from .helpers import tie_post

pytestmark = pytest.mark.django_db


def test_history_records_exist_after_an_edit(world, client_for, mentor_pair):
    client = client_for(world.staff_a)
    client.post(
        reverse("networks:tie_update", args=[mentor_pair.pk]),
        tie_post(world, title="Пара после правки", status="completed"),
    )
    records = list(mentor_pair.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == world.staff_a
    assert records[-1].title == "Пара после правки"
    entries = selectors.tie_history(tie=mentor_pair)
    edit = next(e for e in entries if e.action == "изменение" and e.subject == "связь")
    changes = {c.field: (c.old, c.new) for c in edit.changes}
    assert changes["название"] == ("Сетевая пара А-2 — А-1", "Пара после правки")
    assert changes["статус"] == ("действует", "завершено")
    assert edit.who == world.staff_a.display_name
    body = client.get(reverse("networks:tie_detail", args=[mentor_pair.pk])).content.decode()
    assert "История изменений" in body and "Пара после правки" in body


def test_an_unchanged_save_adds_no_history(world, client_for, mentor_pair):
    client_for(world.staff_a).post(
        reverse("networks:tie_update", args=[mentor_pair.pk]),
        tie_post(
            world,
            title=mentor_pair.title,
            starts_on="2024-09-01",
            ends_on="2025-05-31",
            basis_number="7-СВ",
            basis_date="",
        ),
    )
    assert mentor_pair.history.count() == 1


def test_party_changes_and_actions_are_in_the_tie_history(world, mentor_pair):
    from tests.factories import SchoolFactory

    extra = SchoolFactory(municipality=world.mun_a, short_name="Школа А-3")
    services.tie_party_add(tie=mentor_pair, role="supported", school=extra, actor=world.staff_a)
    action = services.joint_action_create(tie=mentor_pair, title="Семинар", actor=world.staff_a)
    services.joint_action_set_done(action=action, is_done=True, actor=world.region_staff)
    entries = selectors.tie_history(tie=mentor_pair)
    subjects = [(e.subject, e.action, e.who) for e in entries]
    assert ("сторона: Школа А-3", "создание", world.staff_a.display_name) in subjects
    assert ("мероприятие № 1: Семинар", "изменение", world.region_staff.display_name) in subjects


def test_team_history_is_visible_to_committee_staff_only(world, client_for):
    team = directory.team_get_or_create(school=world.school_a)
    member = directory.team_member_add(
        team=team, full_name="Иванова Анна Петровна", role="coordinator", actor=world.team_a
    )
    directory.team_member_update(member=member, data={"role": "leader"}, actor=world.team_a)
    url = reverse("networks:team_detail", args=[team.pk])
    staff_body = client_for(world.staff_a).get(url).content.decode()
    assert "История изменений" in staff_body and "координатор" in staff_body
    assert "История изменений" not in client_for(world.team_a).get(url).content.decode()


def test_curated_schools_changes_are_in_the_team_history(world):
    team = directory.team_get_or_create(municipality=world.mun_a)
    curator = directory.team_member_add(
        team=team,
        full_name="Куратор К.",
        role="curator",
        curated_schools=[world.school_a],
        actor=world.staff_a,
    )
    directory.team_member_update(
        member=curator,
        data={},
        curated_schools=[world.school_a, world.school_a2],
        actor=world.staff_a,
    )
    changes = [c for e in selectors.team_history(team=team) for c in e.changes if c.field == "курируемые школы"]
    assert [(c.old, c.new) for c in changes] == [
        ("Школа А-1", "Школа А-1, Школа А-2"),
        ("—", "Школа А-1"),
    ]
