"""Progress reports: filing by the school team or responsible organisation, review by the committee.

Transitions lock the report row, so a double click or two reviewers at once cannot accept twice
or accept a report that was just returned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from programs.models import Evidence, Occurrence, ProgressReport, ProgressReview
from schools.models import Organisation, School

from .errors import ProgramRuleError, StaleVersion
from .uploads import check_evidence_file


@dataclass(frozen=True)
class ProgressTarget:
    """What a report is about: an occurrence, for one school (or one organisation). The access
    layer checks `programs.file_progress` against this object before anything is written."""

    occurrence: Occurrence
    school: School | None = None
    organisation: Organisation | None = None

    @property
    def school_id(self) -> int | None:
        return self.school.pk if self.school else None

    @property
    def program(self):
        return self.occurrence.measure.program


def progress_target_check(target: ProgressTarget) -> None:
    measure = target.occurrence.measure
    concerned = set(measure.schools.values_list("pk", flat=True))
    if concerned and (target.school is None or target.school.pk not in concerned):
        raise ProgramRuleError(_("Это мероприятие не касается выбранной школы."))
    if not concerned and target.school is not None:
        raise ProgramRuleError(_("По этому мероприятию отчитывается ответственная организация, а не школа."))


def progress_file(
    *,
    target: ProgressTarget,
    user,
    status: str,
    narrative: str,
    files: Iterable[UploadedFile] = (),
    expected_version: int | None = None,
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
    with transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update()
            .filter(
                occurrence=target.occurrence,
                school=target.school,
                organisation=None if target.school else target.organisation,
            )
            .first()
        )
        if report is None:
            report = ProgressReport(
                occurrence=target.occurrence,
                school=target.school,
                organisation=None if target.school else target.organisation,
                filed_by=user,
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
        report.review = ProgressReport.Review.SUBMITTED
        report.full_clean()
        report.save()
        for f in files:
            Evidence.objects.create(report=report, file=f, original_name=f.name[:255], uploaded_by=user)
        ProgressReview.objects.create(report=report, action=action, by=user)
    return report


def _review(*, report: ProgressReport, user, accept: bool, comment: str) -> ProgressReport:
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


def progress_accept(*, report: ProgressReport, user, comment: str = "") -> ProgressReport:
    return _review(report=report, user=user, accept=True, comment=comment.strip())


def progress_return(*, report: ProgressReport, user, comment: str) -> ProgressReport:
    if not comment.strip():
        raise ProgramRuleError({"comment": _("Напишите, что нужно доработать: без комментария отчёт не возвращается.")})
    return _review(report=report, user=user, accept=False, comment=comment.strip())
