from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from programs.models import Goal, Measure, Occurrence, Program, ProgramSchool, Task
from programs.services.measures import measure_create
from programs.services.programs import program_approve, program_target_set_create
from resources.services.events import EventData, event_plan


@dataclass
class Live:
    program: Program
    seminars: Measure  # monthly, for schools
    past: Occurrence  # the last due date before today
    task: Task


def make_live(world, *, approve: bool = True) -> Live:
    today = timezone.localdate()
    program = Program.objects.create(
        municipality=world.mun_a,
        target_set=program_target_set_create(municipality=world.mun_a, title="Текущая"),
        title="Программа текущего года",
        short_title="Текущая",
        period_start=today - timedelta(days=200),
        period_end=today + timedelta(days=300),
        created_by=world.staff_a,
        is_public=True,
    )
    Goal.objects.create(program=program, text="Повысить качество")
    task = Task.objects.create(program=program, number="1", text="Повысить квалификацию педагогов")
    ProgramSchool.objects.create(program=program, school=world.school_a)
    ProgramSchool.objects.create(program=program, school=world.school_a2)
    seminars = measure_create(
        program=program,
        data={"number": "1.1", "title": "Методические семинары", "task": task, "timing_text": "ежемесячно",
              "schools": [world.school_a, world.school_a2]},
    )  # fmt: skip
    if approve:
        program_approve(program=program, user=world.staff_a)
    program.refresh_from_db()
    past = seminars.occurrences.filter(due_date__lt=today - timedelta(days=2)).order_by("-due_date").first()
    return Live(program, seminars, past, task)


@pytest.fixture
def live(world) -> Live:
    return make_live(world)


def at(day, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def plan_seminar(world, live: Live, **overrides):
    data = EventData(
        title="Семинар «Смысловое чтение»",
        kind="seminar",
        starts_at=at(live.past.due_date - timedelta(days=1)),
        hours="4",
        audience="учителя начальных классов",
        audience_size=40,
        host_school=world.school_a,
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return event_plan(
        program=live.program,
        measure=live.seminars,
        occurrence=live.past,
        data=data,
        schools={world.school_a: 20, world.school_a2: 15},
        user=world.staff_a,
    )
