from datetime import date

import pytest
from django.core import mail

from programs.services.progress import ProgressTarget, progress_accept, progress_file
from programs.services.reminders import reminders_collect, reminders_send
from programs.tasks import send_due_digests

pytestmark = pytest.mark.django_db


def test_one_digest_per_user_with_due_and_overdue(program, world):
    world.staff_a.email = "staff@example.test"
    world.staff_a.save()
    # On 25 Sep 2025: 1.1 (school A) is due on 30 Sep; 1.2 (organisation) was due on 30 Jun.
    digest = reminders_collect(today=date(2025, 9, 25))
    team_lines = digest[world.team_a.pk]
    assert [(line.occurrence.measure.number, line.overdue) for line in team_lines] == [("1.1", True), ("1.1", False)]
    assert [(line.occurrence.measure.number, line.overdue) for line in digest[world.staff_a.pk]] == [("1.2", True)]
    assert reminders_send(today=date(2025, 9, 25)) == 2
    assert len(mail.outbox) == 2
    body = next(m for m in mail.outbox if m.to == [world.team_a.email]).body
    assert "Просрочено" in body and "Семинар для учителей" in body


def test_accepted_occurrences_are_not_reminded(program, world):
    first = program.measures.get(number="1.1").occurrences.order_by("due_date").first()
    report = progress_file(
        target=ProgressTarget(first, school=world.school_a), user=world.team_a, status="done", narrative="Проведено"
    )
    progress_accept(report=report, user=world.staff_a)
    lines = reminders_collect(today=date(2025, 9, 25))[world.team_a.pk]
    assert first.pk not in [line.occurrence.pk for line in lines]


def test_the_beat_task_sends_through_the_service(program, world):
    # apply() runs the task body in this process whatever the broker; the worker itself is
    # exercised by the report tests against real Redis.
    assert send_due_digests.apply().get() >= 1
