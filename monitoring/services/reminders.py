"""Reminders of data collections: one digest e-mail per school team member, never one per form.

A daily run lists the open collections whose deadline is within the next three days (today
included) and those whose deadline was yesterday, for the schools that have not submitted yet
(not started, draft, or returned for correction)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from monitoring.models import Collection, Submission
from schools.digests import digests_send
from schools.models import Membership, Role

DUE_WINDOW_DAYS = 3
NOT_SUBMITTED = [Submission.Status.DRAFT, Submission.Status.RETURNED]


@dataclass(frozen=True)
class ReminderLine:
    submission: Submission
    overdue: bool  # the deadline was yesterday

    @property
    def collection(self) -> Collection:
        return self.submission.collection

    @property
    def school_name(self) -> str:
        return self.submission.school.short_name


def collection_reminders_collect(*, today: date | None = None) -> dict[int, list[ReminderLine]]:
    """user id → the lines of their digest. Three queries whatever the data size."""
    today = today or timezone.localdate()
    yesterday = today - timedelta(days=1)
    submissions = list(
        Submission.objects.filter(
            collection__status=Collection.Status.OPEN,
            status__in=NOT_SUBMITTED,
            locked=False,
        )
        .filter(
            collection__deadline__gte=yesterday,
            collection__deadline__lte=today + timedelta(days=DUE_WINDOW_DAYS),
        )
        .with_collection()
        .order_by("collection__deadline", "collection__title", "school__short_name")
    )
    team_by_school: dict[int, set[int]] = defaultdict(set)
    for user_id, school_id in (
        Membership.objects.filter(
            role=Role.SCHOOL_TEAM,
            is_active=True,
            user__is_active=True,
            school_id__in={s.school_id for s in submissions},
        )
        .exclude(user__email="")
        .values_list("user_id", "school_id")
    ):
        team_by_school[school_id].add(user_id)
    digest: dict[int, list[ReminderLine]] = defaultdict(list)
    for submission in submissions:
        overdue = submission.collection.deadline == yesterday
        for user_id in sorted(team_by_school.get(submission.school_id, ())):
            digest[user_id].append(ReminderLine(submission, overdue))
    return dict(digest)


def collection_reminders_send(*, today: date | None = None) -> int:
    """Send the digests; the number of e-mails sent."""
    today = today or timezone.localdate()
    digest = collection_reminders_collect(today=today)
    return digests_send(digest, today=today, template="monitoring/collections/email/reminder")
