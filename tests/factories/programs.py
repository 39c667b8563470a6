"""Programs, their parts, measures and targets, made through programs/services like the committee's
forms make them. A measure or a target needs an editable program (a draft, or an approved one with
an amendment open), exactly as in the portal."""

from __future__ import annotations

from datetime import date

import factory

from monitoring.models import Indicator, Target
from programs.models import Goal, Measure, Program, ProgramSchool, Task
from programs.services.measures import measure_create
from programs.services.programs import PASSPORT_FIELDS, program_approve, program_create, program_status_set
from programs.services.targets import target_set

from .monitoring import IndicatorFactory
from .schools import MunicipalityFactory, MunicipalStaffFactory, SchoolFactory

# The status moves program_status_set makes after approval to reach each status.
STATUS_PATH = {
    Program.Status.APPROVED: [],
    Program.Status.ACTIVE: [Program.Status.ACTIVE],
    Program.Status.COMPLETED: [Program.Status.ACTIVE, Program.Status.COMPLETED],
    Program.Status.ARCHIVED: [Program.Status.ARCHIVED],
}


class ProgramFactory(factory.django.DjangoModelFactory):
    """``program_create`` with the passport given; ``schools=[…]`` become the program's target
    schools. A ``status`` past the draft is reached as the portal reaches it: what approval
    requires is added when missing (a goal and a task for a «программа», one measure), then
    ``program_approve`` by ``created_by`` and ``program_status_set`` step by step."""

    class Meta:
        model = Program

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Program.Kind.PROGRAM
    title = factory.Sequence(lambda n: f"Программа повышения качества образования № {n}")
    short_title = factory.Sequence(lambda n: f"Программа {n}")
    period_start = date(2024, 1, 1)
    period_end = date(2026, 12, 31)
    created_by = factory.SubFactory(MunicipalStaffFactory, municipality=factory.SelfAttribute("..municipality"))
    status = Program.Status.DRAFT
    schools: tuple = ()

    @classmethod
    def _create(cls, model_class, *, municipality, created_by, status, schools, **passport):
        unknown = sorted(set(passport) - set(PASSPORT_FIELDS))
        if unknown:
            raise TypeError(f"ProgramFactory: {unknown} are not passport fields program_create takes")
        program = program_create(municipality=municipality, data=passport, user=created_by)
        for school in schools:
            ProgramSchoolFactory(program=program, school=school)
        if status != Program.Status.DRAFT:
            _approve(program, user=created_by)
            for step in STATUS_PATH[status]:
                program_status_set(program=program, status=step)
            program.refresh_from_db()
        return program


def _approve(program: Program, *, user) -> None:
    if program.kind == Program.Kind.PROGRAM and not program.goals.exists():
        GoalFactory(program=program)
    if program.kind == Program.Kind.PROGRAM and not program.tasks.exists():
        TaskFactory(program=program)
    if not program.measures.filter(is_archived=False).exists():
        MeasureFactory(program=program, task=program.tasks.first())
    program_approve(program=program, user=user)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    program = factory.SubFactory(ProgramFactory)
    text = "Выравнивание образовательных возможностей"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"Задача {n + 1}")


class ProgramSchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramSchool

    program = factory.SubFactory(ProgramFactory)
    school = factory.SubFactory(SchoolFactory, municipality=factory.SelfAttribute("..program.municipality"))
    role = ProgramSchool.Role.TARGET


class MeasureFactory(factory.django.DjangoModelFactory):
    """``measure_create``: the timing text is parsed into due dates (none by default: «срок не
    указан»); ``schools``, ``responsible`` and ``indicators`` are lists; ``assignments`` the
    roadmap executors (programs.services.measures.AssignmentChange)."""

    class Meta:
        model = Measure

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"Мероприятие {n + 1}")
    timing_text = ""

    @classmethod
    def _create(cls, model_class, *, program, assignments=(), **data):
        return measure_create(program=program, data=data, assignments=assignments)


class TargetFactory(factory.django.DjangoModelFactory):
    """``target_set``: a program's target for one school (by default a new school of the program's
    municipality) or, with ``municipality=…``, for the municipality. The factory names the program
    and leaves to the service how a target is tied to it, so it does not change when that does."""

    class Meta:
        model = Target

    program = factory.SubFactory(ProgramFactory)
    indicator = factory.SubFactory(IndicatorFactory, unit=Indicator.Unit.PERCENT, min_value=0, max_value=100)
    municipality = None
    school = factory.Maybe(
        "municipality",
        yes_declaration=None,
        no_declaration=factory.SubFactory(SchoolFactory, municipality=factory.SelfAttribute("..program.municipality")),
    )
    planned = factory.LazyAttribute(lambda o: {o.program.period_start.year: "60"})

    @classmethod
    def _create(cls, model_class, *, program, **kwargs):
        return target_set(program=program, **kwargs)
