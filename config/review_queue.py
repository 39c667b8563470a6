"""«Проверка отчётов»: everything waiting for the viewer's decision, oldest first — progress
reports (programs) and data collection answers (monitoring) — with accept / return in the list.

It lives in config because it composes two apps that must not know each other (monitoring never
imports programs). The reads are the apps' selectors (programs.selectors.review_queue,
monitoring.selectors.collections), the decisions their services; the count in the navigation and
on the home page is :func:`queue_count`, over the same selectors as the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from monitoring.models import Submission
from monitoring.selectors import collections as collection_reads
from monitoring.services import collections as collection_svc
from programs.models import Program, ProgressReport
from programs.selectors import review_queue as report_reads
from programs.services import progress as progress_svc
from schools.models import School
from schools.views.guards import object_required, perm_required

REPORTS, COLLECTIONS = "reports", "collections"
KIND_CHOICES = [(REPORTS, gettext_lazy("отчёты о выполнении")), (COLLECTIONS, gettext_lazy("сбор данных"))]
_COUNT_ATTR = "_review_queue_count"


def queue_count(request: HttpRequest) -> int:
    """How many items wait for the user's decision: one COUNT per app, once per request (the
    navigation and the home page both show it)."""
    cached = getattr(request, _COUNT_ATTR, None)
    if cached is None:
        user = request.user
        cached = report_reads.waiting_reports_count(user=user) + collection_reads.waiting_submissions_count(user=user)
        setattr(request, _COUNT_ATTR, cached)
    return cached


@dataclass(frozen=True)
class Filters:
    program_id: int | None = None
    kind: str = ""
    school_id: int | None = None

    @classmethod
    def from_query(cls, data) -> Filters:
        def number(key: str) -> int | None:
            value = (data.get(key) or "").strip()
            return int(value) if value.isdigit() else None

        kind = data.get("kind") or ""
        return cls(number("program"), kind if kind in (REPORTS, COLLECTIONS) else "", number("school"))

    @property
    def query(self) -> str:
        """The filters as a query string (the way back after a decision without JavaScript)."""
        pairs = {"program": self.program_id, "kind": self.kind, "school": self.school_id}
        return urlencode({k: v for k, v in pairs.items() if v})


@dataclass(frozen=True)
class Row:
    kind: str  # REPORTS or COLLECTIONS
    item: ProgressReport | Submission
    submitted_at: datetime | None
    own: bool = False  # filed by the viewer: shown, but somebody else decides

    @property
    def dom_id(self) -> str:
        return f"queue-{self.kind}-{self.item.pk}"

    @property
    def decide_url(self) -> str:
        name = "review_queue_report" if self.kind == REPORTS else "review_queue_submission"
        return reverse(name, args=[self.item.pk])


def _report_row(report: ProgressReport, user) -> Row:
    return Row(REPORTS, report, report.submitted_at, own=report.filed_by_id == user.pk)


def _submission_row(submission: Submission) -> Row:
    return Row(COLLECTIONS, submission, submission.submitted_at)


def queue_rows(*, user, filters: Filters = Filters()) -> list[Row]:
    """Both kinds, oldest sending first (an answer without a sending time — data from before
    it was recorded — comes first: it has waited longest)."""
    rows: list[Row] = []
    if filters.kind != COLLECTIONS:
        reports = report_reads.waiting_reports(user=user, program_id=filters.program_id, school_id=filters.school_id)
        rows += [_report_row(r, user) for r in reports]
    if filters.kind != REPORTS:
        # A program's collections hang on its target set (a subquery: no query of its own).
        target_sets = (
            None
            if filters.program_id is None
            else Program.objects.filter(pk=filters.program_id).values("target_set_id")
        )
        submissions = collection_reads.waiting_submissions(
            user=user, target_set_ids=target_sets, school_id=filters.school_id
        )
        rows += [_submission_row(s) for s in submissions]
    rows.sort(key=lambda r: (r.submitted_at is not None, r.submitted_at or datetime.min, r.kind, r.item.pk))
    return rows


def _choices(user, filters: Filters) -> dict:
    """The filters offer the programs and schools that have something waiting (and the chosen ones)."""
    program_ids = report_reads.waiting_report_program_ids(user=user)
    target_set_ids = collection_reads.waiting_submission_target_set_ids(user=user)
    school_ids = report_reads.waiting_report_school_ids(user=user) | collection_reads.waiting_submission_school_ids(
        user=user
    )
    program_ids |= {filters.program_id} - {None}
    school_ids |= {filters.school_id} - {None}
    return {
        "programs": Program.objects.filter(Q(pk__in=program_ids) | Q(target_set_id__in=target_set_ids)).order_by(
            "short_title", "title"
        ),
        "schools": School.objects.filter(pk__in=school_ids).order_by("short_name"),
    }


@perm_required("programs.view_review_queue")
def review_queue_view(request):
    filters = Filters.from_query(request.GET)
    rows = queue_rows(user=request.user, filters=filters)
    return render(
        request,
        "review_queue/queue.html",
        {"rows": rows, "filters": filters, "kinds": KIND_CHOICES, **_choices(request.user, filters)},
    )


# --- Decisions from the list ---------------------------------------------------------------------


def _respond(request, *, kind: str, pk: int, done: str, error: str, comment: str) -> HttpResponse:
    """With htmx: the row again (with the refusal) while it still waits, else a line saying what
    happened in its place. Without JavaScript: the message and back to the list."""
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        back = Filters.from_query(request.POST).query
        return redirect(reverse("review_queue") + (f"?{back}" if back else ""))
    user = request.user
    if kind == REPORTS:
        still = [_report_row(r, user) for r in report_reads.waiting_reports(user=user, pk=pk)]
    else:
        still = [_submission_row(s) for s in collection_reads.waiting_submissions(user=user, pk=pk)]
    context = {
        "filters": Filters.from_query(request.POST),
        "error": error,
        "comment": comment,
        "badge_count": queue_count(request),  # the navigation's badge, redrawn out of band
    }
    if still:
        return render(request, "review_queue/_row.html", {"row": still[0], **context})
    return render(
        request,
        "review_queue/_row_done.html",
        {"dom_id": f"queue-{kind}-{pk}", "message": error or done, "refused": bool(error), **context},
    )


def _decision(request) -> str | None:
    decision = request.POST.get("decision")
    return decision if decision in ("accept", "return") else None


@require_POST
@object_required("programs.decide_report", ProgressReport.objects.select_related("occurrence__measure__program"))
def review_queue_report_view(request, report: ProgressReport):
    decision = _decision(request)
    if decision is None:
        return HttpResponseBadRequest(_("Не выбрано решение."))
    comment = request.POST.get("comment", "")
    done = error = ""
    try:
        if decision == "accept":
            progress_svc.progress_accept(report=report, user=request.user, comment=comment)
            done = _("Отчёт принят: %(what)s.") % {"what": _report_label(report)}
        else:
            progress_svc.progress_return(report=report, user=request.user, comment=comment)
            done = _("Отчёт возвращён на доработку: %(what)s.") % {"what": _report_label(report)}
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _respond(request, kind=REPORTS, pk=report.pk, done=done, error=error, comment=comment)


def _report_label(report: ProgressReport) -> str:
    measure = report.occurrence.measure
    who = report.school or report.organisation or (report.assignment and report.assignment.get_level_display())
    return f"{measure.number}. {measure.title[:80]}" + (f" — {who}" if who else "")


@require_POST
@object_required("monitoring.review_submission", Submission.objects.select_related("collection", "school"))
def review_queue_submission_view(request, submission: Submission):
    decision = _decision(request)
    if decision is None:
        return HttpResponseBadRequest(_("Не выбрано решение."))
    comment = request.POST.get("comment", "")
    what = f"«{submission.collection.title}» — {submission.school.short_name}"
    done = error = ""
    try:
        if decision == "accept":
            collection_svc.submission_accept(submission=submission, user=request.user, comment=comment)
            done = _("Ответ принят, данные заблокированы: %(what)s.") % {"what": what}
        else:
            collection_svc.submission_return(submission=submission, user=request.user, comment=comment)
            done = _("Ответ возвращён на доработку: %(what)s.") % {"what": what}
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _respond(request, kind=COLLECTIONS, pk=submission.pk, done=done, error=error, comment=comment)
