"""The progress side of «Проверка отчётов»: the reports waiting for the viewer's decision.

«Ждёт проверки» is one fact: a ProgressReport with ``review = submitted`` (programs.
selectors/execution.py says the same for its targets). Which of them wait for *this* viewer follows
``programs.decide_report``: the programs the viewer governs (committee staff of the municipality
or region), and the school reports of the schools a curator is assigned to — in programs that are
neither drafts nor archived, as ``selectors.work_programs``. The list, its filters and the count in
the navigation all start from :func:`waiting_reports_qs`, so they cannot disagree.

config/review_queue.py puts these next to the data collections waiting for a decision
(monitoring.selectors.collections) — programs never sees monitoring's side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from schools.access import scope_of

from ..models import Evidence, Program, ProgressReport, ProgressReview
from ..models.progress import ProgressReportQuerySet

if TYPE_CHECKING:
    from schools.access import AnyUser

# A draft has no reports; an archived program is history, whatever was left in it.
_LIVE = ~Q(occurrence__measure__program__status__in=[Program.Status.DRAFT, Program.Status.ARCHIVED])


def waiting_reports_qs(user: AnyUser) -> ProgressReportQuerySet:
    """Every report waiting for a decision the user may take (no ordering, no joins added)."""
    scope = scope_of(user)
    waiting = ProgressReport.objects.filter(_LIVE, review=ProgressReport.Review.SUBMITTED)
    if scope.superuser:
        return waiting
    area = Q(pk__in=[])
    if scope.region_ids:
        area |= Q(occurrence__measure__program__municipality__region_id__in=scope.region_ids)
    if scope.municipality_ids:
        area |= Q(occurrence__measure__program__municipality_id__in=scope.municipality_ids)
    if scope.assigned_school_ids:
        # Curators decide on school reports only (programs.access.curates_report_school).
        area |= Q(school_id__in=scope.assigned_school_ids)
    return waiting.filter(area)


def waiting_reports_count(*, user: AnyUser) -> int:
    """One COUNT query: the navigation badge and the home page line."""
    return waiting_reports_qs(user).order_by().count()


def _last_submitted():
    """When the report was (last) sent for review: a report returned and sent again waits since
    the second sending, not since it was first filed."""
    return Subquery(
        ProgressReview.objects.filter(
            report=OuterRef("pk"),
            action__in=[ProgressReview.Action.SUBMITTED, ProgressReview.Action.RESUBMITTED],
        )
        .order_by("-at", "-pk")
        .values("at")[:1]
    )


def waiting_reports(
    *, user: AnyUser, program_id: int | None = None, school_id: int | None = None, pk: int | None = None
) -> list[ProgressReport]:
    """The waiting reports, oldest sending first, each with ``submitted_at``, its measure and
    program, party, filer and evidence (three queries whatever the number). ``pk`` narrows to
    one report (the row redrawn after a decision)."""
    qs = waiting_reports_qs(user)
    if program_id is not None:
        qs = qs.filter(occurrence__measure__program_id=program_id)
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return list(
        qs.annotate(submitted_at=Coalesce(_last_submitted(), "filed_at"))
        .with_program()
        .with_party()
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by("submitted_at", "pk")
    )


def waiting_report_school_ids(*, user: AnyUser) -> set[int]:
    """The schools with a report waiting (the school filter offers only these)."""
    return set(waiting_reports_qs(user).exclude(school=None).order_by().values_list("school_id", flat=True).distinct())


def waiting_report_program_ids(*, user: AnyUser) -> set[int]:
    return set(waiting_reports_qs(user).order_by().values_list("occurrence__measure__program_id", flat=True).distinct())
