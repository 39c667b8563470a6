"""Reads of a data collection: each school's state (the tracker) and the tracker as a
spreadsheet — the committee's old e-mailed table, now generated. Writes are in
monitoring/services/collections.py."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from monitoring.models import Collection, Indicator, Submission, SubmissionEvent, SubmissionValue
from monitoring.models.collections import SubmissionQuerySet
from schools.access import scope_of
from schools.models import School
from schools.spreadsheets import guard_cells

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from schools.access import AnyUser

TRACKER_STATES = Submission.STATES
TRACKER_LABELS = Submission.STATE_LABELS  # one label source: the model's
NOT_SUBMITTED = {"not_started", "draft", "returned"}


@dataclass(frozen=True)
class TrackerRow:
    submission: Submission
    state: str
    last_activity: datetime | None

    @property
    def school(self) -> School:
        return self.submission.school

    @property
    def label(self) -> str:
        return str(TRACKER_LABELS[self.state])

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


class SubmissionState(TypedDict):
    started: bool
    last_activity: datetime | None


def submissions_with_state(qs: QuerySet[Submission]) -> QuerySet[WithAnnotations[Submission, SubmissionState]]:
    """Annotate `started` (anything ever recorded) and `last_activity` in the same query."""
    return qs.annotate(
        started=Exists(SubmissionEvent.objects.filter(submission=OuterRef("pk"))),
        last_activity=Max("events__at"),
    )


def submission_state(submission: Submission) -> str:
    return submission.state


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
        line: list[object] = [row.school.code, row.school.short_name, row.label, last]
        line += [values.get((row.submission.pk, i.pk)) for i in entered]
        sheet.append(line)
        guard_cells(sheet[sheet.max_row])  # a school name or code must never become a formula
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Waiting for a decision («Проверка отчётов», composed in config/review_queue.py) -------------


def waiting_submissions_qs(user: AnyUser) -> SubmissionQuerySet:
    """Every submitted answer the user may accept or return: ``monitoring.review_submission``
    (committee staff over the school's municipality or region) as a queryset. The list, its
    filters and the navigation count all start here."""
    scope = scope_of(user)
    waiting = Submission.objects.filter(status=Submission.Status.SUBMITTED)
    if scope.superuser:
        return waiting
    area = Q(pk__in=[])
    if scope.region_ids:
        area |= Q(school__region_id__in=scope.region_ids)
    if scope.municipality_ids:
        area |= Q(school__municipality_id__in=scope.municipality_ids)
    return waiting.filter(area)


def waiting_submissions_count(*, user: AnyUser) -> int:
    """One COUNT query (none for a user who reviews no collections)."""
    scope = scope_of(user)
    if not (scope.superuser or scope.region_ids or scope.municipality_ids):
        return 0
    return waiting_submissions_qs(user).order_by().count()


def waiting_submissions(
    *, user: AnyUser, target_set_ids: Iterable[int] | None = None, school_id: int | None = None, pk: int | None = None
) -> Sequence[Submission]:
    """The waiting answers, oldest sending first, each with its collection, school and
    ``submitted_by`` (who sent it; two queries whatever the number). ``target_set_ids``: the sets
    the collections were opened for (ids or a subquery of them — a program's is its set)."""
    qs = waiting_submissions_qs(user)
    if target_set_ids is not None:
        qs = qs.filter(collection__target_set_id__in=target_set_ids)
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    if pk is not None:
        qs = qs.filter(pk=pk)
    sender = (
        SubmissionEvent.objects.filter(submission=OuterRef("pk"), action=SubmissionEvent.Action.SUBMITTED)
        .order_by("-at", "-pk")
        .values("by_id")[:1]
    )
    # Annotated rows (``submitted_by_id``): the checker cannot follow an annotation through the
    # model's own queryset class, hence Any.
    rows: list[Any] = list(
        qs.with_collection()
        .annotate(submitted_by_id=Subquery(sender))
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")
    )
    people = get_user_model().objects.in_bulk({s.submitted_by_id for s in rows if s.submitted_by_id})
    for submission in rows:
        submission.submitted_by = people.get(submission.submitted_by_id)
    return rows


def waiting_submission_school_ids(*, user: AnyUser) -> set[int]:
    return set(waiting_submissions_qs(user).order_by().values_list("school_id", flat=True).distinct())


def waiting_submission_target_set_ids(*, user: AnyUser) -> set[int]:
    ids = (
        waiting_submissions_qs(user)
        .exclude(collection__target_set_id=None)
        .order_by()
        .values_list("collection__target_set_id", flat=True)
        .distinct()
    )
    return {pid for pid in ids if pid is not None}  # none are, after the exclude: for the type checker
