"""Reminders of review deadlines: each expert gets one e-mail listing the school programs whose
review is due within two days or overdue; at most one e-mail a day (``reminded_on``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from programs.models import ReviewAssignment, SchoolProgram
from programs.selectors.reviews import InboxItem, reviewer_inbox

DUE_WINDOW_DAYS = 2


def review_reminders_send(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    reviewers = (
        ReviewAssignment.objects.filter(
            state=ReviewAssignment.State.ACTIVE,
            program__status__in=SchoolProgram.AWAITING_REVIEW,
            deadline__lte=today + timedelta(days=DUE_WINDOW_DAYS),
            reviewer__is_active=True,
        )
        .exclude(reviewer__email="")
        .exclude(reminded_on=today)
        .values_list("reviewer_id", flat=True)
        .distinct()
    )
    from schools.models import User

    sent = 0
    for user in User.objects.filter(pk__in=list(reviewers)):
        lines: dict[str, list[InboxItem]] = defaultdict(list)
        for item in reviewer_inbox(user=user, today=today):
            if item.assignment.deadline <= today + timedelta(days=DUE_WINDOW_DAYS):
                lines["overdue" if item.overdue else "upcoming"].append(item)
        if not lines:
            continue
        context = {"user": user, "today": today, **lines}
        send_mail(
            subject=render_to_string("programs/email/review_subject.txt", context).strip(),
            message=render_to_string("programs/email/review.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        ReviewAssignment.objects.filter(pk__in=[i.assignment.pk for items in lines.values() for i in items]).update(
            reminded_on=today
        )
        sent += 1
    return sent
