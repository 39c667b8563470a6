"""The includes for the school page render with the documented context."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from schools.networks import selectors
from schools.networks.services import directory
from schools.networks.services import networks as services

pytestmark = pytest.mark.django_db


def test_school_partners_include(world, mentor_pair, rf):
    request = rf.get("/")
    request.user = world.team_a
    html = render_to_string(
        "networks/_school_partners.html",
        {
            "school": world.school_a,
            "partners": selectors.school_partners(school=world.school_a, user=world.team_a),
        },
        request=request,
    )
    assert "Сетевая пара А-2 — А-1" in html and "Школа А-2" in html and "получает поддержку" in html


def test_school_partners_hides_archived_ties(world, mentor_pair):
    services.tie_archive(tie=mentor_pair)
    assert selectors.school_partners(school=world.school_a) == []


def test_school_team_include(world, rf):
    html = render_to_string("networks/_school_team.html", {"school": world.school_a, "team": None})
    assert "Команда ещё не сформирована." in html
    team = directory.team_get_or_create(school=world.school_a)
    directory.team_member_add(team=team, full_name="Иванова И. И.", role="leader", position="директор")
    gone = directory.team_member_add(team=team, full_name="Ушедший У. У.", role="member")
    directory.team_member_deactivate(member=gone)
    html = render_to_string(
        "networks/_school_team.html",
        {
            "school": world.school_a,
            "team": selectors.school_team(school=world.school_a),
            "curators": selectors.school_curators(school=world.school_a),
        },
    )
    assert "Иванова И. И." in html and "руководитель" in html and "Ушедший" not in html
