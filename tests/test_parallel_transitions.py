"""Two committee specialists press the same button at the same moment — accept a progress report,
accept a collection answer, approve a program — as two real requests on PostgreSQL, each thread
with its own database connection. Exactly one transition is recorded, the other request gets a
clear Russian message naming who did it, and the history has no duplicate step.

The services lock the row (select_for_update) before checking the state; the tests hold the first
request inside its transaction a little longer, so the second one really arrives while the first
is still deciding (without the lock both would read «на проверке» and both would write)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monitoring.models import IndicatorValue, Submission, SubmissionEvent
from monitoring.services.collections import collection_open, submission_save, submission_submit
from monitoring.services.periods import period_get_or_create
from programs.models import Measure, Program, ProgramVersion, ProgressReport, ProgressReview
from programs.services.progress import ProgressTarget, progress_file
from schools.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.monitoring.collection_helpers import make_indicators
from tests.programs.conftest import make_program

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

HOLD = 0.4  # seconds the first request stays inside its locked transaction


def _slow(monkeypatch, module, name):
    """Wrap a function the service calls while holding the row lock, so both requests overlap."""
    original = getattr(module, name)

    def slowed(*args, **kwargs):
        time.sleep(HOLD)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slowed)


def _in_parallel(users, url: str, data: dict) -> list[str]:
    """POSTs from every user at once (a barrier releases them together); returns the pages they
    land on after the redirect, in the users' order."""
    barrier = threading.Barrier(len(users))
    pages: list[str | BaseException] = [""] * len(users)

    def run(i, user):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=10)
            pages[i] = client.post(url, data, follow=True).content.decode()
        except BaseException as exc:  # noqa: BLE001 - reported in the main thread
            pages[i] = exc
        finally:
            connection.close()  # each thread has its own connection; leave none open

    threads = [threading.Thread(target=run, args=(i, u)) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    for page in pages:
        if isinstance(page, BaseException):
            raise page
    return pages


@pytest.fixture
def two_staff(world):
    colleague = UserFactory(username="staff_a2", last_name="Соколова", first_name="Мария")
    MembershipFactory(user=colleague, role=Role.MUNICIPAL_STAFF, municipality=world.mun_a)
    return [world.staff_a, colleague]


def _one_success(pages: list[str], success: str, refusal: str) -> None:
    assert sum(success in p for p in pages) == 1, "exactly one request succeeds"
    assert sum(refusal in p for p in pages) == 1, "the other gets a clear message"


def test_parallel_accept_of_a_progress_report_records_one_acceptance(world, two_staff, monkeypatch):
    program = make_program(world)
    occurrence = Measure.objects.get(program=program, number="1.1").occurrences.first()
    report = progress_file(
        target=ProgressTarget(occurrence=occurrence, school=world.school_a),
        user=world.team_a,
        status="done",
        narrative="Семинар проведён",
    )
    history_before = report.history.count()
    _slow(monkeypatch, ProgressReview.objects, "create")  # called inside the locked transaction

    pages = _in_parallel(two_staff, reverse("programs:review", args=[report.pk]), {"decision": "accept"})

    _one_success(pages, "Отчёт принят.", "Отчёт уже проверен (принят: ")
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.ACCEPTED
    assert ProgressReview.objects.filter(report=report, action=ProgressReview.Action.ACCEPTED).count() == 1
    assert report.history.count() == history_before + 1  # one step in the history, not two


def test_parallel_accept_of_a_collection_answer_publishes_once(world, two_staff, monkeypatch):
    import monitoring.services.collections as collection_services

    indicators = make_indicators()
    collection = collection_open(
        municipality=world.mun_a,
        title="Мониторинг условий 2025",
        period=period_get_or_create(kind="year", year=2025),
        indicators=indicators.values(),
        schools=[world.school_a],
        deadline=timezone.localdate() + timedelta(days=10),
        user=world.staff_a,
    )
    submission = collection.submissions.get(school=world.school_a)
    values = {indicators["teachers_total"].pk: "40", indicators["teachers_trained"].pk: "12"}
    values[indicators["satisfied"].pk] = "45"
    submission_save(submission=submission, values=values, confirmations=(), user=world.team_a, expected_version=None)
    submission_submit(submission=submission, user=world.team_a)
    history_before = Submission.history.filter(id=submission.pk).count()
    _slow(monkeypatch, collection_services, "_publish_values")

    url = reverse("monitoring:submission_review", args=[submission.pk])
    pages = _in_parallel(two_staff, url, {"decision": "accept"})

    _one_success(pages, "Ответ принят, данные заблокированы.", "Ответ уже принят: ")
    submission.refresh_from_db()
    assert submission.locked and submission.status == Submission.Status.ACCEPTED
    assert submission.events.filter(action=SubmissionEvent.Action.ACCEPTED).count() == 1
    assert Submission.history.filter(id=submission.pk).count() == history_before + 1
    assert IndicatorValue.objects.filter(school=world.school_a, source="collection").count() == 3
    for value in IndicatorValue.objects.filter(school=world.school_a, source="collection"):
        assert value.history.count() == 1  # published once, not written twice


def test_parallel_approval_of_a_program_freezes_one_version(world, two_staff, monkeypatch):
    import programs.services.programs as program_services

    program = make_program(world, status="draft")
    history_before = program.history.count()
    _slow(monkeypatch, program_services, "_check_complete")

    pages = _in_parallel(two_staff, reverse("programs:approve", args=[program.pk]), {"doc_type": "Приказ"})

    _one_success(pages, "Программа утверждена. Зафиксирована версия 1.", "Программа уже утверждена: ")
    program.refresh_from_db()
    assert program.status == Program.Status.APPROVED
    assert ProgramVersion.objects.filter(program=program).count() == 1
    assert program.history.count() == history_before + 1
