"""«Мои школы» reads a fixed number of queries; the committee's load and the episode items agree
with counts made here the plain way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from curators.models import Visit
from curators.selectors.episodes import episode_parts
from curators.selectors.load import curator_load
from curators.selectors.mine import my_schools
from curators.services.assignments import OrderData, curator_assign
from curators.services.visits import VisitData, plan_item_add, visit_record
from schools.models import School, User
from tests.factories import MethodologistFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _curate(world, curator, n: int, *, today: date) -> list:
    schools = [SchoolFactory(municipality=world.mun_a) for _ in range(n)]
    start = today - timedelta(days=80)
    made = curator_assign(curator=curator, schools=schools, order=OrderData("5", start, start), user=world.region_staff)
    for a in made:
        past = plan_item_add(assignment=a, planned_on=today - timedelta(days=5), kind="visit", topic="П", user=curator)
        plan_item_add(assignment=a, planned_on=today + timedelta(days=5), kind="seminar", topic="С", user=curator)
        visit_record(assignment=a, data=VisitData(today - timedelta(days=20), "onsite", "Визит"), user=curator)
        if a.school_id % 2:
            visit_record(assignment=a, data=VisitData(today, "remote", "Закрыть"), plan_item=past, user=curator)
    return made


def _queries(user_pk: int) -> tuple[int, list]:
    user = User.objects.get(pk=user_pk)
    with CaptureQueriesContext(connection) as ctx:
        rows = my_schools(user=user)
    return len(ctx.captured_queries), rows


def test_my_schools_reads_a_fixed_number_of_queries(world):
    today = timezone.localdate()
    few, many = MethodologistFactory(), MethodologistFactory()
    _curate(world, few, 1, today=today)
    _curate(world, many, 6, today=today)
    n_few, rows_few = _queries(few.pk)
    n_many, rows_many = _queries(many.pk)
    assert len(rows_few) == 1 and len(rows_many) == 6
    assert n_few == n_many
    for row in rows_many:
        open_past = [i for i in row.assignment.plan_items.all() if i.planned_on < today and not hasattr(i, "visit")]
        assert [i.pk for i in row.overdue] == [i.pk for i in open_past]
        assert row.next_item is not None and row.next_item.planned_on == today + timedelta(days=5)
        assert row.last_visit == max(v.visited_on for v in row.assignment.visits.all())


def test_committee_load_agrees_with_a_plain_count(world):
    today = timezone.localdate()
    first, second = MethodologistFactory(last_name="Антонова"), MethodologistFactory(last_name="Борисов")
    _curate(world, first, 3, today=today)
    _curate(world, second, 2, today=today)
    load = curator_load(schools=School.objects.filter(municipality=world.mun_a), today=today)
    year_start = date(today.year - (0 if today.month >= 9 else 1), 9, 1)
    for row in load.rows:
        visits = Visit.objects.filter(assignment__curator=row.curator)
        expected_visits = sum(1 for v in visits if v.visited_on >= year_start)
        expected_overdue = sum(
            1
            for a in row.curator.curator_assignments.all()
            for i in a.plan_items.all()
            if i.planned_on < today and not Visit.objects.filter(plan_item=i).exists()
        )
        assert (row.visits, row.overdue, len(row.schools)) == (
            expected_visits,
            expected_overdue,
            row.curator.curator_assignments.count(),
        )
    assert [r.curator for r in load.rows] == [first, second]
    assert len(load.overdue) == sum(r.overdue for r in load.rows) > 0
    # of the world have no curator here.
    assert {s.short_name for s in load.without_curator} == {"Школа А-1", "Школа А-2"}


def test_episode_parts_give_the_visits_of_the_years_asked_to_who_may_see_them(world, curation):
    a = curation.assignment
    day = a.starts_on + timedelta(days=1)
    visit_record(assignment=a, data=VisitData(day, "onsite", "Наблюдение уроков"), user=curation.curator_a)
    year = day.year + (1 if day.month >= 9 else 0)
    team = User.objects.get(pk=world.team_a.pk)
    with CaptureQueriesContext(connection) as ctx:
        items = episode_parts(world.school_a, years=[year - 1, year], user=team)
    assert len(ctx.captured_queries) <= 3  # the scope, the visits (the team is no curator)
    assert [(i["year"], i["kind"], i["label"]) for i in items] == [(year, "visit", "Визит куратора")]
    assert items[0]["text"] == f"{day:%d.%m.%Y}, очно: Наблюдение уроков"
    assert episode_parts(world.school_a, years=[year - 1], user=team) == []
    assert episode_parts(world.school_a, years=[year], user=curation.curator_a2) == []
