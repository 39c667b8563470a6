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


def test_teacher_plans_and_mentor_pairs_read_in_scope(world, systems, issue, api):
    from resources.services.plans import PairData, PlanItemData, pair_add, plan_item_add

    for school in (world.school_a, world.school_b):
        plan_item_add(
            school=school,
            data=PlanItemData(year=2025, full_name=f"Педагог {school.code}", topic="ФГОС", form="course", hours="18",
                              planned_from=date(2025, 2, 1), planned_to=date(2025, 3, 1), subject="химия"),
        )  # fmt: skip
        pair_add(school=school, data=PairData("Наставник", f"Молодой {school.code}", "Уроки", date(2025, 9, 1),
                                              date(2026, 5, 31)))  # fmt: skip
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    plans = client.get("/api/v1/teacher-plans/").json()["results"]
    assert [p["full_name"] for p in plans] == ["Педагог A-1"]
    assert plans[0]["items"][0]["hours"] == "18.00" and plans[0]["items"][0]["planned_to"] == "2025-03-01"
    pairs = client.get("/api/v1/mentor-pairs/").json()["results"]
    assert [p["mentee"] for p in pairs] == ["Молодой A-1"]
    for url in ("/api/v1/teacher-plans/?format=csv", "/api/v1/mentor-pairs/?format=csv"):
        assert client.get(url).status_code == 200
