"""Data collections: the tracker of who has not submitted, and the digest reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from monitoring.models import Collection, Submission
from monitoring.selectors.collections import collection_tracker
from monitoring.services.collections import (
    collection_open,
    submission_save,
    submission_submit,
)
from monitoring.services.periods import period_get_or_create
from monitoring.services.reminders import collection_reminders_collect, collection_reminders_send
from monitoring.tasks import send_collection_reminders
from schools.models import Role
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.monitoring.collection_helpers import good_values, ids, submission_of

pytestmark = pytest.mark.django_db


# --- Tracker and reminders -----------------------------------------------------------------------


def test_tracker_lists_who_has_not_submitted_first(collection, world, indicators):
    school_a3 = SchoolFactory(municipality=world.mun_a, short_name="Школа А-3")
    collection.schools.add(school_a3)
    Submission.objects.create(collection=collection, school=school_a3)
    submission = submission_of(collection, world.school_a)
    submission_save(
        submission=submission,
        values=good_values(indicators),
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    submission_submit(submission=submission, user=world.team_a)
    second = submission_of(collection, world.school_a2)
    submission_save(
        submission=second,
        values=ids(indicators, teachers_total="30"),
        confirmations=set(),
        user=world.staff_a,
        expected_version=None,
    )
    tracker = collection_tracker(collection=collection)
    assert [(r.school.short_name, r.state) for r in tracker.rows] == [
        ("Школа А-3", "not_started"),
        ("Школа А-2", "draft"),
        ("Школа А-1", "submitted"),
    ]
    assert [r.school.short_name for r in tracker.not_submitted] == ["Школа А-3", "Школа А-2"]
    assert tracker.counts == {"not_started": 1, "draft": 1, "returned": 0, "submitted": 1, "accepted": 0}


def test_reminders_one_digest_per_user(collection, world, indicators):
    today = collection.deadline - timedelta(days=2)
    second_member = UserFactory(username="team_a_2")
    MembershipFactory(user=second_member, role=Role.SCHOOL_TEAM, school=world.school_a)
    both_schools = UserFactory(username="team_both")
    MembershipFactory(user=both_schools, role=Role.SCHOOL_TEAM, school=world.school_a)
    MembershipFactory(user=both_schools, role=Role.SCHOOL_TEAM, school=world.school_a2)
    # A second collection due yesterday, for school A only.
    late = collection_open(
        municipality=world.mun_a,
        title="Опрос родителей",
        period=period_get_or_create(kind="year", year=2025),
        indicators=[collection.indicators.get(code="t_satisfied")],
        schools=[world.school_a],
        deadline=timezone.localdate(),
        user=world.staff_a,
    )
    Collection.objects.filter(pk=late.pk).update(deadline=today - timedelta(days=1))

    digest = collection_reminders_collect(today=today)
    assert set(digest) == {world.team_a.pk, second_member.pk, both_schools.pk}
    assert [(line.collection.title, line.overdue) for line in digest[world.team_a.pk]] == [
        ("Опрос родителей", True),
        ("Мониторинг условий 2025", False),
    ]
    assert len(digest[both_schools.pk]) == 3  # both schools' forms and the late one, in one mail

    assert collection_reminders_send(today=today) == 3
    assert len(mail.outbox) == 3
    body = next(m for m in mail.outbox if m.to == [world.team_a.email]).body
    assert "Вчера прошёл срок сдачи" in body and "Опрос родителей" in body and "Мониторинг условий 2025" in body


def test_reminders_skip_submitted_forms_and_far_deadlines(collection, world, indicators):
    submission = submission_of(collection, world.school_a)
    submission_save(
        submission=submission,
        values=good_values(indicators),
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    submission_submit(submission=submission, user=world.team_a)
    assert world.team_a.pk not in collection_reminders_collect(today=collection.deadline - timedelta(days=1))
    assert collection_reminders_collect(today=collection.deadline - timedelta(days=4)) == {}
    assert collection_reminders_collect(today=collection.deadline + timedelta(days=2)) == {}


def test_the_beat_task_sends_through_the_service(collection, world):
    assert send_collection_reminders.apply().get() == 0  # nothing due within three days of today
