"""Reads for program pages: the document, the measures table, progress, overdue and due lists.

Every function issues a fixed number of queries whatever the number of measures or schools."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .access import public_programs, visible_programs
from .models import Measure, Occurrence, Program, ProgressReport
from .timing import Schedule

RUNNING = [Program.Status.APPROVED, Program.Status.ACTIVE]
# An accepted report in one of these statuses closes its target (the measure done for that school).
CLOSING = [ProgressReport.Status.DONE, ProgressReport.Status.CANCELLED]


@dataclass
class Progress:
    targets: int = 0  # occurrence × school (or × 1 where the measure names no school)
    done: int = 0  # accepted reports with status "done" or "cancelled"
    due: int = 0  # targets whose due date has passed
    closed_due: int = 0  # of those, with an accepted report

    @property
    def overdue(self) -> int:
        return max(self.due - self.closed_due, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.targets) if self.targets else 0


def programs_progress(program_ids: list[int], *, today: date | None = None) -> dict[int, Progress]:
    today = today or timezone.localdate()
    result: dict[int, Progress] = defaultdict(Progress)
    measures = (
        Measure.objects.filter(program_id__in=program_ids, is_archived=False)
        .annotate(
            n_schools=Count("schools", distinct=True),
            n_occ=Count("occurrences", distinct=True),
            n_due=Count("occurrences", filter=Q(occurrences__due_date__lt=today), distinct=True),
        )
        .values_list("program_id", "n_schools", "n_occ", "n_due")
    )
    for program_id, n_schools, n_occ, n_due in measures:
        weight = max(n_schools, 1)
        progress = result[program_id]
        progress.targets += n_occ * weight
        progress.due += n_due * weight
    closed = (
        ProgressReport.objects.filter(
            occurrence__measure__program_id__in=program_ids,
            occurrence__measure__is_archived=False,
            review=ProgressReport.Review.ACCEPTED,
            status__in=CLOSING,
        )
        .values("occurrence__measure__program_id")
        .annotate(done=Count("pk"), closed_due=Count("pk", filter=Q(occurrence__due_date__lt=today)))
    )
    for row in closed:
        progress = result[row["occurrence__measure__program_id"]]
        progress.done, progress.closed_due = row["done"], row["closed_due"]
    return result


def public_program_overview() -> list[tuple[Program, Progress]]:
    """Published programs with their progress, by municipality (the public index and home)."""
    programs = list(public_programs().select_related("municipality").order_by("municipality__name"))
    progress = programs_progress([p.pk for p in programs])
    return [(p, progress.get(p.pk, Progress())) for p in programs]


def program_overview(*, user, municipality_id: int | None = None) -> list[tuple[Program, Progress]]:
    qs = visible_programs(user).select_related("municipality")
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    programs = list(qs.exclude(status=Program.Status.ARCHIVED).order_by("municipality__name", "-period_start"))
    progress = programs_progress([p.pk for p in programs])
    return [(p, progress.get(p.pk, Progress())) for p in programs]


def program_document(*, program_id: int) -> Program:
    """The program with every part of its document prefetched (constant queries)."""
    return (
        Program.objects.select_related("municipality", "municipality__region")
        .prefetch_related(
            "legal_bases",
            "goals",
            "tasks",
            "sections",
            "stages",
            "risks",
            Prefetch("expected_results__tasks"),
            Prefetch("organisations__organisation"),
            Prefetch("participants__school"),
            "news",
        )
        .get(pk=program_id)
    )


def program_responsible(*, program: Program) -> list:
    """The organisations responsible for at least one measure of the program (for the filter)."""
    from schools.models import Organisation

    return list(Organisation.objects.filter(measures__program=program).distinct().order_by("short_name"))


def closed_reports(*, program: Program) -> dict[int, int]:
    """Occurrence id → number of accepted reports that close it (done or cancelled)."""
    closed: dict[int, int] = defaultdict(int)
    for occurrence_id in ProgressReport.objects.filter(
        occurrence__measure__program=program,
        review=ProgressReport.Review.ACCEPTED,
        status__in=CLOSING,
    ).values_list("occurrence_id", flat=True):
        closed[occurrence_id] += 1
    return closed


@dataclass
class MeasureRow:
    measure: Measure
    schedule: Schedule | None
    next_due: date | None
    overdue: int
    targets: int
    closed: int
    status: str  # done / partly / overdue / nodata (the portal's status colours)


@dataclass
class TaskGroup:
    key: str
    title: str
    rows: list[MeasureRow] = field(default_factory=list)


def measures_table(
    *,
    program: Program,
    today: date | None = None,
    task_id: int | None = None,
    organisation_id: int | None = None,
    school_id: int | None = None,
    only_overdue: bool = False,
    closed: dict[int, int] | None = None,
) -> list[TaskGroup]:
    """``closed``: the program's closed_reports() when the caller needs them too (read once)."""
    today = today or timezone.localdate()
    qs = (
        program.measures.filter(is_archived=False)
        .select_related("task", "section")
        .prefetch_related(
            "responsible",
            "schools",
            "indicators",
            "assignments__organisation",
            Prefetch("occurrences", queryset=Occurrence.objects.order_by("due_date")),
        )
    )
    if task_id:
        qs = qs.filter(task_id=task_id)
    if organisation_id:
        qs = qs.filter(responsible__id=organisation_id)
    if school_id:
        qs = qs.filter(schools__id=school_id)
    closed_by_occurrence = closed if closed is not None else closed_reports(program=program)
    groups: dict[str, TaskGroup] = {}
    for measure in qs.distinct():
        weight = max(len(measure.schools.all()), 1)
        occurrences = list(measure.occurrences.all())
        overdue = sum(max(weight - closed_by_occurrence[o.pk], 0) for o in occurrences if o.due_date < today)
        closed = sum(min(closed_by_occurrence[o.pk], weight) for o in occurrences)
        targets = weight * len(occurrences)
        if only_overdue and not overdue:
            continue
        if overdue:
            status = "overdue"
        elif targets and closed >= targets:
            status = "done"
        elif closed:
            status = "partly"
        else:
            status = "nodata"
        row = MeasureRow(
            measure=measure,
            schedule=Schedule.from_dict(measure.schedule) if measure.schedule else None,
            next_due=next((o.due_date for o in occurrences if o.due_date >= today), None),
            overdue=overdue,
            targets=targets,
            closed=closed,
            status=status,
        )
        if measure.section_id:
            key, title = f"s{measure.section_id}", f"{measure.section.number}. {measure.section.title}"
        elif measure.task_id:
            key, title = f"t{measure.task_id}", f"Задача {measure.task.number}. {measure.task.text}"
        else:
            key, title = "none", "Мероприятия"
        groups.setdefault(key, TaskGroup(key, title)).rows.append(row)
    return list(groups.values())


@dataclass
class DueItem:
    occurrence: Occurrence
    school_id: int | None
    overdue: bool
    report: ProgressReport | None


def due_for_schools(*, school_ids: set[int], days: int = 30, today: date | None = None) -> list[DueItem]:
    """A school team's "my measures": occurrences due within `days` and those overdue, for
    measures that concern its schools, with the school's report if there is one."""
    if not school_ids:
        return []
    today = today or timezone.localdate()
    occurrences = list(
        Occurrence.objects.filter(
            measure__schools__id__in=school_ids,
            measure__is_archived=False,
            due_date__lte=today + timedelta(days=days),
        )
        # Only running programs ask for reports: a completed program's gaps are history, not tasks.
        .filter(measure__program__status__in=RUNNING)
        .select_related("measure", "measure__program")
        .prefetch_related("measure__schools")
        .order_by("due_date")
        .distinct()
    )
    reports = {
        (r.occurrence_id, r.school_id): r
        for r in ProgressReport.objects.filter(occurrence__in=occurrences, school_id__in=school_ids)
    }
    items = []
    for occurrence in occurrences:
        for school in occurrence.measure.schools.all():
            if school.pk not in school_ids:
                continue
            report = reports.get((occurrence.pk, school.pk))
            accepted = report is not None and report.review == ProgressReport.Review.ACCEPTED
            if accepted:
                continue
            overdue = occurrence.due_date < today
            items.append(DueItem(occurrence, school.pk, overdue, report))
    return items


def overdue_occurrences(*, program_ids: list[int], today: date | None = None, limit: int = 20) -> QuerySet[Occurrence]:
    """Occurrences past due with no accepted report at all (the committee's short list)."""
    today = today or timezone.localdate()
    return (
        Occurrence.objects.filter(
            measure__program_id__in=program_ids,
            measure__program__status__in=RUNNING,
            measure__is_archived=False,
            due_date__lt=today,
        )
        .exclude(reports__review=ProgressReport.Review.ACCEPTED)
        .select_related("measure", "measure__program")
        .order_by("due_date")[:limit]
    )
