from __future__ import annotations

from datetime import date

import pytest

from programs.models import Program
from programs.services.programs import program_approve
from tests.factories import GoalFactory, MeasureFactory, ProgramFactory, TaskFactory


def make_program(world, *, status: str = "approved", start=date(2024, 1, 1), end=date(2026, 12, 31)) -> Program:
    """Municipality A's program for school A-1: a goal, task 1 and two measures (1.1 yearly in
    September for the school, 1.2 in the second quarter of 2025); approved unless ``status="draft"``."""
    program = ProgramFactory(
        municipality=world.mun_a,
        title="Программа повышения качества образования",
        short_title="Программа А",
        period_start=start,
        period_end=end,
        created_by=world.staff_a,
        schools=[world.school_a],
    )
    GoalFactory(program=program, text="Выравнивание образовательных возможностей")
    task = TaskFactory(program=program, number="1", text="Повысить качество")
    MeasureFactory(
        program=program,
        number="1.1",
        title="Семинар для учителей",
        task=task,
        timing_text="Сентябрь, ежегодно",
        schools=[world.school_a],
    )
    MeasureFactory(
        program=program, number="1.2", title="Совещание комитета", task=task, timing_text="2 квартал 2025 года"
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
