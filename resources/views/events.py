"""Events: the municipality's calendar, planning (committee), the event page, the invitation,
the host's record of the held event."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.models import Program
from programs.views.common import add_rule_error, file_download
from schools.models import Municipality
from schools.views.guards import object_required

from ..forms import EventForm, RecordForm
from ..models import EventMaterial
from ..selectors.events import event_detail_source, municipality_calendar
from ..services import events as svc

MONTHS = [
    "",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


def _month(request) -> date:
    raw = request.GET.get("month", "")
    try:
        year, month = (int(p) for p in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@object_required("resources.view_calendar", Municipality)
def calendar_view(request, municipality: Municipality):
    first = _month(request)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    events = municipality_calendar(municipality=municipality, user=request.user, first=first, last=last)
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return render(
        request,
        "resources/calendar.html",
        {
            "municipality": municipality,
            "events": events,
            "month_label": f"{MONTHS[first.month].capitalize()} {first.year}",
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
        },
    )


def _program_source(request, pk: int) -> Program:
    return Program.objects.select_related("municipality__region").get(pk=pk)


@object_required("resources.plan_event", _program_source)
def event_plan_view(request, program: Program):
    schools = [p.school for p in program.participants.select_related("school").order_by("school__short_name")]
    initial = {}
    if (request.GET.get("measure") or "").isdigit():
        initial["measure"] = request.GET["measure"]
    if (request.GET.get("occurrence") or "").isdigit():
        initial["occurrence"] = request.GET["occurrence"]
    form = EventForm(request.POST or None, program=program, schools=schools, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = svc.EventData(
            title=d["title"],
            kind=d["kind"],
            starts_at=d["starts_at"],
            hours=d["hours"],
            audience=d["audience"],
            audience_size=d["audience_size"],
            format=d["format"],
            place=d["place"],
            description=d["description"],
            announce=d["announce"],
            host_school=d["host_school"],
            host_organisation=d["host_organisation"],
        )
        try:
            event = svc.event_plan(
                program=program,
                measure=d["measure"],
                occurrence=d["occurrence"],
                data=data,
                schools=form.invited(),
                user=request.user,
            )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Мероприятие запланировано."))
            return redirect("resources:event", event.pk)
    return render(request, "resources/event_form.html", {"program": program, "form": form})


@object_required("resources.view_event", event_detail_source())
def event_detail_view(request, event):
    user = request.user
    return render(
        request,
        "resources/event_detail.html",
        {
            "event": event,
            "program": event.program,
            "reports": list(event.reports.select_related("school", "organisation")),
            "can_record": user.has_perm("resources.record_event", event) and event.status == "planned",
            "can_change": user.has_perm("resources.change_event", event),
        },
    )


@require_POST
@object_required("resources.change_event", event_detail_source())
def event_invite_view(request, event):
    try:
        sent = svc.event_invite(event=event, user=request.user)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Приглашения отправлены: %(n)s.") % {"n": sent})
    return redirect("resources:event", event.pk)


@require_POST
@object_required("resources.change_event", event_detail_source())
def event_cancel_view(request, event):
    try:
        svc.event_cancel(event=event, user=request.user)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Мероприятие отменено."))
    return redirect("resources:event", event.pk)


@object_required("resources.record_event", event_detail_source())
def event_record_view(request, event):
    form = RecordForm(request.POST or None, request.FILES or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                svc.event_record(
                    event=event,
                    user=request.user,
                    actual=form.actual(),
                    outcome=form.cleaned_data["outcome"],
                    files=form.cleaned_data.get("files") or [],
                    links=form.cleaned_data["links"],
                )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(
                request,
                _("Мероприятие отмечено проведённым; отчёт о выполнении срока отправлен на проверку комитету."),
            )
            return redirect("resources:event", event.pk)
    return render(request, "resources/event_record.html", {"event": event, "program": event.program, "form": form})


@object_required("resources.view_event", EventMaterial.objects.select_related("event"), check=lambda m: m.event)
def material_download_view(request, material: EventMaterial):
    if not material.file:
        raise Http404  # a link, not a stored file: the event page links to it directly
    return file_download(request, material, subject=f"event-material:{material.pk}")
