"""Issue 19: the resources registers are read through the API within the token's scope."""

from __future__ import annotations

from datetime import date

import pytest

from resources.models import FundingLine
from resources.services.training import TrainingData, training_add
from tests.resources.conftest import make_live, plan_seminar

pytestmark = pytest.mark.django_db


def test_events_funding_trainings_read_in_scope(world, systems, issue, api):
    live = make_live(world)
    event = plan_seminar(world, live)
    FundingLine.objects.create(program=live.program, year=live.program.period_start.year, source="municipal",
                               planned="1234567.89")  # fmt: skip
    training_add(school=world.school_a, user=world.staff_a,
                 data=TrainingData(year=2025, form="course", topic="Курсы", hours="36", starts_on=date(2025, 2, 1),
                                   ends_on=date(2025, 2, 10), full_name="Иванова"))  # fmt: skip
    training_add(school=world.school_b, user=world.staff_b,
                 data=TrainingData(year=2025, form="course", topic="Чужие курсы", hours="18", starts_on=date(2025, 2, 1),
                                   ends_on=date(2025, 2, 10), people=4))  # fmt: skip
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    events = client.get("/api/v1/events/").json()["results"]
    assert [e["id"] for e in events] == [event.pk]
    assert events[0]["occurrence"] == live.past.pk and events[0]["hours"] == "4.00"
    assert {a["school"]: a["planned"] for a in events[0]["attendance"]} == {
        world.school_a.pk: 20,
        world.school_a2.pk: 15,
    }
    funding = client.get("/api/v1/funding/").json()["results"]
    assert [f["planned"] for f in funding] == ["1234567.89"]  # exact, as a decimal string
    trainings = client.get("/api/v1/trainings/").json()["results"]
    assert [t["topic"] for t in trainings] == ["Курсы"]  # not municipality B's
    csv = client.get("/api/v1/funding/?format=csv")
    assert csv.status_code == 200 and "1234567.89" in csv.content.decode()
