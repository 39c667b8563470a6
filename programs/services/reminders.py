"""The daily digest: each responsible user gets one e-mail listing what is due within 7 days and
what is overdue — never one mail per item."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from programs.models import Occurrence, ProgressReport
from programs.selectors_execution import RUNNING
from schools.models import Membership, Role

DUE_WINDOW_DAYS = 7


@dataclass(frozen=True)
class DigestLine:
    occurrence: Occurrence
    school_name: str
    overdue: bool


def reminders_collect(*, today: date | None = None) -> dict[int, list[DigestLine]]:
    """user id → the lines of their digest. A fixed number of queries whatever the data size."""
    today = today or timezone.localdate()
    occurrences = list(
        Occurrence.objects.filter(
            due_date__lte=today + timedelta(days=DUE_WINDOW_DAYS),
            measure__is_archived=False,
            measure__program__status__in=RUNNING,
        )
        .select_related("measure", "measure__program")
        .prefetch_related("measure__schools", "measure__responsible")
        .order_by("due_date")
    )
    accepted = set(
        ProgressReport.objects.filter(occurrence__in=occurrences, review=ProgressReport.Review.ACCEPTED).values_list(
            "occurrence_id", "school_id"
        )
    )
    memberships = list(
        Membership.objects.filter(is_active=True, user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", "role", "school_id", "municipality_id", "organisation_id")
    )
    team_by_school, staff_by_municipality, staff_by_org = defaultdict(set), defaultdict(set), defaultdict(set)
    for user_id, role, school_id, municipality_id, organisation_id in memberships:
        if role == Role.SCHOOL_TEAM:
            team_by_school[school_id].add(user_id)
        elif role == Role.MUNICIPAL_STAFF:
            staff_by_municipality[municipality_id].add(user_id)
        if organisation_id:
            staff_by_org[organisation_id].add(user_id)
    digest: dict[int, list[DigestLine]] = defaultdict(list)
    for occurrence in occurrences:
        overdue = occurrence.due_date < today
        measure = occurrence.measure
        schools = list(measure.schools.all())
        if schools:
            for school in schools:
                if (occurrence.pk, school.pk) in accepted:
                    continue
                for user_id in team_by_school.get(school.pk, ()):
                    digest[user_id].append(DigestLine(occurrence, school.short_name, overdue))
            continue
        if (occurrence.pk, None) in accepted:
            continue
        # A measure of organisations: their staff; failing that, the program's municipal coordinators.
        recipients = set().union(*(staff_by_org.get(o.pk, set()) for o in measure.responsible.all()))
        for user_id in recipients or staff_by_municipality.get(measure.program.municipality_id, ()):
            digest[user_id].append(DigestLine(occurrence, "", overdue))
    return digest


def reminders_send(*, today: date | None = None) -> int:
    from schools.models import User

    today = today or timezone.localdate()
    digest = reminders_collect(today=today)
    users = User.objects.in_bulk(list(digest))
    sent = 0
    for user_id, lines in digest.items():
        user = users[user_id]
        context = {
            "user": user,
            "today": today,
            "overdue": [line for line in lines if line.overdue],
            "upcoming": [line for line in lines if not line.overdue],
        }
        send_mail(
            subject=render_to_string("programs/email/digest_subject.txt", context).strip(),
            message=render_to_string("programs/email/digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        sent += 1
    return sent
