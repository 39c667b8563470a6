"""Issue 19: per-teacher development plans (state read from the register, never typed) and
mentor–mentee pairs of a school's teachers; the pages under the school's trainings and who sees them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from resources.models import MentorPair, PlannedTraining, TeacherPlan
from resources.selectors.plans import PlanState, school_plans
from resources.services.errors import ResourceRuleError
from resources.services.plans import PairData, PlanItemData, pair_add, plan_item_add
from resources.services.training import TrainingData, training_add

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 15)


def _item(world, name="Иванова Анна Петровна", topic="Функциональная грамотность", **over):
    data = PlanItemData(
        year=2025, full_name=name, topic=topic, form="course", hours="36",
        planned_from=date(2025, 2, 1), planned_to=date(2025, 3, 31), position="учитель", subject="математика",
    )  # fmt: skip
    for key, value in over.items():
        setattr(data, key, value)
    return plan_item_add(school=world.school_a, data=data)


def _record(world, name, topic, starts, ends, form="course"):
    training_add(
        school=world.school_a,
        user=world.team_a,
        data=TrainingData(
            year=2025, form=form, topic=topic, hours="36", starts_on=starts, ends_on=ends, full_name=name
        ),
    )


def test_states_come_from_the_register(world):
    _item(world)  # done: the same teacher and topic («ё» and case ignored)
    _item(
        world, topic="Смысловое чтение", form="internship", planned_from=date(2025, 5, 1), planned_to=date(2025, 9, 30)
    )
    _item(world, topic="Оценивание", planned_from=date(2025, 1, 10), planned_to=date(2025, 4, 30))  # overdue
    _item(world, name="Петров Олег", topic="ИКТ", planned_from=date(2025, 9, 1), planned_to=date(2025, 10, 1))
    _record(world, "иванова  анна петровна", "функциональная грамотность", date(2025, 2, 3), date(2025, 2, 20))
    # Another title but the planned form inside the planned period: running on 15 June.
    _record(world, "Иванова Анна Петровна", "Стажировка в гимназии", date(2025, 6, 1), date(2025, 6, 30), "internship")
    # Another teacher's record of the same topic does not count for Иванова.
    _record(world, "Сидорова Мария", "Оценивание", date(2025, 2, 1), date(2025, 2, 10))
    rows = school_plans(school_id=world.school_a.pk, year=2025, today=TODAY)
    states = {(r.plan.full_name, i.item.topic): i.state for r in rows for i in r.items}
    assert states == {
        ("Иванова Анна Петровна", "Функциональная грамотность"): PlanState.DONE,
        ("Иванова Анна Петровна", "Смысловое чтение"): PlanState.RUNNING,
        ("Иванова Анна Петровна", "Оценивание"): PlanState.OVERDUE,
        ("Петров Олег", "ИКТ"): PlanState.PLANNED,
    }
    assert TeacherPlan.objects.count() == 2 and rows[0].done == 1


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"hours": "1,3"}, "hours", "четверть часа"),
        ({"planned_to": date(2026, 1, 10)}, "planned_to", "в пределах 2025 года"),
        ({"full_name": "  "}, "full_name", "ФИО педагога"),
    ],
)
def test_bad_plan_items_refused_and_nothing_saved(world, over, field, message):
    with pytest.raises(ResourceRuleError) as exc:
        _item(world, **over)
    assert message in " ".join(exc.value.message_dict[field])
    assert not TeacherPlan.objects.exists() and not PlannedTraining.objects.exists()


def test_pairs_and_their_rules(world):
    pair = pair_add(
        school=world.school_a,
        data=PairData("Иванова Анна", "Петров Олег", "Первый год в школе", date(2025, 9, 1), date(2026, 5, 31)),
    )
    assert pair.mentee == "Петров Олег"
    with pytest.raises(ResourceRuleError):
        pair_add(school=world.school_a, data=PairData("Иванова Анна", "иванова  анна", "Тема", TODAY, TODAY))
    with pytest.raises(ResourceRuleError):
        pair_add(school=world.school_a, data=PairData("А", "Б", "Тема", date(2025, 9, 1), date(2025, 8, 1)))
    assert MentorPair.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status", "can_change"),
    [
        ("team_a", 200, True),
        ("staff_a", 200, True),
        ("methodologist_a", 200, False),
        ("staff_b", 403, False),
        ("anonymous", 302, False),
    ],
)
def test_page_personas(world, persona, status, can_change):
    _item(world)
    url = reverse("resources:plans", args=[world.school_a.pk]) + "?year=2025"
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Иванова Анна Петровна" in html and ("Добавить пару наставничества" in html) is can_change
        refused = client.post(
            url, {"which": "pair", "mentor": "А Б", "mentee": "В Г", "topic": "Т", "starts_on": "2025-09-01",
                  "ends_on": "2025-10-01"},
        )  # fmt: skip
        assert MentorPair.objects.exists() is can_change and refused.status_code in (200, 302, 403)


def test_the_team_adds_through_the_page(world):
    client = Client()
    client.force_login(world.team_a)
    url = reverse("resources:plans", args=[world.school_a.pk])
    response = client.post(
        url + "?year=2025",
        {"which": "item", "year": "2025", "full_name": "Петров Олег", "topic": "ИКТ", "form": "webinar",
         "hours": "1,5", "planned_from": "2025-03-01", "planned_to": "2025-03-01"},
    )  # fmt: skip
    assert response.status_code == 302
    bad = client.post(
        url + "?year=2025",
        {"which": "item", "year": "2025", "full_name": "Петров Олег", "topic": "ИКТ", "form": "webinar",
         "hours": "1,3", "planned_from": "2025-03-01", "planned_to": "2025-03-01"},
    )  # fmt: skip
    assert bad.status_code == 200 and "четверть часа" in bad.content.decode()
    assert PlannedTraining.objects.get().hours == 1.5


def test_query_count_does_not_grow_with_teachers(world):
    client = Client()
    client.force_login(world.staff_a)
    url = reverse("resources:plans", args=[world.school_a.pk]) + "?year=2025"
    _item(world)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        _item(world, name=f"Педагог {n}")
        pair_add(school=world.school_a, data=PairData(f"Н {n}", f"М {n}", "Т", date(2025, 1, 1), date(2025, 2, 1)))
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)
