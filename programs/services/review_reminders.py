"""Reminders of review deadlines: each expert gets one e-mail listing the school programs whose
review is due within two days or overdue; at most one e-mail a day (``reminded_on``)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from programs.models import ReviewAssignment, SchoolProgram
from programs.selectors.reviews import reviewer_inbox
from schools.digests import digest_send
from schools.models import User

DUE_WINDOW_DAYS = 2


def review_reminders_send(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    window = today + timedelta(days=DUE_WINDOW_DAYS)
    reviewers = (
        ReviewAssignment.objects.filter(
            state=ReviewAssignment.State.ACTIVE,
            program__status__in=SchoolProgram.AWAITING_REVIEW,
            deadline__lte=window,
            reviewer__is_active=True,
        )
        .exclude(reviewer__email="")
        .exclude(reminded_on=today)
        .values_list("reviewer_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(reviewers)):
        lines = [item for item in reviewer_inbox(user=user, today=today) if item.assignment.deadline <= window]
        if digest_send(user=user, today=today, lines=lines, template="programs/email/review"):
            ReviewAssignment.objects.filter(pk__in=[item.assignment.pk for item in lines]).update(reminded_on=today)
            sent += 1
    return sent
