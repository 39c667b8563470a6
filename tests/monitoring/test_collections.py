"""Data collections, the services: opening, checks on entry, the submit → return → resubmit →
accept → reopen walk with who and when, locking, double clicks, reminders."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.models import Collection, Indicator, IndicatorValue, Submission, SubmissionEvent, SubmissionValue
from monitoring.selectors.collections import collection_tracker
from monitoring.services.collections import (
    StaleVersion,
    SubmissionInvalid,
    collection_open,
    submission_accept,
    submission_entry,
    submission_reopen,
    submission_return,
    submission_save,
    submission_submit,
)
from monitoring.services.periods import period_get_or_create
from monitoring.services.reminders import collection_reminders_collect, collection_reminders_send
from monitoring.tasks import send_collection_reminders
from schools.models import Role
from tests.factories import MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_indicators() -> dict[str, Indicator]:
    # Codes of their own: the catalogue loaded by the migrations has the real ones.
    return {
        "teachers_total": Indicator.objects.create(
            code="t_teachers_total", name="Численность педагогов", unit=Indicator.Unit.COUNT, min_value=0
        ),
        "teachers_trained": Indicator.objects.create(
            code="t_teachers_trained", name="Педагоги, прошедшие повышение квалификации", unit=Indicator.Unit.COUNT
        ),
        "share_trained": Indicator.objects.create(
            code="t_share_trained",
            name="Доля педагогов, прошедших повышение квалификации",
            unit=Indicator.Unit.PERCENT,
            kind=Indicator.Kind.COMPUTED,
            formula="t_teachers_trained / t_teachers_total * 100",
        ),
        "satisfied": Indicator.objects.create(
            code="t_satisfied",
            name="Доля родителей, удовлетворённых качеством образования",
            unit=Indicator.Unit.PERCENT,
            min_value=0,
            max_value=100,
        ),
    }


def make_collection(world, indicators) -> Collection:
    """Open for schools A-1 and A-2, due in ten days; school A-1 had 40 % satisfied last year."""
    IndicatorValue.objects.create(
        indicator=indicators["satisfied"],
        period=period_get_or_create(kind="year", year=2024),
        school=world.school_a,
        value=Decimal("40"),
        source=IndicatorValue.Source.IMPORT,
    )
    return collection_open(
        municipality=world.mun_a,
        title="Мониторинг условий 2025",
        period=period_get_or_create(kind="year", year=2025),
        indicators=indicators.values(),
        schools=[world.school_a, world.school_a2],
        deadline=timezone.localdate() + timedelta(days=10),
        user=world.staff_a,
    )


@pytest.fixture
def indicators(db) -> dict[str, Indicator]:
    return make_indicators()


@pytest.fixture
def collection(world, indicators) -> Collection:
    return make_collection(world, indicators)


def _ids(indicators, **values):
    return {indicators[code].pk: value for code, value in values.items()}


def _good(indicators):
    return _ids(indicators, teachers_total="40", teachers_trained="12", satisfied="45,5")


def _submission(collection, school) -> Submission:
    return collection.submissions.get(school=school)


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
    with pytest.raises(ValidationError, match=message):
        collection_open(
            municipality=world.mun_a,
            title="Сбор по программе",
            period=period_get_or_create(kind="quarter", year=2025, quarter=2),
            indicators=indicators.values(),
            schools=[world.school_a],
            deadline=timezone.localdate() + timedelta(days=3),
            user=world.staff_a,
            program_id=7,
            program_status=status,
        )
    assert not Collection.objects.exists()


def test_open_over_an_active_program_keeps_its_id(world, indicators):
    collection = collection_open(
        municipality=world.mun_a,
        title="Сбор по программе",
        period=period_get_or_create(kind="quarter", year=2025, quarter=2),
        indicators=indicators.values(),
        schools=[world.school_a],
        deadline=timezone.localdate() + timedelta(days=3),
        user=world.staff_a,
        program_id=7,
        program_status="active",
    )
    assert collection.program_id == 7 and str(collection.period) == "2 квартал 2025 г."


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
    submission = _submission(collection, world.school_a)
    submission = submission_save(
        submission=submission,
        values=_good(indicators),
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
        values=_ids(indicators, teachers_total="42"),
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
            values=_ids(indicators, teachers_total="50"),
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
        values=_ids(indicators, teachers_total="44"),
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
    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission, values=_good(indicators), confirmations=set(), user=world.team_a, expected_version=None
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
    submission = _submission(collection, world.school_a)
    with pytest.raises(ValidationError, match="без комментария"):
        submission_return(submission=submission, user=world.staff_a, comment="")
    with pytest.raises(ValidationError, match="только отправленный"):
        submission_return(submission=submission, user=world.staff_a, comment="Почему пусто?")
    with pytest.raises(ValidationError, match="только отправленный"):
        submission_accept(submission=submission, user=world.staff_a)


def test_submit_needs_every_value(collection, world, indicators):
    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission,
        values=_ids(indicators, teachers_total="40"),
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
    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission, values=_good(indicators), confirmations=set(), user=world.team_a, expected_version=None
    )
    submission_submit(submission=submission, user=world.team_a)
    with pytest.raises(ValidationError, match="ждёт проверки"):
        submission_save(
            submission=submission,
            values=_good(indicators),
            confirmations=set(),
            user=world.team_a,
            expected_version=None,
        )


def test_stale_version_is_refused(collection, world, indicators):
    submission = _submission(collection, world.school_a)
    opened_at = submission.version
    submission_save(
        submission=submission,
        values=_good(indicators),
        confirmations=set(),
        user=world.staff_a,
        expected_version=opened_at,
    )
    with pytest.raises(StaleVersion, match=r"уже изменил\(а\) .*Численность педагогов"):
        submission_save(
            submission=submission,
            values=_ids(indicators, teachers_total="41"),
            confirmations=set(),
            user=world.team_a,
            expected_version=opened_at,
        )


# --- Checks on entry: one bad value and nothing is saved ------------------------------------------


def _refused(collection, world, indicators, confirmations=(), **values) -> SubmissionInvalid:
    submission = _submission(collection, world.school_a)
    with pytest.raises(SubmissionInvalid) as exc:
        submission_save(
            submission=submission,
            values={**_good(indicators), **_ids(indicators, **values)},
            confirmations=set(confirmations),
            user=world.team_a,
            expected_version=submission.version,
        )
    assert not SubmissionValue.objects.exists(), "a refused save wrote something"
    assert not SubmissionEvent.objects.exists()
    submission.refresh_from_db()
    assert submission.version == 1
    return exc.value


def test_value_outside_its_range_is_refused(collection, world, indicators):
    exc = _refused(collection, world, indicators, satisfied="120")
    assert exc.errors == {
        indicators["satisfied"].pk: ["Значение вне допустимого диапазона (от 0 до 100): введено 120."]
    }


def test_negative_count_is_refused_by_the_unit_range(collection, world, indicators):
    exc = _refused(collection, world, indicators, teachers_trained="-1")
    assert "не меньше 0" in exc.errors[indicators["teachers_trained"].pk][0]


def test_text_where_a_number_belongs_is_refused(collection, world, indicators):
    exc = _refused(collection, world, indicators, teachers_total="сорок")
    assert exc.errors[indicators["teachers_total"].pk] == ["«сорок» — не число. Введите число, например 12,5."]


def test_fractional_count_is_refused(collection, world, indicators):
    exc = _refused(collection, world, indicators, teachers_total="40,5")
    assert exc.errors[indicators["teachers_total"].pk] == ["Должно быть целым числом: единица показателя — «человек»."]


def test_numerator_above_denominator_is_refused(collection, world, indicators):
    exc = _refused(collection, world, indicators, teachers_total="10", teachers_trained="12")
    (message,) = exc.errors[indicators["teachers_trained"].pk]
    assert message == (
        "«Педагоги, прошедшие повышение квалификации» (12) больше, чем «Численность педагогов» (10): "
        "часть не может быть больше целого, доля превысила бы 100 %."
    )
    # The whole's field says it too: either may be the wrong one.
    assert exc.errors[indicators["teachers_total"].pk] == [message]


def test_unusual_value_needs_a_confirmation(collection, world, indicators):
    # Last year 40 %, now 90 %: more than 50 % away.
    exc = _refused(collection, world, indicators, satisfied="90")
    assert indicators["satisfied"].pk in exc.unusual
    assert "сильно отличается от прошлого периода (было 40)" in exc.errors[indicators["satisfied"].pk][0]
    assert "Значение верно" in exc.errors[indicators["satisfied"].pk][0]

    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission,
        values={**_good(indicators), **_ids(indicators, satisfied="90")},
        confirmations={indicators["satisfied"].pk},
        user=world.team_a,
        expected_version=submission.version,
    )
    kept = SubmissionValue.objects.get(submission=submission, indicator=indicators["satisfied"])
    assert kept.value == 90 and kept.confirmed_unusual


def test_one_bad_value_among_good_ones_saves_nothing_even_over_a_draft(collection, world, indicators):
    submission = _submission(collection, world.school_a)
    submission = submission_save(
        submission=submission, values=_good(indicators), confirmations=set(), user=world.team_a, expected_version=None
    )
    with pytest.raises(SubmissionInvalid):
        submission_save(
            submission=submission,
            values=_ids(indicators, teachers_total="41", satisfied="abc"),
            confirmations=set(),
            user=world.team_a,
            expected_version=submission.version,
        )
    assert SubmissionValue.objects.get(submission=submission, indicator=indicators["teachers_total"]).value == 40


def test_the_entry_rows_show_last_period_unit_and_range(collection, world, indicators):
    entry = submission_entry(submission=_submission(collection, world.school_a))
    rows = {r.indicator.code[2:]: r for r in entry.rows}
    assert list(rows) == ["satisfied", "teachers_total", "teachers_trained"]  # computed ones are not typed in
    assert rows["satisfied"].last_display == "40"
    assert rows["satisfied"].range_display == "от 0 до 100"
    assert rows["teachers_total"].range_display == "не меньше 0"
    assert str(entry.last_period) == "2024 г."
    assert [c.indicator.code for c in entry.computed] == ["t_share_trained"]


def test_computed_share_is_shown_from_the_typed_values(collection, world, indicators):
    entry = submission_entry(
        submission=_submission(collection, world.school_a), values=_good(indicators), confirmations=()
    )
    assert not entry.has_errors
    assert entry.computed[0].value_display == "30"


# --- Tracker and reminders -----------------------------------------------------------------------


def test_tracker_lists_who_has_not_submitted_first(collection, world, indicators):
    school_a3 = SchoolFactory(municipality=world.mun_a, short_name="Школа А-3")
    collection.schools.add(school_a3)
    Submission.objects.create(collection=collection, school=school_a3)
    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission, values=_good(indicators), confirmations=set(), user=world.team_a, expected_version=None
    )
    submission_submit(submission=submission, user=world.team_a)
    second = _submission(collection, world.school_a2)
    submission_save(
        submission=second,
        values=_ids(indicators, teachers_total="30"),
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
    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission, values=_good(indicators), confirmations=set(), user=world.team_a, expected_version=None
    )
    submission_submit(submission=submission, user=world.team_a)
    assert world.team_a.pk not in collection_reminders_collect(today=collection.deadline - timedelta(days=1))
    assert collection_reminders_collect(today=collection.deadline - timedelta(days=4)) == {}
    assert collection_reminders_collect(today=collection.deadline + timedelta(days=2)) == {}


def test_the_beat_task_sends_through_the_service(collection, world):
    assert send_collection_reminders.apply().get() == 0  # nothing due within three days of today
