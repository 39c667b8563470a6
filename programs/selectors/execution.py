"""One truth about what is due: every count and list of due, overdue, waiting and late work
reads it from here (home pages, dashboards, the measures table and its filter, «Мои
мероприятия», the monitoring report, the API).

A *target* is one thing somebody must report on:

* a due date (occurrence) of a scheduled measure × one party;
* for a measure without due dates («по запросу», an undated roadmap row, an algorithm step):
  the measure × one party, with no deadline; its reports carry their own dates.

A party is a school (the measure's schools, listed or bound to a support category), a roadmap
executor level (the measure's assignments), or — where the measure names neither — the
responsible organisations together.

The state of a target, in order of precedence:

* ``done``: an accepted report that closes it (status «выполнено» or «отменено»);
* ``waiting``: a report submitted and not yet accepted or returned («ждёт проверки») — the
  executor has done their part, the wait is the reviewer's, so it is not "overdue";
* ``overdue``: the due date has passed, the program is running (approved or active);
* ``missed``: the due date passed in a program that no longer runs: history («не выполнено в
  срок»), never live work;
* ``due``: due within ``HORIZON_DAYS``;
* ``upcoming``: due later;
* ``open``: no deadline and nothing closing yet.

``late``: done, but the report was first filed after the due date.

Every function reads a fixed number of queries whatever the number of measures and schools.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.providers import school_categories
from schools import badges
from schools.models import School

from ..models import Measure, MeasureAssignment, Occurrence, Program, ProgressReport

RUNNING = (Program.Status.APPROVED, Program.Status.ACTIVE)
# An accepted report in one of these statuses closes its target (the measure done for that party).
CLOSING = (ProgressReport.Status.DONE, ProgressReport.Status.CANCELLED)
HORIZON_DAYS = 30


class State(StrEnum):
    DONE = "done"
    WAITING = "waiting"
    OVERDUE = "overdue"
    MISSED = "missed"
    DUE = "due"
    UPCOMING = "upcoming"
    OPEN = "open"

    tones = badges.badge_tones(
        done=badges.DONE,
        waiting=badges.WAITING,
        overdue=badges.OVERDUE,
        missed=badges.MISSED,
        due=badges.IN_PROGRESS,
        upcoming=badges.NEUTRAL,
        open=badges.NEUTRAL,
    )

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    State.DONE: _("выполнено"),
    State.WAITING: _("ждёт проверки"),
    State.OVERDUE: _("просрочено"),
    State.MISSED: _("не выполнено в срок"),
    State.DUE: _("срок в ближайшие 30 дней"),
    State.UPCOMING: _("срок позже"),
    State.OPEN: _("без срока, отчёта ещё нет"),
}

# One line under every progress bar: how the percentage is counted.
PROGRESS_RULE = _(
    "Выполнено — доля сроков мероприятий (по каждой школе или исполнителю), по которым принят "
    "отчёт о выполнении; мероприятия без сроков считаются выполненными, когда принят хотя бы один "
    "такой отчёт."
)


@dataclass(frozen=True)
class Party:
    school_id: int | None = None
    assignment_id: int | None = None


@dataclass
class Target:
    program_id: int
    measure_id: int
    party: Party
    occurrence_id: int | None  # None: a measure without due dates
    due_date: date | None
    state: State
    late: bool = False
    report_id: int | None = None  # the report that decides the state (if any)

    @property
    def school_id(self) -> int | None:
        return self.party.school_id

    @property
    def assignment_id(self) -> int | None:
        return self.party.assignment_id


@dataclass
class Counts:
    total: int = 0
    done: int = 0
    waiting: int = 0
    overdue: int = 0
    missed: int = 0
    due: int = 0
    upcoming: int = 0
    open: int = 0
    late: int = 0

    def add(self, target: Target) -> None:
        self.total += 1
        setattr(self, target.state.value, getattr(self, target.state.value) + 1)
        self.late += target.late

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def not_in_time(self) -> int:
        """Past due without a closing report in time: overdue now, missed in history, done late."""
        return self.overdue + self.missed + self.late


@dataclass
class MeasureInfo:
    pk: int
    program_id: int
    parties: list[Party]
    on_demand: bool  # no scheduled due dates: reported on when done
    occurrences: list[tuple[int, date]] = field(default_factory=list)  # scheduled (id, due date)


@dataclass
class Execution:
    """The targets of some programs, with the facts needed to draw them."""

    targets: list[Target]
    measures: dict[int, MeasureInfo]
    today: date

    def counts(self, *, program_id: int | None = None, measure_id: int | None = None) -> Counts:
        counts = Counts()
        for target in self.targets:
            if program_id is not None and target.program_id != program_id:
                continue
            if measure_id is not None and target.measure_id != measure_id:
                continue
            counts.add(target)
        return counts

    def by_program(self) -> dict[int, Counts]:
        result: dict[int, Counts] = defaultdict(Counts)
        for target in self.targets:
            result[target.program_id].add(target)
        return result

    def by_measure(self) -> dict[int, Counts]:
        result: dict[int, Counts] = defaultdict(Counts)
        for target in self.targets:
            result[target.measure_id].add(target)
        return result

    def in_state(self, *states: State) -> list[Target]:
        return [t for t in self.targets if t.state in states]

    def marks(self) -> dict[int, list[tuple[date, str]]]:
        """measure id → (due date, mark) for each due date, its parties taken together: "overdue"
        when any party is overdue (or missed it), "done" when all are done, "waiting" when some
        report waits for review, else "future" (the calendar's marks)."""
        by_occurrence: dict[int, list[Target]] = defaultdict(list)
        for target in self.targets:
            if target.occurrence_id is not None:
                by_occurrence[target.occurrence_id].append(target)
        marks: dict[int, list[tuple[date, str]]] = defaultdict(list)
        for targets in by_occurrence.values():
            states = {t.state for t in targets}
            if states & {State.OVERDUE, State.MISSED}:
                mark = "overdue"
            elif states == {State.DONE}:
                mark = "done"
            elif State.WAITING in states:
                mark = "waiting"
            else:
                mark = "future"
            first = targets[0]
            assert first.due_date is not None  # a target with an occurrence is a dated one
            marks[first.measure_id].append((first.due_date, mark))
        for dates in marks.values():
            dates.sort()
        return marks


def execution(
    *,
    program_ids: Iterable[int],
    today: date | None = None,
    measure_ids: Iterable[int] | None = None,
    school_ids: Iterable[int] | None = None,
    organisation_ids: Iterable[int] | None = None,
) -> Execution:
    """The targets of the programs' live measures, each with its state.

    ``school_ids`` keeps only the targets of those schools; ``organisation_ids`` only the targets
    an executing organisation answers for (its roadmap levels, and the measures it is responsible
    for that name no school). Both given: either kind."""
    today = today or timezone.localdate()
    program_ids = list(program_ids)
    measures_qs = Measure.objects.filter(program_id__in=program_ids, is_archived=False)
    if measure_ids is not None:
        measures_qs = measures_qs.filter(pk__in=list(measure_ids))
    rows = list(
        measures_qs.values_list("pk", "program_id", "support_categories", "program__municipality_id", "program__status")
    )
    status = {program_id: program_status for _, program_id, _, _, program_status in rows}
    if not rows:
        return Execution([], {}, today)
    ids = [pk for pk, *_ in rows]
    listed: dict[int, set[int]] = defaultdict(set)
    for measure_id, school_id in Measure.schools.through.objects.filter(measure_id__in=ids).values_list(
        "measure_id", "school_id"
    ):
        listed[measure_id].add(school_id)
    by_category = _category_schools({mun for _, _, cats, mun, _ in rows if cats})
    assignments: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for pk, measure_id, organisation_id in (
        MeasureAssignment.objects.filter(measure_id__in=ids)
        .order_by("level")
        .values_list("pk", "measure_id", "organisation_id")
    ):
        assignments[measure_id].append((pk, organisation_id))
    responsible: dict[int, set[int]] = defaultdict(set)
    if organisation_ids is not None:
        for measure_id, org_id in Measure.responsible.through.objects.filter(measure_id__in=ids).values_list(
            "measure_id", "organisation_id"
        ):
            responsible[measure_id].add(org_id)

    wanted_schools = set(school_ids) if school_ids is not None else None
    wanted_orgs = set(organisation_ids) if organisation_ids is not None else None
    filtering = wanted_schools is not None or wanted_orgs is not None

    infos: dict[int, MeasureInfo] = {}
    for pk, program_id, categories, municipality_id, _status in rows:
        if assignments[pk]:
            parties = [
                Party(assignment_id=a_id)
                for a_id, org_id in assignments[pk]
                if not filtering or (wanted_orgs is not None and org_id in wanted_orgs)
            ]
        else:
            schools = set(listed[pk])
            for category in categories or ():
                schools |= by_category.get((municipality_id, category), set())
            if schools:
                parties = [
                    Party(school_id=s)
                    for s in sorted(schools)
                    if not filtering or (wanted_schools is not None and s in wanted_schools)
                ]
            elif not filtering or (wanted_orgs is not None and responsible[pk] & wanted_orgs):
                parties = [Party()]
            else:
                parties = []
        infos[pk] = MeasureInfo(pk, program_id, parties, on_demand=True)

    for occ_id, measure_id, due_date in (
        Occurrence.objects.filter(measure_id__in=ids, on_demand=False, off_schedule=False)
        .order_by("due_date")
        .values_list("pk", "measure_id", "due_date")
    ):
        infos[measure_id].occurrences.append((occ_id, due_date))
        infos[measure_id].on_demand = False

    reports = _reports(ids)
    targets: list[Target] = []
    for info in infos.values():
        running = status.get(info.program_id) in RUNNING
        for party in info.parties:
            if info.on_demand:
                targets.append(_open_target(info, party, reports.get((info.pk, party), [])))
                continue
            for occ_id, due_date in info.occurrences:
                report = reports.get((occ_id, party))
                targets.append(
                    _dated_target(info, party, occ_id, due_date, report[0] if report else None, running, today)
                )
    return Execution(targets, infos, today)


@dataclass(frozen=True)
class _Report:
    pk: int
    review: str
    status: str
    filed_on: date

    @property
    def closing(self) -> bool:
        return self.review == ProgressReport.Review.ACCEPTED and self.status in CLOSING

    @property
    def waiting(self) -> bool:
        return self.review == ProgressReport.Review.SUBMITTED


def _reports(measure_ids: list[int]) -> dict[tuple[int, Party], list[_Report]]:
    """(occurrence id, party) → its report, and (measure id, party) → the reports on the measure's
    on-demand occurrences (a measure without due dates takes several over the program's life)."""
    found: dict[tuple[int, Party], list[_Report]] = defaultdict(list)
    rows = ProgressReport.objects.filter(occurrence__measure_id__in=measure_ids).values_list(
        "pk",
        "occurrence_id",
        "occurrence__measure_id",
        "occurrence__on_demand",
        "school_id",
        "assignment_id",
        "review",
        "status",
        "filed_at",
    )
    for pk, occ_id, measure_id, on_demand, school_id, assignment_id, review, status, filed_at in rows:
        party = Party(school_id=school_id, assignment_id=assignment_id)
        report = _Report(pk, review, status, timezone.localdate(filed_at))
        found[(measure_id, party) if on_demand else (occ_id, party)].append(report)
    return found


def _dated_target(
    info: MeasureInfo,
    party: Party,
    occ_id: int,
    due_date: date,
    report: _Report | None,
    running: bool,
    today: date,
) -> Target:
    late = False
    if report is not None and report.closing:
        state, late = State.DONE, report.filed_on > due_date
    elif report is not None and report.waiting:
        state = State.WAITING
    elif due_date < today:
        state = State.OVERDUE if running else State.MISSED
    elif due_date <= today + timedelta(days=HORIZON_DAYS):
        state = State.DUE
    else:
        state = State.UPCOMING
    return Target(
        info.program_id, info.pk, party, occ_id, due_date, state, late, report.pk if report is not None else None
    )


def _open_target(info: MeasureInfo, party: Party, reports: list[_Report]) -> Target:
    closing = next((r for r in reports if r.closing), None)
    waiting = next((r for r in reports if r.waiting), None)
    if closing is not None:
        state, decisive = State.DONE, closing
    elif waiting is not None:
        state, decisive = State.WAITING, waiting
    else:
        state, decisive = State.OPEN, None
    return Target(info.program_id, info.pk, party, None, None, state, False, decisive.pk if decisive else None)


def _category_schools(municipality_ids: set[int]) -> dict[tuple[int, str], set[int]]:
    """(municipality id, support category) → its schools in their region's latest index run."""
    if not municipality_ids:
        return {}
    schools = dict(
        School.objects.filter(municipality_id__in=municipality_ids, is_archived=False).values_list(
            "pk", "municipality_id"
        )
    )
    result: dict[tuple[int, str], set[int]] = defaultdict(set)
    for school_id, (code, _label) in school_categories(school_ids=list(schools)).items():
        result[(schools[school_id], code)].add(school_id)
    return result


def category_schools(*, measure: Measure) -> list[int]:
    """The schools a category-bound measure concerns now (for its page and the filing check)."""
    if not measure.support_categories:
        return []
    municipality_id = measure.program.municipality_id
    found = _category_schools({municipality_id})
    return sorted(set().union(*(found.get((municipality_id, c), set()) for c in measure.support_categories)))


def measure_parties(*, measure: Measure) -> list[Party]:
    """Who reports on a measure (see the module docstring)."""
    info = execution(program_ids=[measure.program_id], measure_ids=[measure.pk]).measures.get(measure.pk)
    return info.parties if info else []
