"""Progress reports: filing by the school team or responsible organisation, review by the committee.

Transitions lock the report row, so a double click or two reviewers at once cannot accept twice
or accept a report that was just returned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from programs.access import files_as_party
from programs.models import (
    Evidence,
    Measure,
    MeasureAssignment,
    Occurrence,
    Program,
    ProgressReport,
    ProgressReview,
)
from programs.selectors.execution import RUNNING, Party, measure_parties
from schools.access import scope_of
from schools.models import Organisation, School

from .errors import ProgramRuleError, StaleVersion
from .uploads import check_evidence_file

if TYPE_CHECKING:
    from schools.models import User


@dataclass(frozen=True)
class ProgressTarget:
    """What a report is about: an occurrence, for one school, one roadmap executor level, or the
    responsible organisation. The access layer checks `programs.file_progress` against this
    object before anything is written."""

    occurrence: Occurrence
    school: School | None = None
    organisation: Organisation | None = None
    assignment: MeasureAssignment | None = None

    @property
    def school_id(self) -> int | None:
        return self.school.pk if self.school else None

    @property
    def assignment_id(self) -> int | None:
        return self.assignment.pk if self.assignment else None

    @property
    def measure(self):
        return self.occurrence.measure

    @property
    def program(self):
        return self.occurrence.measure.program


def progress_target_check(target: ProgressTarget) -> None:
    """The party must be one the measure asks a report from (selectors/execution.py.measure_parties)."""
    measure = target.occurrence.measure
    # Read from the database: the caller's program instance may predate an approval.
    status = Program.objects.values_list("status", flat=True).get(pk=measure.program_id)
    if status == Program.Status.DRAFT:
        raise ProgramRuleError(_("Программа ещё не утверждена: отчёты о выполнении принимаются после утверждения."))
    if status not in RUNNING:
        raise ProgramRuleError(
            _("Программа «%(title)s» — %(status)s: отчёты по её мероприятиям больше не принимаются.")
            % {"title": measure.program.title, "status": Program.Status(status).label}
        )
    parties = measure_parties(measure=measure)
    party = Party(school_id=target.school_id, assignment_id=target.assignment_id)
    if party in parties:
        return
    if any(p.assignment_id for p in parties):
        raise ProgramRuleError(_("По этому мероприятию отчитывается каждый исполнитель дорожной карты: выберите его."))
    if any(p.school_id for p in parties):
        raise ProgramRuleError(_("Это мероприятие не касается выбранной школы."))
    raise ProgramRuleError(_("По этому мероприятию отчитывается ответственная организация, а не школа."))


def reporting_organisation(*, measure: Measure, user: User) -> Organisation | None:
    """Whom a report on a measure of organisations is filed for: the filer's own organisation
    among the responsible ones, else the first of them (committee staff filing on their behalf)."""
    mine = measure.responsible.filter(pk__in=scope_of(user).organisation_ids).first()
    return mine or measure.responsible.order_by("short_name").first()


def on_demand_occurrence(*, measure: Measure, done_on: date) -> Occurrence:
    """The occurrence a report on a measure without due dates hangs on, dated by the work done."""
    program = measure.program
    today = timezone.localdate()
    if done_on > today:
        raise ProgramRuleError({"done_on": _("Дата исполнения не может быть в будущем.")})
    if not program.period_start <= done_on <= program.period_end:
        raise ProgramRuleError(
            {
                "done_on": _("Дата исполнения должна быть в периоде программы: %(start)s — %(end)s.")
                % {"start": f"{program.period_start:%d.%m.%Y}", "end": f"{program.period_end:%d.%m.%Y}"}
            }
        )
    if measure.occurrences.filter(on_demand=False, off_schedule=False).exists():
        raise ProgramRuleError(_("У мероприятия есть сроки: отчитывайтесь по сроку."))
    occurrence, _created = Occurrence.objects.get_or_create(
        measure=measure, due_date=done_on, defaults={"on_demand": True}
    )
    return occurrence


def progress_file(
    *,
    target: ProgressTarget,
    user: User,
    status: str,
    narrative: str,
    files: Iterable[UploadedFile] = (),
    expected_version: int | None = None,
    done_on: date | None = None,
) -> ProgressReport:
    progress_target_check(target)
    files = list(files)
    for f in files:
        check_evidence_file(f)
    if status not in ProgressReport.Status.values:
        raise ProgramRuleError({"status": _("Неизвестный статус выполнения.")})
    if status == ProgressReport.Status.DONE and not narrative.strip():
        raise ProgramRuleError(
            {"narrative": _("Опишите, что сделано: без описания отчёт о выполнении не принимается.")}
        )
    if target.occurrence.on_demand:
        done_on = target.occurrence.due_date
    organisation = None
    if target.assignment is not None:
        organisation = target.assignment.organisation
    elif target.school is None:
        organisation = target.organisation
    party: dict[str, Any] = {"school": target.school, "assignment": target.assignment}
    if target.school is None and target.assignment is None:
        party["organisation"] = organisation
    with transaction.atomic():
        report = ProgressReport.objects.select_for_update().filter(occurrence=target.occurrence, **party).first()
        if report is None:
            report = ProgressReport(
                occurrence=target.occurrence, filed_by=user, **{"organisation": organisation, **party}
            )
            action = ProgressReview.Action.SUBMITTED
        else:
            if report.review == ProgressReport.Review.ACCEPTED:
                raise ProgramRuleError(_("Отчёт уже принят; изменить его можно только после возврата."))
            if expected_version is not None and report.version != expected_version:
                raise StaleVersion(_("Отчёт уже изменил другой пользователь. Обновите страницу."))
            report.version += 1
            report.filed_by = user
            action = (
                ProgressReview.Action.RESUBMITTED
                if report.review == ProgressReport.Review.RETURNED
                else ProgressReview.Action.SUBMITTED
            )
        report.status, report.narrative = status, narrative.strip()
        report.done_on = done_on
        # Committee staff filing for the school or organisation: recorded, and somebody else decides.
        report.on_behalf = not files_as_party(user, target)
        report.review = ProgressReport.Review.SUBMITTED
        report.full_clean()
        report.save()
        for f in files:
            Evidence.objects.create(report=report, file=f, original_name=(f.name or "")[:255], uploaded_by=user)
        ProgressReview.objects.create(report=report, action=action, by=user)
    return report


def _review(*, report: ProgressReport, user: User, accept: bool, comment: str) -> ProgressReport:
    with transaction.atomic():
        current = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if current.review != ProgressReport.Review.SUBMITTED:
            # A double click or a colleague at the same moment: the row lock made this call wait,
            # so it sees the other decision and names it.
            who = current.reviewed_by.display_name if current.reviewed_by else ""
            when = date_format(localtime(current.reviewed_at), "j E Y г. в H:i") if current.reviewed_at else ""
            detail = f": {who}, {when}" if who and when else ""
            raise ProgramRuleError(
                _("Отчёт уже проверен (%(state)s%(detail)s).")
                % {"state": current.get_review_display(), "detail": detail}
            )
        if current.filed_by_id == user.pk:
            # Separation of duties: whoever filed a report (for a school, on its behalf) does not
            # decide on it.
            raise ProgramRuleError(_("Вы сами подали этот отчёт: принять или вернуть его должен другой сотрудник."))
        current.review = ProgressReport.Review.ACCEPTED if accept else ProgressReport.Review.RETURNED
        current.review_comment = comment
        current.reviewed_by, current.reviewed_at = user, timezone.now()
        current.save()
        ProgressReview.objects.create(
            report=current,
            by=user,
            comment=comment,
            action=ProgressReview.Action.ACCEPTED if accept else ProgressReview.Action.RETURNED,
        )
        return current


def progress_accept(*, report: ProgressReport, user: User, comment: str = "") -> ProgressReport:
    return _review(report=report, user=user, accept=True, comment=comment.strip())


def progress_return(*, report: ProgressReport, user: User, comment: str) -> ProgressReport:
    if not comment.strip():
        raise ProgramRuleError({"comment": _("Напишите, что нужно доработать: без комментария отчёт не возвращается.")})
    return _review(report=report, user=user, accept=False, comment=comment.strip())
