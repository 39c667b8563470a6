"""Events as people see them: the municipality's calendar, a program's events, the announcements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from programs.models import Program
from schools.access import AnyUser
from schools.extensions import MeasureEvidenceNote
from schools.models import Municipality

from ..access import visible_events
from ..models import EventAttendance, EventMaterial, MethodEvent


def _with_details(qs):
    return qs.with_program().prefetch_related(
        Prefetch("attendance", queryset=EventAttendance.objects.select_related("school")),
        Prefetch("materials", queryset=EventMaterial.objects.order_by("pk")),
    )


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(first, time.min, tz), datetime.combine(last + timedelta(days=1), time.min, tz)


def municipality_calendar(*, municipality: Municipality, user: AnyUser, first: date, last: date) -> list[MethodEvent]:
    """The events of the municipality's programs between the dates that ``user`` may see."""
    start, end = _bounds(first, last)
    qs = visible_events(
        user,
        MethodEvent.objects.filter(program__municipality=municipality, starts_at__gte=start, starts_at__lt=end),
    )
    return list(_with_details(qs).order_by("starts_at", "pk"))


def program_events(*, program: Program, user: AnyUser) -> list[MethodEvent]:
    return list(_with_details(visible_events(user, MethodEvent.objects.filter(program=program))).order_by("starts_at"))


def announcements(*, program: Program) -> list[MethodEvent]:
    """The public page: planned events the committee announces, from today on."""
    start = datetime.combine(timezone.localdate(), time.min, timezone.get_current_timezone())
    return list(
        MethodEvent.objects.with_program()
        .filter(program=program, announce=True, status=MethodEvent.Status.PLANNED, starts_at__gte=start)
        .order_by("starts_at")
    )


def event_detail_source():
    return _with_details(MethodEvent.objects.all())


def events_by_quarter(*, program_ids: list[int], year: int) -> list[tuple[str, str, int]]:
    """(quarter, «запланировано» / «проведено», count) for the chart of events held vs planned."""
    counts: dict[tuple[int, str], int] = {}
    for starts_at, status in MethodEvent.objects.filter(program_id__in=program_ids, starts_at__year=year).values_list(
        "starts_at", "status"
    ):
        quarter = (timezone.localtime(starts_at).month - 1) // 3 + 1
        if status != MethodEvent.Status.CANCELLED:
            counts[(quarter, "planned")] = counts.get((quarter, "planned"), 0) + 1
        if status == MethodEvent.Status.HELD:
            counts[(quarter, "held")] = counts.get((quarter, "held"), 0) + 1
    labels = {"planned": "запланировано", "held": "проведено"}
    return [(f"{q} кв.", labels[k], counts.get((q, k), 0)) for q in range(1, 5) for k in ("planned", "held")]


def report_events(*, report_ids: Sequence[int], user: AnyUser) -> list[MeasureEvidenceNote]:
    """«Проведено мероприятием: <title>, <date>» for each report a held event filed, linked to the
    event when ``user`` may see it (the report's reader may not be invited to it). Two queries."""
    through = MethodEvent.reports.through
    rows = list(
        through.objects.filter(progressreport_id__in=report_ids)
        .select_related("methodevent")
        .order_by("methodevent__starts_at", "pk")
    )
    if not rows:
        return []
    visible = set(
        visible_events(user, MethodEvent.objects.filter(pk__in={r.methodevent_id for r in rows})).values_list(
            "pk", flat=True
        )
    )
    notes: list[MeasureEvidenceNote] = []
    for row in rows:
        event = row.methodevent
        day = date_format(timezone.localtime(event.starts_at), "j E Y")
        notes.append(
            {
                "report_id": row.progressreport_id,
                "text": f"Проведено мероприятием: {event.title}, {day}",
                "url": reverse("resources:event", args=[event.pk]) if event.pk in visible else "",
            }
        )
    return notes
