"""Measures: timing → schedule → occurrences, and the executors of roadmap actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.providers import category_choices
from programs.models import Measure, MeasureAssignment, Occurrence, Program
from programs.timing import Kind, Schedule, occurrences, parse_timing, schedule_notes, validate_within_period
from schools.history import changes_since_version, conflict_message

from .errors import ProgramRuleError, StaleVersion

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
    if measure.task_id and measure.task.program_id != measure.program_id:
        raise ProgramRuleError({"task": _("Задача относится к другой программе.")})
    if measure.section_id and measure.section.program_id != measure.program_id:
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


def measure_create(*, program: Program, data: dict[str, Any]) -> Measure:
    _assert_editable(program.pk)
    with transaction.atomic():
        measure = Measure(program=program)
        _apply(measure, dict(data))
        schedule = _schedule_for(program, measure.timing_text)
        _check_period(program, schedule)
        measure.schedule, measure.schedule_kind = schedule.to_dict(), schedule.kind.value
        return _save(measure)


def _stale(current: Measure, expected_version: int) -> StaleVersion:
    """The refusal names who changed the measure since the form was opened, and what they changed."""
    from programs.selectors_history import HIDDEN, LABELS, measure_subject

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
    user=None,
    reason: str = "",
) -> Measure:
    """``data`` may carry a stored ``schedule`` (a restored version): it is then kept as it was
    rather than read again from the timing text. ``reason`` goes into the history record."""
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
        return _save(current)


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


def measure_assignment_set(*, measure: Measure, level: str, text: str, organisation=None) -> MeasureAssignment:
    assignment, _created = MeasureAssignment.objects.update_or_create(
        measure=measure, level=level, defaults={"text": text, "organisation": organisation}
    )
    return assignment


def measure_archive(*, measure: Measure) -> None:
    _assert_editable(measure.program_id)
    measure.is_archived = True
    measure.save(update_fields=["is_archived", "sort_key"])
