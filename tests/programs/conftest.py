from __future__ import annotations

from datetime import date

import pytest

from programs.models import Goal, Program, ProgramSchool, Task
from programs.services.measures import measure_create
from programs.services.programs import program_approve, program_target_set_create


def make_program(world, *, status: str = "approved", start=date(2024, 1, 1), end=date(2026, 12, 31)) -> Program:
    program = Program.objects.create(
        municipality=world.mun_a,
        target_set=program_target_set_create(municipality=world.mun_a, title="Программа А"),
        title="Программа повышения качества образования",
        short_title="Программа А",
        period_start=start,
        period_end=end,
        created_by=world.staff_a,
    )
    Goal.objects.create(program=program, text="Выравнивание образовательных возможностей")
    task = Task.objects.create(program=program, number="1", text="Повысить качество")
    ProgramSchool.objects.create(program=program, school=world.school_a)
    measure_create(
        program=program,
        data={
            "number": "1.1",
            "title": "Семинар для учителей",
            "task": task,
            "timing_text": "Сентябрь, ежегодно",
            "schools": [world.school_a],
        },
    )
    measure_create(
        program=program,
        data={"number": "1.2", "title": "Совещание комитета", "task": task, "timing_text": "2 квартал 2025 года"},
    )
    if status != "draft":
        program_approve(program=program, user=world.staff_a)
        program.refresh_from_db()
    return program


@pytest.fixture
def program(world):
    return make_program(world)


@pytest.fixture
def draft(world):
    return make_program(world, status="draft")
