"""Reads the API composes from the apps' selectors and the access layer."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from programs.models import Measure, ProgressReport
from programs.selectors import CLOSING


def measure_occurrences(*, measure: Measure, user, today: date | None = None) -> list[dict]:
    """The measure's occurrences with their progress: counts over all reports (as the measures
    table shows them to everyone who sees the program) and the reports themselves only where
    ``programs.file_progress`` lets the user open them. No query when the caller prefetched
    ``schools`` and ``occurrences__reports`` (see MeasureViewSet)."""
    today = today or timezone.localdate()
    weight = max(len(measure.schools.all()), 1)
    out = []
    for occurrence in measure.occurrences.all():
        reports = list(occurrence.reports.all())
        closed = sum(1 for r in reports if r.review == ProgressReport.Review.ACCEPTED and r.status in CLOSING)
        closed = min(closed, weight)
        out.append(
            {
                "id": occurrence.pk,
                "due_date": occurrence.due_date,
                "off_schedule": occurrence.off_schedule,
                "progress": {
                    "targets": weight,
                    "closed": closed,
                    "submitted": sum(1 for r in reports if r.review == ProgressReport.Review.SUBMITTED),
                    "returned": sum(1 for r in reports if r.review == ProgressReport.Review.RETURNED),
                    "overdue": max(weight - closed, 0) if occurrence.due_date < today else 0,
                },
                "reports": [r for r in reports if user.has_perm("programs.file_progress", r)],
            }
        )
    return out
