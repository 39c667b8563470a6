"""Reads for program pages: the document, the measures table, progress, overdue and due lists.

Every function issues a fixed number of queries whatever the number of measures or schools."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q
from django.utils import timezone

from schools import badges
from schools.access import scope_of
from schools.extensions import SchoolTab
from schools.models import School, User

from ..access import visible_practices, visible_programs, visible_school_programs
from ..models import Measure, MeasureAssignment, Occurrence, Program, ProgressReport
from ..timing import Schedule
from .execution import (
    RUNNING,
    STATE_LABELS,
    Counts,
    Execution,
    State,
    Target,
    category_schools,
    execution,
)

if TYPE_CHECKING:
    from schools.access import AnyUser

# The progress of a program is the counts of its targets (selectors/execution.py).
Progress = Counts


def programs_progress(program_ids: list[int], *, today: date | None = None) -> dict[int, Counts]:
    return execution(program_ids=program_ids, today=today).by_program()


def program_overview(*, user: AnyUser, municipality_id: int | None = None) -> list[tuple[Program, Progress]]:
    qs = visible_programs(user).with_municipality()
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    programs = list(qs.exclude(status=Program.Status.ARCHIVED).order_by("municipality__name", "-period_start"))
    progress = programs_progress([p.pk for p in programs])
    return [(p, progress.get(p.pk, Progress())) for p in programs]


def program_document(*, program_id: int) -> Program:
    """The program with every part of its document prefetched (constant queries)."""
    return (
        Program.objects.select_related("municipality", "municipality__region", "source_document")
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


@dataclass
class ExecutorState:
    """One roadmap executor level of a measure with the state of its own part (Dubna's columns)."""

    assignment: MeasureAssignment
    state: State
    late: bool = False

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])


# A level with several due dates shows one state: the most urgent of its targets (done only when
# all are done).
EXECUTOR_STATE_ORDER = (
    State.OVERDUE,
    State.WAITING,
    State.DUE,
    State.OPEN,
    State.MISSED,
    State.UPCOMING,
    State.DONE,
)


def executor_states(work: Execution) -> dict[int, tuple[State, bool]]:
    """assignment id → (its state, some target done late), from the targets already read."""
    states: dict[int, set[State]] = {}
    late: dict[int, bool] = {}
    for target in work.targets:
        if target.assignment_id is None:
            continue
        states.setdefault(target.assignment_id, set()).add(target.state)
        late[target.assignment_id] = late.get(target.assignment_id, False) or target.late
    return {pk: (next(s for s in EXECUTOR_STATE_ORDER if s in found), late[pk]) for pk, found in states.items()}


def executors_of(measure: Measure, states: dict[int, tuple[State, bool]]) -> list[ExecutorState]:
    """The measure's executor levels (``assignments`` prefetched) that report, with their states."""
    return [ExecutorState(a, *states[a.pk]) for a in measure.assignments.all() if a.pk in states]


@dataclass
class MeasureRow:
    measure: Measure
    schedule: Schedule | None
    next_due: date | None
    counts: Counts
    on_demand: bool  # no due dates: reported on when done
    status: RowStatus
    # A roadmap row: each executor level with its own state, instead of one status for the row.
    executors: list[ExecutorState] = field(default_factory=list)

    @property
    def targets(self) -> int:
        return self.counts.total

    @property
    def closed(self) -> int:
        return self.counts.done

    @property
    def overdue(self) -> int:
        return self.counts.overdue

    @property
    def status_label(self) -> str:
        return ROW_STATUS_LABELS[self.status]


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
    state: str | None = None,
    work: Execution | None = None,
) -> list[TaskGroup]:
    """The program's measures grouped by task or section, each with its counts from
    selectors/execution.py. ``state`` keeps the measures with at least one target in that state
    (the list behind a count); ``work``: the program's execution when the caller has it."""
    today = today or timezone.localdate()
    qs = (
        program.measures.filter(is_archived=False)
        .with_outline()
        .prefetch_related("responsible", "schools", "indicators", "assignments__organisation")
    )
    if task_id:
        qs = qs.filter(task_id=task_id)
    if organisation_id:
        qs = qs.filter(Q(responsible__id=organisation_id) | Q(assignments__organisation_id=organisation_id))
    work = work or execution(program_ids=[program.pk], today=today)
    counts = work.by_measure()
    by_executor = executor_states(work)
    next_due: dict[int, date] = {}
    with_state: set[int] = set()
    for target in work.targets:
        if school_id and target.school_id not in (None, school_id):
            continue
        if state and (target.state == state or (state == "late" and target.late)):
            with_state.add(target.measure_id)
        if target.due_date and target.state in (State.DUE, State.UPCOMING, State.OVERDUE):
            if target.due_date >= today and target.measure_id not in next_due:
                next_due[target.measure_id] = target.due_date
    school_measures = None
    if school_id:
        school_measures = {t.measure_id for t in work.targets if t.school_id == school_id}
    groups: dict[str, TaskGroup] = {}
    for measure in qs.distinct():
        if state and measure.pk not in with_state:
            continue
        if school_measures is not None and measure.pk not in school_measures:
            continue
        c = counts.get(measure.pk, Counts())
        info = work.measures.get(measure.pk)
        row = MeasureRow(
            measure=measure,
            schedule=Schedule.from_dict(measure.schedule) if measure.schedule else None,
            next_due=next_due.get(measure.pk),
            counts=c,
            on_demand=bool(info and info.on_demand),
            status=_row_status(c),
            executors=executors_of(measure, by_executor),
        )
        if measure.section is not None:
            key, title = f"s{measure.section_id}", f"{measure.section.number}. {measure.section.title}"
        elif measure.task is not None:
            key, title = f"t{measure.task_id}", f"Задача {measure.task.number}. {measure.task.text}"
        else:
            key, title = "none", "Мероприятия"
        groups.setdefault(key, TaskGroup(key, title)).rows.append(row)
    return list(groups.values())


class RowStatus(StrEnum):
    """The badge of a measure row, in pages and exports alike."""

    DONE = "done"
    PARTLY = "partly"
    WAITING = "waiting"
    OVERDUE = "overdue"
    MISSED = "missed"
    NODATA = "nodata"

    tones = badges.badge_tones(
        done=badges.DONE,
        partly=badges.IN_PROGRESS,
        waiting=badges.WAITING,
        overdue=badges.OVERDUE,
        missed=badges.MISSED,
        nodata=badges.NEUTRAL,
    )

    @property
    def label(self) -> str:
        return ROW_STATUS_LABELS[self]


ROW_STATUS_LABELS = {
    RowStatus.DONE: "выполнено",
    RowStatus.PARTLY: "выполняется",
    RowStatus.WAITING: "ждёт проверки",
    RowStatus.OVERDUE: "просрочено",
    RowStatus.MISSED: "не выполнено в срок",
    RowStatus.NODATA: "нет отчётов",
}


def _row_status(c: Counts) -> RowStatus:
    """The badge of a measure row: the most urgent thing about it."""
    if c.overdue:
        return RowStatus.OVERDUE
    if c.total and c.done == c.total:
        return RowStatus.DONE
    if c.waiting:
        return RowStatus.WAITING
    if c.missed:
        return RowStatus.MISSED
    if c.done:
        return RowStatus.PARTLY
    return RowStatus.NODATA


#: what "my measures" shows: what needs doing now, and what waits for the reviewer
OPEN_WORK = (State.OVERDUE, State.DUE, State.WAITING, State.OPEN)
#: the states a list can be asked for (?state=…), in the order of the tabs
LIST_STATES = (State.OVERDUE, State.DUE, State.WAITING, State.OPEN, State.UPCOMING, State.DONE, State.MISSED)


@dataclass
class WorkItem:
    """One target with the objects a list shows: what, for whom, when, and its report."""

    target: Target
    measure: Measure
    occurrence: Occurrence | None
    school: School | None
    assignment: MeasureAssignment | None
    report: ProgressReport | None

    @property
    def state(self) -> State:
        return self.target.state

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.target.state])

    @property
    def overdue(self) -> bool:
        return self.target.state == State.OVERDUE

    @property
    def school_id(self) -> int | None:
        return self.target.school_id

    @property
    def on_demand(self) -> bool:
        return self.target.occurrence_id is None

    @property
    def fileable(self) -> bool:
        """Whether a report can be filed now: a dated target not yet done nor waiting, in a
        running program; a measure without due dates takes a new report whenever work is done."""
        if self.measure.program.status not in RUNNING:
            return False
        if self.on_demand:
            return True
        return self.target.state in (State.OVERDUE, State.DUE, State.UPCOMING)

    @property
    def due_date(self) -> date | None:
        return self.target.due_date


#: the measures table's filter by state: the list behind each count on the program page
MEASURE_FILTER_STATES = [
    ("overdue", "просрочено"),
    ("waiting", "ждёт проверки"),
    ("due", "срок в ближайшие 30 дней"),
    ("late", "выполнено с опозданием"),
    ("missed", "не выполнено в срок"),
    ("open", "без сроков, отчёта ещё нет"),
]


def list_states(state: str) -> tuple[State, ...] | None:
    """``?state=`` of a work list: one state, or the open work when empty or unknown."""
    return (State(state),) if state in State._value2member_map_ else OPEN_WORK


def work_tabs(counts: Counts) -> list[tuple[str, str, int]]:
    """(state, label, count) for the tabs of a work list; the empty "" tab is the open work."""
    tabs = [("", "Текущие", counts.overdue + counts.due + counts.waiting + counts.open)]
    for state in LIST_STATES:
        tabs.append((state.value, str(STATE_LABELS[state]), getattr(counts, state.value)))
    tabs.append(("late", "выполнено с опозданием", counts.late))
    return [t for t in tabs if t[2] or t[0] in ("", "overdue", "waiting")]


@dataclass
class WorkList:
    items: list[WorkItem]
    counts: Counts


def work_programs(*, user: AnyUser, program_id: int | None = None) -> list[int]:
    """The programs whose work a user follows: governed ones for committee staff, running
    programs of the team's schools' municipalities, running programs its organisation executes."""
    qs = visible_programs(user).exclude(status__in=[Program.Status.DRAFT, Program.Status.ARCHIVED])
    if program_id:
        qs = qs.filter(pk=program_id)
    return list(qs.values_list("pk", flat=True))


def work_list(
    *,
    user: AnyUser,
    states: tuple[State, ...] | None = OPEN_WORK,
    program_id: int | None = None,
    late: bool = False,
    today: date | None = None,
    limit: int | None = None,
) -> WorkList:
    """The targets a user answers for or oversees, in ``states`` (all when None; by default the
    open work: overdue, due within 30 days, waiting for review, without due dates), oldest due
    first: committee staff see every party of the programs they govern; a school team its
    schools' targets; executing organisation staff their organisation's. The counts are over
    the same targets before the state filter, so a count and its list never disagree."""
    scope = scope_of(user)
    program_ids = work_programs(user=user, program_id=program_id)
    governs = scope.superuser or bool(scope.region_ids or scope.municipality_ids)
    if governs:
        work = execution(program_ids=program_ids, today=today)
    else:
        work = execution(
            program_ids=program_ids,
            today=today,
            school_ids=scope.team_school_ids,
            organisation_ids=scope.organisation_ids,
        )
    counts = Counts()
    chosen = []
    for target in work.targets:
        counts.add(target)
        if late and not target.late:
            continue
        if states is not None and target.state not in states:
            continue
        chosen.append(target)
    chosen.sort(key=lambda t: (t.due_date is None, t.due_date or date.max, t.program_id, t.measure_id))
    if limit is not None:
        chosen = chosen[:limit]
    return WorkList(work_items(chosen), counts)


def on_demand_reports(*, measure: Measure) -> list[ProgressReport]:
    """The reports on a measure without due dates, newest work first (each dated by the work)."""
    return list(
        ProgressReport.objects.filter(occurrence__measure=measure, occurrence__on_demand=True)
        .with_program()
        .with_party()
        .order_by("-occurrence__due_date", "-pk")
    )


def category_school_list(*, measure: Measure) -> list[School]:
    """The schools a measure bound to support categories concerns now."""
    ids = category_schools(measure=measure)
    return list(School.objects.filter(pk__in=ids).order_by("short_name")) if ids else []


def school_work(*, school_ids: set[int], states: tuple[State, ...] = OPEN_WORK, today: date | None = None) -> WorkList:
    """The open work of some schools (their tab and dashboard, whoever looks at it): targets of
    those schools in the running programs of their municipalities."""
    if not school_ids:
        return WorkList([], Counts())
    municipalities = School.objects.filter(pk__in=school_ids).values("municipality_id")
    program_ids = Program.objects.filter(status__in=RUNNING, municipality_id__in=municipalities).values_list(
        "pk", flat=True
    )
    work = execution(program_ids=program_ids, today=today, school_ids=school_ids)
    counts = Counts()
    for target in work.targets:
        counts.add(target)
    chosen = sorted(
        (t for t in work.targets if t.state in states),
        key=lambda t: (t.due_date is None, t.due_date or date.max, t.measure_id),
    )
    return WorkList(work_items(chosen), counts)


def work_items(targets: list[Target]) -> list[WorkItem]:
    measures = Measure.objects.with_program().in_bulk({t.measure_id for t in targets})
    occurrences = Occurrence.objects.in_bulk({t.occurrence_id for t in targets if t.occurrence_id})
    schools = School.objects.in_bulk({t.school_id for t in targets if t.school_id})
    assignments = MeasureAssignment.objects.with_organisation().in_bulk(
        {t.assignment_id for t in targets if t.assignment_id}
    )
    reports = ProgressReport.objects.in_bulk({t.report_id for t in targets if t.report_id})
    items = []
    for t in targets:
        # A dated target names its report whatever its state (a returned one too, with its comment).
        report = reports.get(t.report_id) if t.report_id else None
        items.append(
            WorkItem(
                target=t,
                measure=measures[t.measure_id],
                occurrence=occurrences.get(t.occurrence_id) if t.occurrence_id else None,
                school=schools.get(t.school_id) if t.school_id else None,
                assignment=assignments.get(t.assignment_id) if t.assignment_id else None,
                report=report,
            )
        )
    return items


def school_tab(school: School, user: User) -> SchoolTab | None:
    """The school page's «Программы» tab (schools.extensions.SCHOOL_TABS): the programs it takes
    part in and what is due."""
    programs = list(
        visible_programs(user).filter(participants__school=school).select_related("municipality").distinct()
    )
    if not programs and not user.has_perm("schools.view_school", school):
        return None
    return {
        "key": "programs",
        "label": "Программы и экспертиза",
        "template": "programs/_school_tab.html",
        "context": {
            "school": school,
            "programs": programs,
            "work": school_work(school_ids={school.pk}),
            "school_programs": visible_school_programs(user).filter(school=school).order_by("-pk"),
            "practices": visible_practices(user).filter(school=school).order_by("-created_at"),
        },
    }
