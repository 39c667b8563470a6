"""Who may see or change programs, measures and progress reports.

Built only from the predicates and scope of schools/access.py, so the ladder is read in one
place; this module adds the program-specific facts (status, participating schools)."""

from __future__ import annotations

import rules
from django.db.models import Q, QuerySet

from schools.access import governs_municipality, is_superuser, scope_of

from .models import Program


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
def governs_program(user, obj) -> bool:
    program = _program_of(obj)
    return program is not None and governs_municipality(user, program)


@rules.predicate
def takes_part_in_program(user, obj) -> bool:
    """A school team or assigned methodologist of a participating school (non-draft programs)."""
    program = _program_of(obj)
    if program is None or program.status == Program.Status.DRAFT:
        return False
    scope = scope_of(user)
    mine = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    return bool(mine & _participant_school_ids(program)) or (program.municipality_id in scope.api_municipality_ids)


@rules.predicate
def is_public_program(user, obj) -> bool:
    program = _program_of(obj)
    return program is not None and program.is_public and program.status != Program.Status.DRAFT


@rules.predicate
def program_is_editable(user, obj) -> bool:
    program = _program_of(obj)
    return program is not None and program.is_editable_directly


@rules.predicate
def files_for_school(user, report_or_target) -> bool:
    """The school team of the school the report is (or would be) about."""
    school_id = getattr(report_or_target, "school_id", None)
    return school_id is not None and school_id in scope_of(user).team_school_ids


governs = is_superuser | governs_program
rules.add_perm("programs.view_program", governs | takes_part_in_program)
rules.add_perm("programs.view_public_program", is_public_program | governs)
rules.add_perm("programs.add_program", is_superuser | governs_municipality)  # obj: municipality
rules.add_perm("programs.change_program", governs & program_is_editable)
rules.add_perm("programs.manage_program", governs)  # approve, amend, publish, news
rules.add_perm("programs.review_progress", governs)
# Filing progress: obj is a ProgressTarget (occurrence + school/organisation) or a report.
rules.add_perm("programs.file_progress", governs | files_for_school)


def visible_programs(user, qs: QuerySet[Program] | None = None) -> QuerySet[Program]:
    qs = Program.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    mine = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    return qs.filter(
        Q(municipality__region_id__in=scope.region_ids)
        | Q(municipality_id__in=scope.municipality_ids)
        | (
            ~Q(status=Program.Status.DRAFT)
            & (Q(participants__school_id__in=mine) | Q(municipality_id__in=scope.api_municipality_ids))
        )
    ).distinct()


def public_programs(qs: QuerySet[Program] | None = None) -> QuerySet[Program]:
    qs = Program.objects.all() if qs is None else qs
    return qs.filter(is_public=True).exclude(status=Program.Status.DRAFT)
