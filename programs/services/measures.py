"""Measures: timing → schedule → occurrences, and the executors of roadmap actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from monitoring.providers import category_choices
from programs.models import Measure, MeasureAssignment, Occurrence, Program
from programs.timing import Kind, Schedule, occurrences, parse_timing, schedule_notes, validate_within_period
from schools.history import changes_since_version, conflict_message
from schools.models import Organisation

from .errors import ProgramRuleError, StaleVersion

if TYPE_CHECKING:
    from schools.models import User

#: how many reports a refused deletion of an executor names
REPORTS_NAMED = 5

MEASURE_FIELDS = ("number", "title", "timing_text", "responsible_text", "planned_result", "task", "section", "position")


def _schedule_for(program: Program, text: str) -> Schedule:
    if not (text or "").strip():
        # The document gives no timing (Sysert's algorithm steps, Dubna's roadmap): no due dates,
        # which is what the document says, rather than a parse failure to correct.
        return Schedule(kind=Kind.ON_REQUEST, note="срок не указан в документе")
    return parse_timing(text, period_start=program.period_start, period_end=program.period_end)


def _check_period(program: Program, schedule: Schedule) -> None:
    message = validate_within_period(schedule, period_start=program.period_start, period_end=program.period_end)
    if message:
        raise ProgramRuleError({"timing_text": message})


PREVIEW_DATES = 12  # enough to see the rhythm; the rest is a count


@dataclass(frozen=True)
class TimingPreview:
    """What the portal understood from a timing, shown before the measure is saved."""

    schedule: Schedule
    description: str
    dates: list[date]  # the first PREVIEW_DATES due dates
    more: int  # how many due dates are not listed
    notes: list[str] = field(default_factory=list)
    error: str | None = None  # the refusal saving would give (no due date in the period …)

    @property
    def total(self) -> int:
        return len(self.dates) + self.more


def schedule_preview(*, program: Program, schedule: Schedule) -> TimingPreview:
    """Due dates, description and remarks of a schedule within the program period — the same
    computation saving does (`occurrences_sync`, `_check_period`), so the preview cannot promise
    dates the measure will not get."""
    start, end = program.period_start, program.period_end
    due = occurrences(schedule, period_start=start, period_end=end)
    notes = schedule_notes(schedule, period_start=start, period_end=end)
    if schedule.kind is Kind.UNPARSED:
        notes.append(_("Не распознано — уточните расписание после сохранения."))
    elif schedule.kind is Kind.ON_REQUEST:
        notes.append(_("Дат отчёта нет: мероприятие выполняется по запросу или по мере необходимости."))
    return TimingPreview(
        schedule=schedule,
        description=schedule.describe(),
        dates=due[:PREVIEW_DATES],
        more=max(len(due) - PREVIEW_DATES, 0),
        notes=notes,
        error=validate_within_period(schedule, period_start=start, period_end=end),
    )


def timing_preview(*, program: Program, text: str) -> TimingPreview:
    """The preview of a timing text as typed in the measure form (read exactly as saving reads it)."""
    return schedule_preview(program=program, schedule=_schedule_for(program, text))


def occurrences_sync(*, measure: Measure) -> list[Occurrence]:
    """Makes the stored occurrences match the schedule. Occurrences that already carry progress
    reports are never deleted: they stay, flagged off-schedule, with their reports."""
    program = measure.program
    schedule = Schedule.from_dict(measure.schedule) if measure.schedule else Schedule(kind=Kind.UNPARSED)
    wanted = set(occurrences(schedule, period_start=program.period_start, period_end=program.period_end))
    # Occurrences made by reports on a measure without due dates stay what they are (dated by the
    # work done); one that falls on a new due date becomes that due date, reports and all.
    Occurrence.objects.filter(measure=measure, on_demand=True, due_date__in=wanted).update(on_demand=False)
    existing = {o.due_date: o for o in measure.occurrences.filter(on_demand=False)}
    with_reports = set(
        Occurrence.objects.filter(measure=measure, on_demand=False, reports__isnull=False).values_list(
            "due_date", flat=True
        )
    )
    stale = [d for d in existing if d not in wanted]
    scheduled = Occurrence.objects.filter(measure=measure, on_demand=False)
    scheduled.filter(due_date__in=[d for d in stale if d not in with_reports]).delete()
    scheduled.filter(due_date__in=[d for d in stale if d in with_reports]).update(off_schedule=True)
    Occurrence.objects.filter(measure=measure, due_date__in=wanted, off_schedule=True).update(off_schedule=False)
    Occurrence.objects.bulk_create([Occurrence(measure=measure, due_date=d) for d in sorted(wanted - set(existing))])
    return list(measure.occurrences.order_by("due_date"))


def _assert_editable(program_id: int) -> None:
    """Read from the database, not from the caller's (possibly stale) program instance."""
    status, amendment_open = Program.objects.values_list("status", "amendment_open").get(pk=program_id)
    if status != Program.Status.DRAFT and not amendment_open:
        raise ProgramRuleError(_("Утверждённая программа меняется только через новую версию."))


def _apply(measure: Measure, data: dict[str, Any]) -> None:
    responsible = data.pop("responsible", None)
    schools = data.pop("schools", None)
    indicators = data.pop("indicators", None)
    categories = data.get("support_categories")
    if categories:
        known = dict(category_choices())
        unknown = [c for c in categories if c not in known]
        if unknown:
            raise ProgramRuleError({"support_categories": _("Неизвестная категория поддержки школ.")})
        data["support_categories"] = [c for c in known if c in categories]  # the catalogue's order
    for key, value in data.items():
        setattr(measure, key, value)
    if measure.task is not None and measure.task.program_id != measure.program_id:
        raise ProgramRuleError({"task": _("Задача относится к другой программе.")})
    if measure.section is not None and measure.section.program_id != measure.program_id:
        raise ProgramRuleError({"section": _("Раздел относится к другой программе.")})
    measure._pending_m2m = (responsible, schools, indicators)


def _save(measure: Measure) -> Measure:
    measure.full_clean(exclude=["schedule"])
    measure.save()
    responsible, schools, indicators = getattr(measure, "_pending_m2m", (None, None, None))
    if responsible is not None:
        measure.responsible.set(responsible)
    if schools is not None:
        measure.schools.set(schools)
    if indicators is not None:
        measure.indicators.set(indicators)
    occurrences_sync(measure=measure)
    return measure


def measure_create(*, program: Program, data: dict[str, Any], assignments: Sequence[AssignmentChange] = ()) -> Measure:
    """``assignments``: the roadmap executors, saved in the same transaction as the measure."""
    _assert_editable(program.pk)
    with transaction.atomic():
        measure = Measure(program=program)
        _apply(measure, dict(data))
        schedule = _schedule_for(program, measure.timing_text)
        _check_period(program, schedule)
        measure.schedule, measure.schedule_kind = schedule.to_dict(), schedule.kind.value
        measure = _save(measure)
        if assignments:
            _assignments_apply(measure, assignments)
        return measure


def _stale(current: Measure, expected_version: int) -> StaleVersion:
    """The refusal names who changed the measure since the form was opened, and what they changed."""
    from programs.selectors.history import HIDDEN, LABELS, measure_subject

    entries = changes_since_version(
        Measure.history.filter(id=current.pk).select_related("task", "section"),
        version=expected_version,
        subject=measure_subject,
        hide=HIDDEN,
        labels={k: str(v) for k, v in LABELS.items()},
    )
    return StaleVersion(conflict_message(_("Мероприятие %s") % current.number, entries))


def measure_update(
    *,
    measure: Measure,
    data: dict[str, Any],
    expected_version: int | None = None,
    user: User | None = None,
    reason: str = "",
    assignments: Sequence[AssignmentChange] | None = None,
) -> Measure:
    """``data`` may carry a stored ``schedule`` (a restored version): it is then kept as it was
    rather than read again from the timing text. ``reason`` goes into the history record.
    ``assignments``: the roadmap executors' rows, saved with the measure (None: left as they are)."""
    program = measure.program
    _assert_editable(program.pk)
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        if expected_version is not None and current.version != expected_version:
            raise _stale(current, expected_version)
        old_timing = current.timing_text
        _apply(current, dict(data))
        if "schedule" in data:
            _check_period(
                program, Schedule.from_dict(current.schedule) if current.schedule else Schedule(kind=Kind.UNPARSED)
            )
        elif current.timing_text != old_timing:
            schedule = _schedule_for(program, current.timing_text)
            _check_period(program, schedule)
            current.schedule, current.schedule_kind = schedule.to_dict(), schedule.kind.value
            current.schedule_confirmed = False
        current.version += 1
        if user is not None:
            current._history_user = user  # read by simple_history instead of the request's user
        if reason:
            current._change_reason = reason
        saved = _save(current)
        if assignments is not None:
            _assignments_apply(saved, assignments)
        return saved


def measure_schedule_set(*, measure: Measure, schedule: Schedule) -> Measure:
    """A person corrects (or confirms) what the parser read from the timing text."""
    program = measure.program
    if schedule.kind == Kind.UNPARSED:
        raise ProgramRuleError(_("Выберите вид расписания: срок «не распознан» нельзя подтвердить."))
    _check_period(program, schedule)
    with transaction.atomic():
        measure.schedule, measure.schedule_kind = schedule.to_dict(), schedule.kind.value
        measure.schedule_confirmed = True
        measure.version += 1
        measure.save()
        occurrences_sync(measure=measure)
    return measure


@dataclass(frozen=True)
class AssignmentChange:
    """One row of a measure's roadmap executors as the form or the API sends it: ``pk`` names an
    existing assignment of the measure (None: a new one); ``delete`` removes it."""

    level: str
    text: str
    organisation: Organisation | None = None
    pk: int | None = None
    delete: bool = False


def measure_assignment_set(
    *, measure: Measure, level: str, text: str, organisation: Organisation | None = None
) -> MeasureAssignment:
    """Sets the executor of one level (creates it, or replaces its text and organisation)."""
    existing = MeasureAssignment.objects.filter(measure=measure, level=level).values_list("pk", flat=True).first()
    changes = [AssignmentChange(level=level, text=text, organisation=organisation, pk=existing)]
    _assert_editable(measure.program_id)
    with transaction.atomic():
        return _assignments_apply(measure, changes)[0]


def measure_assignments_save(
    *, measure: Measure, changes: Sequence[AssignmentChange], expected_version: int | None = None
) -> list[MeasureAssignment]:
    """Creates, changes and deletes the roadmap executors of a measure at once (the API's whole
    list); the measure form passes its rows to measure_create / measure_update instead, so the
    measure and its executors are saved together or not at all."""
    _assert_editable(measure.program_id)
    with transaction.atomic():
        current = Measure.objects.select_for_update().select_related("program__municipality").get(pk=measure.pk)
        if expected_version is not None and current.version != expected_version:
            raise _stale(current, expected_version)
        saved = _assignments_apply(current, changes)
        # An executor is part of the measure: whoever has the measure's form open must see the change.
        # update(): no history record of the measure for a change recorded on the assignment itself.
        Measure.objects.filter(pk=current.pk).update(version=F("version") + 1)
        return saved


def _assignments_apply(measure: Measure, changes: Sequence[AssignmentChange]) -> list[MeasureAssignment]:
    """The writes behind both entry points; the caller holds the transaction. Deletions go first
    so a level freed by one row can be taken by another; the database's one-row-per-level
    constraint is the last word, reported in Russian rather than as a server error."""
    program = Program.objects.with_municipality().get(pk=measure.program_id)
    known = {a.pk: a for a in MeasureAssignment.objects.filter(measure=measure).with_organisation()}
    labels = dict(MeasureAssignment.Level.choices)
    for change in changes:
        if change.pk is not None and change.pk not in known:
            raise _refused(_("Исполнитель №%s не относится к этому мероприятию.") % change.pk)
        if change.delete:
            continue
        if change.level not in labels:
            raise _refused(_("Неизвестный уровень исполнителя «%s».") % change.level)
        if not change.text.strip():
            raise _refused(_("Опишите, что делает исполнитель «%s».") % labels[change.level])
        org = change.organisation
        kept = change.pk is not None and org is not None and known[change.pk].organisation_id == org.pk
        if org is not None and not kept and (org.region_id != program.municipality.region_id or org.is_archived):
            # An organisation already on the row stays even if archived since: only a new choice is checked.
            raise _refused(_("Организация «%s» не из региона программы.") % (org.short_name or org.name))
    levels = [c.level for c in changes if not c.delete]
    twice = sorted({level for level in levels if levels.count(level) > 1})
    if twice:
        raise _refused(_level_twice(twice[0]))
    for change in changes:
        if change.delete and change.pk is not None:
            _assignment_delete(known[change.pk])
    saved = []
    for change in changes:
        if change.delete:
            continue
        assignment = known[change.pk] if change.pk is not None else MeasureAssignment(measure=measure)
        assignment.level, assignment.text, assignment.organisation = (
            change.level,
            change.text.strip(),
            change.organisation,
        )
        try:
            # A savepoint: a refused row must leave the caller's transaction usable for its rollback.
            with transaction.atomic():
                assignment.save()
        except IntegrityError:
            # Another request took the level between our read and this write.
            raise _refused(_level_twice(change.level)) from None
        saved.append(assignment)
    return saved


def _refused(message: str) -> ProgramRuleError:
    """Refusals about the executors' rows, under one key: the measure form shows them above the
    rows, the API under its «assignments» field."""
    return ProgramRuleError({"assignments": [message]})


def _level_twice(level: str) -> str:
    return (
        _("У мероприятия уже есть исполнитель уровня «%s»: у каждого уровня одна строка дорожной карты.")
        % MeasureAssignment.Level(level).label
    )


def _assignment_delete(assignment: MeasureAssignment) -> None:
    """Refused while reports were filed on the assignment: they are the record of its work."""
    reports = list(
        assignment.reports.select_related("occurrence").order_by("occurrence__due_date", "pk")[: REPORTS_NAMED + 1]
    )
    if reports:
        names = [
            _("отчёт за %(date)s (%(review)s)")
            % {"date": f"{r.occurrence.due_date:%d.%m.%Y}", "review": r.get_review_display()}
            for r in reports[:REPORTS_NAMED]
        ]
        more = _(" и другие") if len(reports) > REPORTS_NAMED else ""
        raise _refused(
            _(
                "Исполнителя «%(level)s» удалить нельзя: по нему поданы отчёты — %(reports)s%(more)s. "
                "Исправьте текст или организацию исполнителя вместо удаления."
            )
            % {"level": assignment.get_level_display(), "reports": "; ".join(names), "more": more}
        )
    assignment.delete()


def measure_archive(*, measure: Measure) -> None:
    _assert_editable(measure.program_id)
    measure.is_archived = True
    measure.save(update_fields=["is_archived", "sort_key"])
