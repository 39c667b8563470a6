"""Issue 19: a held methodological event is the progress report of its measure occurrence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from programs.models import Evidence, ProgressReport
from programs.selectors.execution import State, execution
from programs.services.progress import progress_accept
from resources.models import EventAttendance, EventMaterial, MethodEvent
from resources.services.events import event_invite, event_record

from .conftest import at, plan_seminar

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% programme\n"


def _states(live, occurrence_id):
    work = execution(program_ids=[live.program.pk])
    return {t.school_id: t.state for t in work.targets if t.occurrence_id == occurrence_id}


def test_held_event_files_the_occurrence_report_and_closes_it_once_accepted(world, live):
    event = plan_seminar(world, live)
    assert set(_states(live, live.past.pk).values()) == {State.OVERDUE}
    event_record(
        event=event,
        user=world.team_a,  # the host school's team
        actual={world.school_a.pk: 18, world.school_a2.pk: 12},
        outcome="Разобраны приёмы смыслового чтения.",
        files=[SimpleUploadedFile("programma.pdf", PDF, content_type="application/pdf")],
        links=["https://example.org/zapis"],
    )
    event.refresh_from_db()
    assert event.status == MethodEvent.Status.HELD
    reports = list(event.reports.order_by("school__short_name"))
    # One report per invited school the measure concerns: both schools' targets are carried out.
    assert [r.school for r in reports] == [world.school_a, world.school_a2]
    assert all(r.status == ProgressReport.Status.DONE and r.occurrence_id == live.past.pk for r in reports)
    assert "Участников: 30 человек из 40" in reports[0].narrative
    assert "https://example.org/zapis" in reports[0].narrative
    # The materials are the report's evidence, the same bytes.
    evidence = Evidence.objects.filter(report__in=reports)
    assert evidence.count() == 2 and all(e.file.read() == PDF for e in evidence)
    assert set(_states(live, live.past.pk).values()) == {State.WAITING}
    for report in reports:
        progress_accept(report=report, user=world.region_staff)
    assert set(_states(live, live.past.pk).values()) == {State.DONE}


def test_a_second_record_of_a_held_event_is_refused_and_changes_nothing(world, live):
    event = plan_seminar(world, live)
    files = [SimpleUploadedFile("programma.pdf", PDF, content_type="application/pdf")]
    event_record(event=event, user=world.team_a, actual={world.school_a.pk: 18}, outcome="Итоги", files=files)
    reports = {r.pk: r.version for r in event.reports.all()}
    again = [SimpleUploadedFile("programma.pdf", PDF, content_type="application/pdf")]
    with pytest.raises(ValidationError, match="уже отмечено проведённым"):
        event_record(event=event, user=world.team_a, actual={world.school_a.pk: 18}, outcome="Итоги", files=again)
    assert EventMaterial.objects.filter(event=event).count() == 1
    assert {r.pk: r.version for r in event.reports.all()} == reports


def test_on_demand_measure_event_makes_its_dated_occurrence(world, live):
    from programs.services.measures import measure_create
    from programs.services.programs import program_amendment_commit, program_amendment_open

    program_amendment_open(program=live.program)
    club = measure_create(
        program=live.program,
        data={"number": "1.2", "title": "Родительский клуб", "task": live.task, "timing_text": "По запросу",
              "schools": [world.school_a]},
    )  # fmt: skip
    program_amendment_commit(program=live.program, user=world.staff_a, reason="Клуб")
    day = live.past.due_date - timedelta(days=3)
    from resources.services.events import EventData, event_plan

    event = event_plan(
        program=live.program,
        measure=club,
        occurrence=None,
        data=EventData(
            title="Родительский клуб",
            kind="parents_club",
            starts_at=at(day, 18),
            hours="1.5",
            audience="родители",
            audience_size=25,
            host_school=world.school_a,
        ),
        schools={world.school_a: 20},
        user=world.staff_a,
    )
    event_record(event=event, user=world.team_a, actual={world.school_a.pk: 21}, outcome="Обсудили ГИА.")
    event.refresh_from_db()
    assert event.occurrence is not None and event.occurrence.due_date == day and event.occurrence.on_demand
    assert event.reports.get().school == world.school_a


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours": "1.3"}, "четверть часа"),
        ({"hours": "-2"}, "больше нуля"),
        ({"hours": "0"}, "больше нуля"),
        ({"audience_size": 30}, "больше, чем мест"),  # 20 + 15 expected
    ],
)
def test_bad_plans_are_refused_in_russian_and_nothing_is_saved(world, live, overrides, message):
    with pytest.raises(ValidationError) as exc:
        plan_seminar(world, live, **overrides)
    assert message in " ".join(exc.value.messages)
    assert not MethodEvent.objects.exists() and not EventAttendance.objects.exists()


def test_event_outside_the_program_period_is_refused(world, live):
    with pytest.raises(ValidationError) as exc:
        plan_seminar(world, live, starts_at=at(live.program.period_end + timedelta(days=1)))
    assert "в периоде программы" in " ".join(exc.value.messages)


def test_attendance_above_the_audience_is_refused_and_nothing_half_saved(world, live):
    event = plan_seminar(world, live)
    with pytest.raises(ValidationError) as exc:
        event_record(
            event=event,
            user=world.team_a,
            actual={world.school_a.pk: 30, world.school_a2.pk: 11},
            outcome="Итоги",
            files=[SimpleUploadedFile("p.pdf", PDF)],
        )
    assert "Пришло — 41 — больше, чем мест на мероприятии (40)" in " ".join(exc.value.messages)
    event.refresh_from_db()
    assert event.status == MethodEvent.Status.PLANNED
    assert not EventMaterial.objects.exists() and not ProgressReport.objects.exists()
    assert list(event.attendance.values_list("actual", flat=True)) == [None, None]


def test_a_failing_report_rolls_the_whole_record_back(world, live):
    """The report of school A-2 is already accepted: the record is refused as a whole."""
    from programs.services.progress import ProgressTarget, progress_file

    done = progress_file(
        target=ProgressTarget(occurrence=live.past, school=world.school_a2),
        user=world.staff_a,
        status="done",
        narrative="Проведено ранее",
    )
    progress_accept(report=done, user=world.region_staff)
    event = plan_seminar(world, live)
    with pytest.raises(ValidationError):
        event_record(event=event, user=world.team_a, actual={world.school_a.pk: 5}, outcome="Итоги")
    event.refresh_from_db()
    assert event.status == MethodEvent.Status.PLANNED
    assert ProgressReport.objects.count() == 1


def test_invitation_goes_to_the_invited_schools_teams(world, live):
    from tests.factories import SchoolTeamFactory

    world.team_a.email = "team-a@example.org"
    world.team_a.save()
    SchoolTeamFactory(username="team_a2", school=world.school_a2, email="team-a2@example.org")
    SchoolTeamFactory(username="team_b", school=world.school_b, email="team-b@example.org")
    event = plan_seminar(world, live)
    assert event_invite(event=event, user=world.staff_a) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["team-a2@example.org", "team-a@example.org"]
    assert "Семинар «Смысловое чтение»" in mail.outbox[0].subject
    assert "4 ч" in mail.outbox[0].body and "Школа А-1" in mail.outbox[0].body
    event.refresh_from_db()
    assert event.invited_at is not None
