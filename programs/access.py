"""Who may see or change programs, measures and progress reports.

Built only from the predicates and scope of schools/access.py, so the ladder is read in one
place; this module adds the program-specific facts (status, participating schools)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.db.models import Q

from schools.access import (
    governs_municipality,
    governs_school,
    is_assigned_to_school,
    is_committee_staff,
    is_superuser,
    is_team_of_school,
    scope_of,
)

from .models import Measure, MeasureAssignment, Practice, Program, ProgramImport, ReviewAssignment, SchoolProgram
from .models.practices import PracticeQuerySet
from .models.program import ProgramQuerySet
from .models.school_programs import SchoolProgramQuerySet

if TYPE_CHECKING:
    from schools.access import AnyUser


def _program_of(obj) -> Program | None:
    if isinstance(obj, Program):
        return obj
    for attr in ("program", "measure", "occurrence"):
        inner = getattr(obj, attr, None)
        if inner is not None:
            return _program_of(inner)
    return None


def _participant_school_ids(program: Program) -> set[int]:
    cache = getattr(program, "_participant_ids", None)
    if cache is None:
        cache = set(program.participants.values_list("school_id", flat=True))
        program._participant_ids = cache
    return cache


@rules.predicate
def governs_program(user: AnyUser, obj) -> bool:
    program = _program_of(obj)
    return program is not None and governs_municipality(user, program)


@rules.predicate
def takes_part_in_program(user: AnyUser, obj) -> bool:
    """A school team or assigned methodologist of a participating school (non-draft programs)."""
    program = _program_of(obj)
    if program is None or program.status == Program.Status.DRAFT:
        return False
    scope = scope_of(user)
    mine = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    return bool(mine & _participant_school_ids(program)) or (program.municipality_id in scope.api_municipality_ids)


@rules.predicate
def is_public_program(user: AnyUser, obj) -> bool:
    program = _program_of(obj)
    return program is not None and program.is_public and program.status != Program.Status.DRAFT


@rules.predicate
def program_is_editable(user: AnyUser, obj) -> bool:
    program = _program_of(obj)
    return program is not None and program.is_editable_directly


def _executing_org_ids(program: Program) -> set[int]:
    """Organisations responsible for a measure or a roadmap level of the program (cached)."""
    cache = getattr(program, "_executing_org_ids", None)
    if cache is None:
        responsible = Measure.responsible.through.objects.filter(measure__program=program).values_list(
            "organisation_id", flat=True
        )
        levels = MeasureAssignment.objects.filter(measure__program=program, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
        cache = set(responsible) | set(levels)
        program._executing_org_ids = cache
    return cache


def _in_organisation_area(user: AnyUser, program: Program | None) -> bool:
    """An executing organisation's token reaches only the programs of its area."""
    area = scope_of(user).organisation_area
    return program is not None and (area is None or program.municipality_id in area)


@rules.predicate
def executes_in_program(user: AnyUser, obj) -> bool:
    """Staff of an organisation responsible for some measure of a (non-draft) program."""
    orgs = scope_of(user).organisation_ids
    program = _program_of(obj)
    if not orgs or program is None or program.status == Program.Status.DRAFT:
        return False
    return _in_organisation_area(user, program) and bool(orgs & _executing_org_ids(program))


@rules.predicate
def files_for_school(user: AnyUser, report_or_target) -> bool:
    """The school team of the school the report is (or would be) about."""
    school_id = getattr(report_or_target, "school_id", None)
    return school_id is not None and school_id in scope_of(user).team_school_ids


@rules.predicate
def files_for_organisation(user: AnyUser, report_or_target) -> bool:
    """Staff of the executing organisation the report is (or would be) about: the organisation of
    its roadmap level, or — for a measure that names no school — one of its responsible ones."""
    orgs = scope_of(user).organisation_ids
    if not orgs or getattr(report_or_target, "school_id", None) is not None:
        return False
    if not _in_organisation_area(user, _program_of(report_or_target)):
        return False
    assignment = getattr(report_or_target, "assignment", None)
    if assignment is not None:
        return assignment.organisation_id in orgs
    measure = report_or_target.occurrence.measure
    return measure.responsible.filter(pk__in=orgs).exists()


#: the party itself (not committee staff acting for it)
files_as_party = files_for_school | files_for_organisation


@rules.predicate
def curates_report_school(user: AnyUser, report) -> bool:
    """A methodologist (curator) assigned to the report's school: the issue gives a program's
    curators the decision on their schools' reports, next to the committee. Only school reports:
    a curator has no say over an organisation's or a roadmap level's part."""
    school_id = getattr(report, "school_id", None)
    if school_id is None or school_id not in scope_of(user).assigned_school_ids:
        return False
    program = _program_of(report)
    return program is not None and program.status != Program.Status.DRAFT


@rules.predicate
def curates_schools(user: AnyUser) -> bool:
    return bool(scope_of(user).assigned_school_ids)


@rules.predicate
def uploaded_it(user: AnyUser, obj) -> bool:
    return isinstance(obj, ProgramImport) and user.is_authenticated and obj.created_by_id == user.pk


governs = is_superuser | governs_program
rules.add_perm("programs.view_program", governs | takes_part_in_program | executes_in_program)
rules.add_perm("programs.view_public_program", is_public_program | governs)
rules.add_perm("programs.add_program", is_superuser | governs_municipality)  # obj: municipality
rules.add_perm("programs.change_program", governs & program_is_editable)
rules.add_perm("programs.manage_program", governs)  # approve, amend, publish, news
rules.add_perm("programs.review_progress", governs)
# Filing progress: obj is a ProgressTarget (occurrence + school/organisation) or a report.
rules.add_perm("programs.file_progress", governs | files_as_party)
rules.add_perm("programs.file_progress_as_party", files_as_party)
# Deciding on one report (accept / return): obj is the report. Whoever filed it is refused by the
# service (separation of duties), whatever this says.
rules.add_perm("programs.decide_report", governs | curates_report_school)
# Reading a report and its evidence: the party, the committee, and whoever decides on it.
rules.add_perm("programs.view_report", governs | files_as_party | curates_report_school)
# A program document read for import (issue 18): its preview is the uploader's, while they still
# govern the municipality it was uploaded for.
rules.add_perm("programs.import_program", uploaded_it & (is_superuser | governs_municipality))
# «Проверка отчётов»: committee staff (reports and data collections), curators (their schools' reports).
# The support episodes of a municipality's schools (obj: the municipality): its committee, the region.
rules.add_perm("programs.view_support_episodes", is_superuser | governs_municipality)
rules.add_perm("programs.view_review_queue", is_superuser | is_committee_staff | curates_schools)


def visible_programs(user: AnyUser, qs: ProgramQuerySet | None = None) -> ProgramQuerySet:
    qs = Program.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    mine = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    executing = Q()
    if scope.organisation_ids:
        executing = Q(
            pk__in=Measure.objects.filter(
                Q(responsible__in=scope.organisation_ids) | Q(assignments__organisation__in=scope.organisation_ids)
            ).values("program_id")
        )
        if scope.organisation_area is not None:
            executing &= Q(municipality_id__in=scope.organisation_area)
    return qs.filter(
        Q(municipality__region_id__in=scope.region_ids)
        | Q(municipality_id__in=scope.municipality_ids)
        | (
            ~Q(status=Program.Status.DRAFT)
            & (Q(participants__school_id__in=mine) | Q(municipality_id__in=scope.api_municipality_ids) | executing)
        )
    ).distinct()


def public_programs(qs: ProgramQuerySet | None = None) -> ProgramQuerySet:
    qs = Program.objects.all() if qs is None else qs
    return qs.filter(is_public=True).exclude(status=Program.Status.DRAFT)


# --- School programs under expert review ----------------------------------------------------
# A SchoolProgram and a Practice carry their school, so the ladder predicates of schools/access
# apply to them as they are.


def _school_program_of(obj) -> SchoolProgram | None:
    if isinstance(obj, SchoolProgram):
        return obj
    inner = getattr(obj, "program", None)
    return inner if isinstance(inner, SchoolProgram) else None


@rules.predicate
def reviews_school_program(user: AnyUser, obj) -> bool:
    """An expert with an active assignment on this school program."""
    program = _school_program_of(obj)
    if program is None or not user.is_authenticated:
        return False
    return ReviewAssignment.objects.filter(program=program, reviewer=user, state=ReviewAssignment.State.ACTIVE).exists()


@rules.predicate
def school_program_is_editable(user: AnyUser, obj) -> bool:
    program = _school_program_of(obj)
    return program is not None and program.is_editable


@rules.predicate
def school_program_awaits_review(user: AnyUser, obj) -> bool:
    program = _school_program_of(obj)
    return program is not None and program.status in SchoolProgram.AWAITING_REVIEW


@rules.predicate
def practice_is_published(user: AnyUser, obj) -> bool:
    return isinstance(obj, Practice) and obj.status == Practice.Status.PUBLISHED


@rules.predicate
def practice_is_editable(user: AnyUser, obj) -> bool:
    return isinstance(obj, Practice) and obj.is_editable


@rules.predicate
def practice_awaits_review(user: AnyUser, obj) -> bool:
    return isinstance(obj, Practice) and obj.status == Practice.Status.SUBMITTED


governs_the_school = is_superuser | governs_school
rules.add_perm(
    "programs.view_school_program",
    governs_the_school | is_team_of_school | is_assigned_to_school | reviews_school_program,
)
rules.add_perm("programs.add_school_program", is_team_of_school)  # obj: the school
rules.add_perm("programs.change_school_program", is_team_of_school & school_program_is_editable)
rules.add_perm("programs.assign_reviewers", governs_the_school)
# Reviewing needs the assignment itself: curators and committee staff do not score without one.
rules.add_perm("programs.review_school_program", reviews_school_program & school_program_awaits_review)
rules.add_perm("programs.manage_review_criteria", is_superuser | governs_municipality)  # obj: municipality

rules.add_perm(
    "programs.view_practice", practice_is_published | governs_the_school | is_team_of_school | is_assigned_to_school
)
rules.add_perm("programs.add_practice", is_team_of_school)  # obj: the school
rules.add_perm("programs.change_practice", is_team_of_school & practice_is_editable)
rules.add_perm("programs.review_practice", (governs_the_school | is_assigned_to_school) & practice_awaits_review)
rules.add_perm("programs.withdraw_practice", governs_the_school | is_assigned_to_school)


def visible_school_programs(user: AnyUser, qs: SchoolProgramQuerySet | None = None) -> SchoolProgramQuerySet:
    qs = SchoolProgram.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    if not scope.authenticated or not user.is_authenticated:  # the second tells the type checker
        return qs.none()
    return qs.filter(
        Q(school__region_id__in=scope.region_ids)
        | Q(school__municipality_id__in=scope.municipality_ids)
        | Q(school_id__in=scope.team_school_ids | scope.assigned_school_ids)
        | Q(pk__in=ReviewAssignment.objects.filter(reviewer=user, state="active").values("program_id"))
    )


def visible_practices(user: AnyUser, qs: PracticeQuerySet | None = None) -> PracticeQuerySet:
    """Published practices for everyone, plus unpublished ones of the schools the user works with."""
    qs = Practice.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    return qs.filter(
        Q(status=Practice.Status.PUBLISHED)
        | Q(school__region_id__in=scope.region_ids)
        | Q(school__municipality_id__in=scope.municipality_ids)
        | Q(school_id__in=scope.team_school_ids | scope.assigned_school_ids)
    )
