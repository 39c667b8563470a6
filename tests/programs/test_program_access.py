"""Who sees and changes programs: personas, drafts, the public page, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programs.models import Program
from programs.services.measures import measure_create

from .conftest import make_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staff_a", 200),
        ("region_staff", 200),
        ("team_a", 200),
        ("methodologist_a", 200),
        ("staff_b", 403),
        ("team_b", 403),
    ],
)
def test_program_page_access(program, world, client_for, persona, status):
    user = getattr(world, persona, None)
    if persona == "team_b":
        from schools.models import Role
        from tests.factories import MembershipFactory, UserFactory

        user = UserFactory(username="team_b")
        MembershipFactory(user=user, role=Role.SCHOOL_TEAM, school=world.school_b)
    assert client_for(user).get(reverse("programs:detail", args=[program.pk])).status_code == status


def test_draft_is_invisible_to_school_teams(draft, world, client_for):
    assert client_for(world.team_a).get(reverse("programs:detail", args=[draft.pk])).status_code == 403
    body = client_for(world.team_a).get(reverse("programs:list")).content.decode()
    assert draft.short_title not in body


def test_only_committee_edits_a_draft(draft, world, client_for):
    url = reverse("programs:edit", args=[draft.pk])
    assert client_for(world.team_a).get(url).status_code == 403
    assert client_for(world.staff_b).get(url).status_code == 403
    assert client_for(world.staff_a).get(url).status_code == 200


def test_edit_of_an_approved_program_is_refused_without_amendment(program, world, client_for):
    assert client_for(world.staff_a).get(reverse("programs:edit", args=[program.pk])).status_code == 403


def test_public_page_only_when_published(program, world, client_for):
    url = reverse("programs:public", args=[program.pk])
    assert client_for(None).get(url).status_code == 404
    client_for(world.staff_a).post(reverse("programs:publish", args=[program.pk]), {"public": "1"})
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert "Семинар для учителей" in response.content.decode()


def test_team_cannot_publish(program, world, client_for):
    client_for(world.team_a).post(reverse("programs:publish", args=[program.pk]), {"public": "1"})
    assert not Program.objects.get(pk=program.pk).is_public


def test_program_page_query_count_does_not_grow_with_measures(world, client_for, django_assert_max_num_queries):
    program = make_program(world, status="draft")
    client = client_for(world.staff_a)
    url = reverse("programs:detail", args=[program.pk])
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for i in range(3, 33):
        measure_create(
            program=program,
            data={
                "number": f"1.{i}",
                "title": f"Мероприятие {i}",
                "timing_text": "ежеквартально",
                "schools": [world.school_a],
            },
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Мероприятие 32" in response.content.decode()


def test_create_program_through_the_ui(world, client_for):
    response = client_for(world.staff_a).post(
        reverse("programs:create"),
        {
            "municipality": world.mun_a.pk,
            "kind": "program",
            "title": "Новая программа",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
        },
    )
    program = Program.objects.get(title="Новая программа")
    assert response.status_code == 302 and program.municipality == world.mun_a and program.status == "draft"


def test_period_end_before_start_is_refused_in_russian(world, client_for):
    response = client_for(world.staff_a).post(
        reverse("programs:create"),
        {
            "municipality": world.mun_a.pk,
            "kind": "program",
            "title": "Кривая",
            "period_start": "2027-01-01",
            "period_end": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not Program.objects.filter(title="Кривая").exists()
