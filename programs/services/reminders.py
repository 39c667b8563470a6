"""The daily digest: each responsible user gets one e-mail listing what is due within 7 days and
what is overdue — never one mail per item."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from programs.models import Measure, MeasureAssignment, Occurrence, Program
from programs.selectors.execution import RUNNING, State, execution
from schools.digests import digests_send
from schools.models import Membership, Role, School

DUE_WINDOW_DAYS = 7


@dataclass(frozen=True)
class DigestLine:
    occurrence: Occurrence
    school_name: str
    overdue: bool


def reminders_collect(*, today: date | None = None) -> dict[int, list[DigestLine]]:
    """user id → the lines of their digest: the running programs' targets that are overdue or due
    within the window (selectors/execution.py — a report waiting for review is no longer the
    executor's to do). A fixed number of queries whatever the data size."""
    today = today or timezone.localdate()
    program_ids = Program.objects.filter(status__in=RUNNING).values_list("pk", flat=True)
    work = execution(program_ids=program_ids, today=today)
    horizon = today + timedelta(days=DUE_WINDOW_DAYS)
    targets = [
        t
        for t in work.targets
        if t.state == State.OVERDUE or (t.state == State.DUE and t.due_date is not None and t.due_date <= horizon)
    ]
    occurrences = Occurrence.objects.with_program().in_bulk({t.occurrence_id for t in targets})
    schools = dict(
        School.objects.filter(pk__in={t.school_id for t in targets if t.school_id}).values_list("pk", "short_name")
    )
    level_org = dict(
        MeasureAssignment.objects.filter(pk__in={t.assignment_id for t in targets if t.assignment_id}).values_list(
            "pk", "organisation_id"
        )
    )
    responsible: dict[int, set[int]] = defaultdict(set)
    for measure_id, org_id in Measure.responsible.through.objects.filter(
        measure_id__in={t.measure_id for t in targets}
    ).values_list("measure_id", "organisation_id"):
        responsible[measure_id].add(org_id)
    memberships = list(
        Membership.objects.filter(is_active=True, user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", "role", "school_id", "municipality_id", "organisation_id")
    )
    team_by_school, staff_by_municipality, staff_by_org = defaultdict(set), defaultdict(set), defaultdict(set)
    for user_id, role, school_id, municipality_id, organisation_id in memberships:
        if role == Role.SCHOOL_TEAM:
            team_by_school[school_id].add(user_id)
        elif role == Role.MUNICIPAL_STAFF:
            staff_by_municipality[municipality_id].add(user_id)
        if organisation_id:
            staff_by_org[organisation_id].add(user_id)
    digest: dict[int, list[DigestLine]] = defaultdict(list)
    for target in sorted(targets, key=lambda t: (t.due_date, t.measure_id)):
        occurrence = occurrences[target.occurrence_id]
        overdue = target.state == State.OVERDUE
        if target.school_id:
            for user_id in team_by_school.get(target.school_id, ()):
                digest[user_id].append(DigestLine(occurrence, schools[target.school_id], overdue))
            continue
        # An organisation's part: its staff; failing that, the program's municipal coordinators.
        orgs = {level_org.get(target.assignment_id)} if target.assignment_id else responsible[target.measure_id]
        recipients = set().union(*(staff_by_org.get(o, set()) for o in orgs if o))
        for user_id in recipients or staff_by_municipality.get(occurrence.measure.program.municipality_id, set()):
            digest[user_id].append(DigestLine(occurrence, "", overdue))
    return digest


def reminders_send(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return digests_send(reminders_collect(today=today), today=today, template="programs/email/digest")
