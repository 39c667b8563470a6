"""Reads the API composes from the apps' selectors and the access layer."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from programs.models import Measure, ProgressReport
from programs.selectors.execution import Execution, State

if TYPE_CHECKING:
    from schools.access import AnyUser


def measure_occurrences(*, measure: Measure, user: AnyUser, work: Execution) -> list[dict]:
    """The measure's occurrences with their progress: counts from the programs' one definition of
    due / overdue / done (``work``: selectors/execution.py over the measures of the page) and the
    reports themselves only where ``programs.file_progress`` lets the user open them. No query
    when the caller prefetched ``occurrences__reports`` (see MeasureViewSet)."""
    by_occurrence: dict[int, list] = defaultdict(list)
    for target in work.targets:
        if target.measure_id == measure.pk and target.occurrence_id is not None:
            by_occurrence[target.occurrence_id].append(target)
    out = []
    for occurrence in measure.occurrences.all():
        reports = list(occurrence.reports.all())
        targets = by_occurrence.get(occurrence.pk, [])
        out.append(
            {
                "id": occurrence.pk,
                "due_date": occurrence.due_date,
                "off_schedule": occurrence.off_schedule,
                "progress": {
                    "targets": len(targets),
                    "closed": sum(t.state == State.DONE for t in targets),
                    "submitted": sum(1 for r in reports if r.review == ProgressReport.Review.SUBMITTED),
                    "returned": sum(1 for r in reports if r.review == ProgressReport.Review.RETURNED),
                    "overdue": sum(t.state == State.OVERDUE for t in targets),
                },
                "reports": [r for r in reports if user.has_perm("programs.file_progress", r)],
            }
        )
    return out
