"""Reads of a data collection: each school's state (the tracker) and the tracker as a
spreadsheet — the committee's old e-mailed table, now generated. Writes are in
monitoring/services/collections.py."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font

from monitoring.models import Collection, Indicator, Submission, SubmissionEvent, SubmissionValue
from schools.models import School
from schools.spreadsheets import guard_cells

TRACKER_STATES = ["not_started", "draft", "returned", "submitted", "accepted"]
TRACKER_LABELS = {
    "not_started": gettext_noop("не начато"),
    "draft": gettext_noop("черновик"),
    "returned": gettext_noop("возвращено на доработку"),
    "submitted": gettext_noop("на проверке"),
    "accepted": gettext_noop("принято"),
}
NOT_SUBMITTED = {"not_started", "draft", "returned"}


@dataclass(frozen=True)
class TrackerRow:
    submission: Submission
    state: str
    last_activity: object  # datetime | None

    @property
    def school(self) -> School:
        return self.submission.school

    @property
    def label(self) -> str:
        return _(TRACKER_LABELS[self.state])

    @property
    def submitted(self) -> bool:
        return self.state not in NOT_SUBMITTED


@dataclass(frozen=True)
class Tracker:
    collection: Collection
    rows: list[TrackerRow]  # who has not submitted first, then those waiting for review, then accepted

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(TRACKER_STATES, 0)
        for row in self.rows:
            counts[row.state] += 1
        return counts

    @property
    def not_submitted(self) -> list[TrackerRow]:
        return [r for r in self.rows if not r.submitted]

    @property
    def overdue(self) -> bool:
        return self.collection.deadline < timezone.localdate()


def submissions_with_state(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """Annotate `started` (anything ever recorded) and `last_activity` in the same query."""
    return qs.annotate(
        started=Exists(SubmissionEvent.objects.filter(submission=OuterRef("pk"))),
        last_activity=Max("events__at"),
    )


def submission_state(submission: Submission) -> str:
    if submission.status == Submission.Status.DRAFT and not getattr(submission, "started", True):
        return "not_started"
    return submission.status


def collection_tracker(*, collection: Collection) -> Tracker:
    """Each school's state, in one query whatever the number of schools."""
    submissions = submissions_with_state(collection.submissions.select_related("school"))
    rows = [TrackerRow(s, submission_state(s), s.last_activity) for s in submissions]
    rows.sort(key=lambda r: (TRACKER_STATES.index(r.state), r.school.short_name))
    return Tracker(collection=collection, rows=rows)


def collection_tracker_xlsx(*, collection: Collection) -> bytes:
    """The tracker as a spreadsheet: one row per school with its state and every entered value
    (the committee's old e-mailed table, now generated). Three queries whatever the size."""
    tracker = collection_tracker(collection=collection)
    entered = list(collection.indicators.filter(kind=Indicator.Kind.ENTERED))
    values = {
        (v["submission_id"], v["indicator_id"]): v["value"]
        for v in SubmissionValue.objects.filter(submission__collection=collection).values(
            "submission_id", "indicator_id", "value"
        )
    }
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ход сбора")[:31]
    header = [_("Код ОО"), _("Школа"), _("Состояние"), _("Последнее действие")]
    header += [f"{i.name} ({i.get_unit_display()})" for i in entered]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in tracker.rows:
        last = timezone.localtime(row.last_activity).strftime("%d.%m.%Y %H:%M") if row.last_activity else ""
        line = [row.school.code, row.school.short_name, row.label, last]
        line += [values.get((row.submission.pk, i.pk)) for i in entered]
        sheet.append(line)
        guard_cells(sheet[sheet.max_row])  # a school name or code must never become a formula
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
