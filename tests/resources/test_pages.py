"""Issue 19: each new page for each persona (own municipality, another municipality, the school
team, the public), and bad input through the forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from resources.models import FundingLine, MethodEvent, Training

from .conftest import plan_seminar

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(world, live):
    event = plan_seminar(world, live)
    line = FundingLine.objects.create(program=live.program, year=live.program.period_start.year, source="municipal",
                                      planned="10.00")  # fmt: skip
    return {
        "calendar": reverse("resources:calendar", args=[world.mun_a.pk]) + f"?month={live.past.due_date:%Y-%m}",
        "plan": reverse("resources:event_plan", args=[live.program.pk]),
        "event": reverse("resources:event", args=[event.pk]),
        "record": reverse("resources:event_record", args=[event.pk]),
        "funding": reverse("resources:funding", args=[live.program.pk]),
        "line": reverse("resources:funding_line", args=[line.pk]),
        "register": reverse("resources:register", args=[world.school_a.pk]),
        "register_a2": reverse("resources:register", args=[world.school_a2.pk]),
    }


EXPECTED = {
    # page: (staff_a own municipality, staff_b other municipality, team_a host school's team)
    "calendar": (200, 403, 200),
    "plan": (200, 403, 403),
    "event": (200, 403, 200),
    "record": (200, 403, 200),
    "funding": (200, 403, 200),
    "line": (200, 403, 403),
    "register": (200, 403, 200),
    "register_a2": (200, 403, 403),
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_personas(world, pages, client_for, page):
    own, other, team = EXPECTED[page]
    assert client_for(world.staff_a).get(pages[page]).status_code == own
    assert client_for(world.staff_b).get(pages[page]).status_code == other
    assert client_for(world.team_a).get(pages[page]).status_code == team
    anonymous = Client().get(pages[page])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_calendar_lists_the_month_event_and_team_sees_only_its_own(world, live, pages, client_for):
    page = client_for(world.staff_a).get(pages["calendar"]).content.decode()
    assert "Семинар «Смысловое чтение»" in page and "семинар" in page.lower()
    # A methodologist of A-1 sees the calendar of its municipality with the event A-1 is invited to.
    page = client_for(world.methodologist_a).get(pages["calendar"]).content.decode()
    assert "Семинар «Смысловое чтение»" in page


def test_public_program_page_announces_planned_events(world, live, client_for):
    from resources.services.events import EventData, event_plan

    from .conftest import at

    event_plan(
        program=live.program,
        measure=live.seminars,
        occurrence=None if False else live.seminars.occurrences.filter(due_date__gt=live.past.due_date).first(),
        data=EventData(
            title="Вебинар для родителей",
            kind="webinar",
            starts_at=at(live.past.due_date + timedelta(days=40)),
            hours="1.25",
            audience="родители",
            audience_size=100,
            format="remote",
            host_school=world.school_a2,
        ),  # fmt: skip
        schools={},
        user=world.staff_a,
    )
    page = Client().get(reverse("programs:public", args=[live.program.pk])).content.decode()
    assert "Анонсы методических мероприятий" in page and "Вебинар для родителей" in page and "1,25 ч" in page


def test_plan_form_bad_hours_message_and_nothing_saved(world, live, client_for):
    before = MethodEvent.objects.count()
    response = client_for(world.staff_a).post(
        reverse("resources:event_plan", args=[live.program.pk]),
        {
            "measure": live.seminars.pk,
            "occurrence": live.past.pk,
            "title": "Семинар",
            "kind": "seminar",
            "starts_at": f"{live.past.due_date:%Y-%m-%d}T10:00",
            "hours": "2,1",
            "format": "onsite",
            "host_school": world.school_a.pk,
            "audience": "учителя",
            "audience_size": "10",
            f"school_{world.school_a.pk}": "5",
        },
    )
    assert response.status_code == 200
    assert "четверть часа" in response.content.decode()
    assert MethodEvent.objects.count() == before


def test_plan_form_creates_the_event(world, live, client_for):
    response = client_for(world.staff_a).post(
        reverse("resources:event_plan", args=[live.program.pk]),
        {
            "measure": live.seminars.pk,
            "occurrence": live.past.pk,
            "title": "Супервизия",
            "kind": "supervision",
            "starts_at": f"{live.past.due_date:%Y-%m-%d}T10:00",
            "hours": "1,5",
            "format": "onsite",
            "host_school": world.school_a.pk,
            "audience": "учителя",
            "audience_size": "10",
            f"school_{world.school_a.pk}": "5",
            f"school_{world.school_a2.pk}": "4",
        },
    )
    event = MethodEvent.objects.get(title="Супервизия")
    assert response.status_code == 302 and str(event.hours) == "1.50"
    assert dict(event.attendance.values_list("school__short_name", "planned")) == {"Школа А-1": 5, "Школа А-2": 4}


def test_register_form_refuses_training_outside_the_year(world, client_for):
    response = client_for(world.team_a).post(
        reverse("resources:register", args=[world.school_a.pk]) + "?year=2025",
        {"which": "training", "year": "2025", "form": "course", "topic": "Курсы", "hours": "36",
         "starts_on": "2024-12-01", "ends_on": "2025-01-10", "full_name": "Иванова"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "в пределах 2025 года" in response.content.decode()
    assert not Training.objects.exists()


def test_register_shows_the_computed_share(world, client_for):
    client = client_for(world.team_a)
    url = reverse("resources:register", args=[world.school_a.pk]) + "?year=2025"
    assert client.post(url, {"which": "staff", "year": "2025", "teachers": "8"}).status_code == 302
    for name in ("Иванова", "Петров"):
        response = client.post(url, {"which": "training", "year": "2025", "form": "course", "topic": "Курсы",
                                     "hours": "36", "starts_on": "2025-02-01", "ends_on": "2025-02-10",
                                     "full_name": name})  # fmt: skip
        assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "25 %" in page and "(2 из 8)" in page


def test_funding_form_refuses_three_decimals(world, client_for):
    from .conftest import make_live

    draft = make_live(world, approve=False)
    response = client_for(world.staff_a).post(
        reverse("resources:funding", args=[draft.program.pk]),
        {"year": draft.program.period_start.year, "source": "municipal", "planned": "100,005"},
    )
    assert response.status_code == 200
    assert "не больше двух знаков после запятой" in response.content.decode()
    assert not FundingLine.objects.filter(program=draft.program).exists()
