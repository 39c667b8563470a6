"""Data collections, the services: opening, and the submit → return → resubmit → accept → reopen
walk with who and when, locking, double clicks. Checks on entry: test_collection_entry.py;
tracker and reminders: test_collection_reminders.py."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.models import (
    Collection,
    IndicatorValue,
    Submission,
    SubmissionEvent,
    SubmissionValue,
    TargetSet,
)
from monitoring.services.collections import (
    StaleVersion,
    SubmissionInvalid,
    collection_open,
    submission_accept,
    submission_reopen,
    submission_return,
    submission_save,
    submission_submit,
)
from monitoring.services.periods import period_get_or_create
from programs.models import Program
from programs.services.programs import program_collection_open
from tests.monitoring.collection_helpers import good_values, ids, submission_of
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


# --- Opening -------------------------------------------------------------------------------------


def test_open_creates_one_empty_submission_per_school(collection, world):
    assert collection.created_by == world.staff_a
    assert sorted(collection.submissions.values_list("school__code", "status")) == [("A-1", "draft"), ("A-2", "draft")]
    assert str(collection.period) == "2025 г."


def test_open_refuses_a_school_of_another_municipality(world, indicators):
    with pytest.raises(ValidationError) as exc:
        collection_open(
            municipality=world.mun_a,
            title="Сбор",
            period=period_get_or_create(kind="year", year=2025),
            indicators=indicators.values(),
            schools=[world.school_a, world.school_b],
            deadline=timezone.localdate() + timedelta(days=3),
            user=world.staff_a,
        )
    assert "не из муниципалитета" in exc.value.message_dict["schools"][0]
    assert not Collection.objects.exists() and not Submission.objects.exists()


@pytest.mark.parametrize(("status", "message"), [("completed", "Программа завершена"), ("archived", "в архиве")])
def test_open_refuses_a_collection_over_a_closed_program(world, indicators, status, message):
    # The program's status is the programs layer's to check: its service opens the collection.
    program = make_program(world)
    Program.objects.filter(pk=program.pk).update(status=status)
    with pytest.raises(ValidationError, match=message):
        program_collection_open(
            program=program,
            title="Сбор по программе",
            period=period_get_or_create(kind="quarter", year=2025, quarter=2),
            indicators=indicators.values(),
            schools=[world.school_a],
            deadline=timezone.localdate() + timedelta(days=3),
            user=world.staff_a,
        )
    assert not Collection.objects.exists()


def test_open_over_an_active_program_keeps_its_id(world, indicators):
    target_set = TargetSet.objects.create(title="Программа № 7", municipality=world.mun_a)
    collection = collection_open(
        municipality=world.mun_a,
        title="Сбор по программе",
        period=period_get_or_create(kind="quarter", year=2025, quarter=2),
        indicators=indicators.values(),
        schools=[world.school_a],
        deadline=timezone.localdate() + timedelta(days=3),
        user=world.staff_a,
        target_set=target_set,
    )
    assert collection.target_set == target_set and str(collection.period) == "2 квартал 2025 г."


def test_open_refuses_a_computed_indicator_without_its_parts(world, indicators):
    with pytest.raises(ValidationError, match="добавьте их в сбор"):
        collection_open(
            municipality=world.mun_a,
            title="Сбор",
            period=period_get_or_create(kind="academic_year", year=2025),
            indicators=[indicators["share_trained"], indicators["satisfied"]],
            schools=[world.school_a],
            deadline=timezone.localdate() + timedelta(days=3),
            user=world.staff_a,
        )


def test_open_refuses_a_past_deadline_and_an_empty_choice(world):
    with pytest.raises(ValidationError) as exc:
        collection_open(
            municipality=world.mun_a,
            title=" ",
            period=period_get_or_create(kind="year", year=2025),
            indicators=[],
            schools=[],
            deadline=timezone.localdate() - timedelta(days=1),
            user=world.staff_a,
        )
    assert set(exc.value.message_dict) == {"title", "indicators", "schools", "deadline"}


# --- The walk ------------------------------------------------------------------------------------


def test_full_walk_open_draft_submit_return_resubmit_accept_reopen(collection, world, indicators):
    submission = submission_of(collection, world.school_a)
    submission = submission_save(
        submission=submission,
        values=good_values(indicators),
        confirmations=set(),
        user=world.team_a,
        expected_version=submission.version,
    )
    assert submission.status == Submission.Status.DRAFT
    assert SubmissionValue.objects.get(submission=submission, indicator=indicators["satisfied"]).value == Decimal(
        "45.5"
    )
    submission = submission_submit(submission=submission, user=world.team_a)
    assert submission.status == Submission.Status.SUBMITTED and submission.submitted_at is not None

    submission = submission_return(submission=submission, user=world.staff_a, comment="Проверьте число педагогов")
    assert submission.status == Submission.Status.RETURNED and not submission.locked

    submission = submission_save(
        submission=submission,
        values=ids(indicators, teachers_total="42"),
        confirmations=set(),
        user=world.team_a,
        expected_version=submission.version,
    )
    submission = submission_submit(submission=submission, user=world.team_a, comment="Исправили")
    submission = submission_accept(submission=submission, user=world.staff_a)
    assert submission.status == Submission.Status.ACCEPTED and submission.locked

    published = {
        iv.indicator.code: iv
        for iv in IndicatorValue.objects.filter(period=collection.period, school=world.school_a).select_related(
            "indicator"
        )
    }
    assert {code: iv.value for code, iv in published.items()} == {
        "t_teachers_total": Decimal("42"),
        "t_teachers_trained": Decimal("12"),
        "t_satisfied": Decimal("45.5"),
    }
    assert {iv.source for iv in published.values()} == {IndicatorValue.Source.COLLECTION}
    assert {iv.source_ref for iv in published.values()} == {f"collection:{collection.pk}/submission:{submission.pk}"}
    assert {iv.entered_by for iv in published.values()} == {world.team_a}

    with pytest.raises(ValidationError, match="заблокирован"):
        submission_save(
            submission=submission,
            values=ids(indicators, teachers_total="50"),
            confirmations=set(),
            user=world.team_a,
            expected_version=None,
        )
    with pytest.raises(ValidationError, match="без комментария"):
        submission_reopen(submission=submission, user=world.staff_a, comment="  ")

    submission = submission_reopen(submission=submission, user=world.staff_a, comment="Уточнить данные после проверки")
    assert not submission.locked and submission.status == Submission.Status.RETURNED
    # Reopening does not withdraw the published values: they stay until replaced.
    assert IndicatorValue.objects.get(indicator=indicators["teachers_total"], school=world.school_a).value == 42

    events = list(submission.events.order_by("at", "pk").values_list("action", "by__username", "comment"))
    assert events == [
        (SubmissionEvent.Action.SAVED, "team_a", ""),
        (SubmissionEvent.Action.SUBMITTED, "team_a", ""),
        (SubmissionEvent.Action.RETURNED, "staff_a", "Проверьте число педагогов"),
        (SubmissionEvent.Action.SAVED, "team_a", ""),
        (SubmissionEvent.Action.SUBMITTED, "team_a", "Исправили"),
        (SubmissionEvent.Action.ACCEPTED, "staff_a", ""),
        (SubmissionEvent.Action.REOPENED, "staff_a", "Уточнить данные после проверки"),
    ]
    times = list(submission.events.order_by("at", "pk").values_list("at", flat=True))
    assert all(t is not None for t in times) and times == sorted(times)

    # The corrected value replaces the published one on the next acceptance.
    submission = submission_save(
        submission=submission,
        values=ids(indicators, teachers_total="44"),
        confirmations=set(),
        user=world.team_a,
        expected_version=submission.version,
    )
    submission = submission_accept(
        submission=submission_submit(submission=submission, user=world.team_a), user=world.staff_a
    )
    value = IndicatorValue.objects.get(indicator=indicators["teachers_total"], school=world.school_a)
    assert value.value == 44 and value.version == 2
    assert value.history.count() == 2  # the earlier accepted value is kept in the history


def test_double_accept_writes_once(collection, world, indicators):
    submission = submission_of(collection, world.school_a)
    submission_save(
        submission=submission,
        values=good_values(indicators),
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    submission_submit(submission=submission, user=world.team_a)
    first = submission_accept(submission=submission, user=world.staff_a)
    with pytest.raises(ValidationError, match="Ответ уже принят: "):
        submission_accept(submission=submission, user=world.staff_a)  # the second click
    submission.refresh_from_db()
    assert first.version == submission.version
    assert submission.events.filter(action=SubmissionEvent.Action.ACCEPTED).count() == 1
    assert IndicatorValue.objects.filter(period=collection.period, school=world.school_a).count() == 3


def test_return_needs_a_comment_and_a_submitted_answer(collection, world):
    submission = submission_of(collection, world.school_a)
    with pytest.raises(ValidationError, match="без комментария"):
        submission_return(submission=submission, user=world.staff_a, comment="")
    with pytest.raises(ValidationError, match="только отправленный"):
        submission_return(submission=submission, user=world.staff_a, comment="Почему пусто?")
    with pytest.raises(ValidationError, match="только отправленный"):
        submission_accept(submission=submission, user=world.staff_a)


def test_submit_needs_every_value(collection, world, indicators):
    submission = submission_of(collection, world.school_a)
    submission_save(
        submission=submission,
        values=ids(indicators, teachers_total="40"),
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    with pytest.raises(SubmissionInvalid) as exc:
        submission_submit(submission=submission, user=world.team_a)
    assert set(exc.value.errors) == {indicators["teachers_trained"].pk, indicators["satisfied"].pk}
    assert "Заполните значение" in exc.value.errors[indicators["satisfied"].pk][0]
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT


def test_saving_while_under_review_is_refused(collection, world, indicators):
    submission = submission_of(collection, world.school_a)
    submission_save(
        submission=submission,
        values=good_values(indicators),
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    submission_submit(submission=submission, user=world.team_a)
    with pytest.raises(ValidationError, match="ждёт проверки"):
        submission_save(
            submission=submission,
            values=good_values(indicators),
            confirmations=set(),
            user=world.team_a,
            expected_version=None,
        )


def test_stale_version_is_refused(collection, world, indicators):
    submission = submission_of(collection, world.school_a)
    opened_at = submission.version
    submission_save(
        submission=submission,
        values=good_values(indicators),
        confirmations=set(),
        user=world.staff_a,
        expected_version=opened_at,
    )
    with pytest.raises(StaleVersion, match=r"уже изменил\(а\) .*Численность педагогов"):
        submission_save(
            submission=submission,
            values=ids(indicators, teachers_total="41"),
            confirmations=set(),
            user=world.team_a,
            expected_version=opened_at,
        )
