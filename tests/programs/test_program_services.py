"""Program rules: completeness, approval, versions, status, timing and periods."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from programs.models import Measure, Program, ProgramVersion, Stage
from programs.services import measures as msvc
from programs.services import programs as psvc
from programs.services.snapshot import snapshot_diff
from programs.timing import Kind, Schedule
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_measure_timing_becomes_occurrences_in_the_period(draft):
    measure = draft.measures.get(number="1.1")
    assert measure.schedule_kind == "yearly"
    assert [o.due_date for o in measure.occurrences.all()] == [date(2024, 9, 30), date(2025, 9, 30), date(2026, 9, 30)]
    assert [o.due_date for o in draft.measures.get(number="1.2").occurrences.all()] == [date(2025, 6, 30)]


def test_measure_outside_the_program_period_is_refused(draft):
    with pytest.raises(ValidationError) as exc:
        msvc.measure_create(
            program=draft, data={"number": "1.3", "title": "Вне периода", "timing_text": "Июнь-июль 2018"}
        )
    assert "выходит за период программы" in str(exc.value)
    assert not Measure.objects.filter(number="1.3").exists()


def test_unreadable_timing_is_flagged_and_blocks_approval_until_corrected(draft, world):
    measure = msvc.measure_create(
        program=draft, data={"number": "1.3", "title": "Встреча", "timing_text": "когда получится"}
    )
    assert measure.needs_timing_review and not measure.occurrences.exists()
    with pytest.raises(ValidationError, match="не распознаны"):
        psvc.program_approve(program=draft, user=world.staff_a)
    draft.refresh_from_db()
    assert draft.status == Program.Status.DRAFT and not draft.versions.exists()
    msvc.measure_schedule_set(measure=measure, schedule=Schedule(kind=Kind.YEARLY, months=(12,)))
    measure.refresh_from_db()
    assert not measure.needs_timing_review
    assert measure.occurrences.count() == 3
    psvc.program_approve(program=draft, user=world.staff_a)


def test_approval_requires_goal_tasks_and_measures(world):
    empty = ProgramFactory(
        municipality=world.mun_a, title="Пустая", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)
    )
    with pytest.raises(ValidationError) as exc:
        psvc.program_approve(program=empty, user=world.staff_a)
    assert "цель" in str(exc.value) and "мероприятия" in str(exc.value)


def test_approve_twice_is_refused_and_freezes_one_version(draft, world):
    psvc.program_approve(program=draft, user=world.staff_a)
    with pytest.raises(ValidationError, match="уже утверждена"):
        psvc.program_approve(program=draft, user=world.staff_a)
    assert ProgramVersion.objects.filter(program=draft).count() == 1


def test_the_passport_form_saves_every_field_it_shows(draft):
    from programs.forms.programs import ProgramForm

    assert "period_end_assumed" in ProgramForm.Meta.fields
    psvc.program_update(program=draft, data={"period_end_assumed": True})
    draft.refresh_from_db()
    assert draft.period_end_assumed


def test_approved_program_changes_only_through_a_new_version(program, world):
    with pytest.raises(ValidationError, match="новую версию"):
        msvc.measure_create(program=program, data={"number": "2.1", "title": "Новое", "timing_text": "Май, ежегодно"})
    with pytest.raises(ValidationError, match="новую версию"):
        psvc.program_update(program=program, data={"title": "Другое"})
    psvc.program_amendment_open(program=program)
    program.refresh_from_db()
    msvc.measure_create(program=program, data={"number": "2.1", "title": "Новое", "timing_text": "Май, ежегодно"})
    changed = program.measures.get(number="1.1")
    msvc.measure_update(measure=changed, data={"title": "Семинар для учителей и родителей"})
    program.measures.get(number="1.2").delete()
    with pytest.raises(ValidationError):
        psvc.program_amendment_commit(program=program, user=world.staff_a, reason="  ")
    version = psvc.program_amendment_commit(
        program=program, user=world.staff_a, reason="Корректировка плана", doc_type="Приказ", doc_number="15"
    )
    assert version.number == 2
    v1, v2 = program.versions.order_by("number")
    measures = {d.key: d for d in snapshot_diff(v1.snapshot, v2.snapshot)}["measures"]
    assert [k for k, _ in measures.added] == ["2.1"]
    assert [k for k, _ in measures.removed] == ["1.2"]
    assert measures.changed[0][0] == "1.1"
    assert measures.changed[0][2]["наименование"] == "Семинар для учителей и родителей"  # parts by their names
    # the first version is never lost
    assert "1.2" in v1.snapshot["measures"] and v1.snapshot["measures"]["1.1"]["title"] == "Семинар для учителей"


def test_status_moves_only_along_the_lifecycle(program):
    with pytest.raises(ValidationError, match="Нельзя перевести"):
        psvc.program_status_set(program=program, status=Program.Status.COMPLETED)
    psvc.program_status_set(program=program, status=Program.Status.ACTIVE)
    psvc.program_status_set(program=program, status=Program.Status.COMPLETED)
    assert Program.objects.get(pk=program.pk).status == Program.Status.COMPLETED


def test_stage_end_before_start_is_refused(draft):
    stage = Stage(program=draft, number="1", title="Этап", start=date(2025, 5, 1), end=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        stage.full_clean()


def test_changing_timing_keeps_occurrences_that_have_reports(program, world):
    from programs.services.progress import ProgressTarget, progress_file

    measure = program.measures.get(number="1.1")
    first = measure.occurrences.first()
    progress_file(
        target=ProgressTarget(first, school=world.school_a),
        user=world.team_a,
        status="done",
        narrative="Проведён семинар",
    )
    psvc.program_amendment_open(program=program)
    msvc.measure_update(measure=measure, data={"timing_text": "Май, ежегодно"})
    dates = {o.due_date: o.off_schedule for o in measure.occurrences.all()}
    assert dates[first.due_date] is True  # kept, with its report, off the new schedule
    assert dates[date(2025, 5, 31)] is False


# --- Target sets and data collections ---------------------------------------------------------


def test_a_program_gets_its_target_set_named_as_it_is(world):
    program = psvc.program_create(
        municipality=world.mun_a,
        data={"title": "Программа поддержки школ", "period_start": date(2025, 1, 1), "period_end": date(2026, 12, 31)},
        user=world.staff_a,
    )
    target_set = program.target_set
    assert (target_set.title, target_set.municipality) == ("Программа поддержки школ", world.mun_a)
    psvc.program_update(program=program, data={"short_title": "Поддержка школ"})
    target_set.refresh_from_db()
    assert target_set.title == "Поддержка школ" == str(Program.objects.get(pk=program.pk))


@pytest.mark.parametrize(
    ("statuses", "message"),
    [
        ([Program.Status.ACTIVE, Program.Status.COMPLETED], "Программа завершена: сбор данных по ней не открывается."),
        ([Program.Status.ARCHIVED], "Программа в архиве: сбор данных по ней не открывается."),
    ],
)
def test_a_finished_program_opens_no_data_collection(program, world, statuses, message):
    from datetime import timedelta

    from django.utils import timezone

    from monitoring.models import Collection, Indicator
    from monitoring.services.periods import period_get_or_create

    def open_collection():
        return psvc.program_collection_open(
            program=program,
            title="Сбор по программе",
            period=period_get_or_create(kind="year", year=2025),
            indicators=Indicator.objects.filter(code="teachers_total"),
            schools=[world.school_a],
            deadline=timezone.localdate() + timedelta(days=5),
            user=world.staff_a,
        )

    collection = open_collection()  # approved: the program still runs
    assert collection.target_set == program.target_set and collection.municipality == world.mun_a
    assert list(program.target_set.collections.all()) == [collection]
    for status in statuses:
        psvc.program_status_set(program=program, status=status)
    with pytest.raises(psvc.ProgramRuleError) as exc:
        open_collection()
    assert exc.value.messages == [message]
    assert Collection.objects.count() == 1
