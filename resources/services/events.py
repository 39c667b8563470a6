"""Methodological events: planning by the committee, the invitation, and the record of the held
event by its host — which files the occurrence's progress report through programs' own service,
so the event *is* the report of that occurrence and the execution reads one truth."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Measure, Occurrence, Program, ProgressReport
from programs.selectors.execution import RUNNING, measure_parties
from programs.services.progress import ProgressTarget, on_demand_occurrence, progress_file, reporting_organisation
from programs.services.uploads import check_evidence_file
from schools.formats import ru_plural
from schools.models import Membership, Organisation, Role, School

from ..models import EventAttendance, EventMaterial, MethodEvent
from .checks import check_hours
from .errors import ResourceRuleError

if TYPE_CHECKING:
    from schools.models import User


@dataclass
class EventData:
    """What the committee plans: the fields of the event form."""

    title: str
    kind: str
    starts_at: datetime
    hours: object
    audience: str
    audience_size: int
    format: str = MethodEvent.Format.ONSITE
    place: str = ""
    description: str = ""
    announce: bool = True
    host_school: School | None = None
    host_organisation: Organisation | None = None


def _check(program: Program, measure: Measure, occurrence: Occurrence | None, data: EventData) -> None:
    if program.status not in RUNNING:
        raise ResourceRuleError(_("Мероприятия планируются по утверждённой или действующей программе."))
    if measure.program_id != program.pk or measure.is_archived:
        raise ResourceRuleError({"measure": _("Выберите мероприятие этой программы.")})
    if occurrence is not None and occurrence.measure_id != measure.pk:
        raise ResourceRuleError({"occurrence": _("Этот срок относится к другому мероприятию программы.")})
    if not data.title.strip():
        raise ResourceRuleError({"title": _("Укажите название мероприятия.")})
    day = timezone.localtime(data.starts_at).date() if timezone.is_aware(data.starts_at) else data.starts_at.date()
    if not program.period_start <= day <= program.period_end:
        raise ResourceRuleError(
            {
                "starts_at": _("Дата мероприятия должна быть в периоде программы: %(start)s — %(end)s.")
                % {"start": f"{program.period_start:%d.%m.%Y}", "end": f"{program.period_end:%d.%m.%Y}"}
            }
        )
    if (data.host_school is None) == (data.host_organisation is None):
        raise ResourceRuleError({"host_school": _("Укажите организатора: школу или организацию (одно из двух).")})
    if data.host_school is not None and data.host_school.municipality_id != program.municipality_id:
        raise ResourceRuleError({"host_school": _("Школа-организатор должна быть из муниципалитета программы.")})
    if data.audience_size is None or data.audience_size <= 0:
        raise ResourceRuleError({"audience_size": _("Укажите, на сколько участников рассчитано мероприятие.")})


def _check_attendance(counts: Mapping[School, int | None], audience_size: int, *, field: str, what: str) -> None:
    total = sum(n or 0 for n in counts.values())
    if any(n is not None and n < 0 for n in counts.values()):
        raise ResourceRuleError({field: _("Число участников не может быть отрицательным.")})
    if total > audience_size:
        raise ResourceRuleError(
            {
                field: _("%(what)s — %(total)s — больше, чем мест на мероприятии (%(size)s).")
                % {"what": what, "total": total, "size": audience_size}
            }
        )


def event_plan(
    *,
    program: Program,
    measure: Measure,
    occurrence: Occurrence | None,
    data: EventData,
    schools: Mapping[School, int],
    user: User,
) -> MethodEvent:
    """Plans an event for a measure (and the due date it carries out); ``schools``: the invited
    schools with the expected number of participants from each."""
    hours = check_hours(data.hours)
    _check(program, measure, occurrence, data)
    foreign = [s for s in schools if s.municipality_id != program.municipality_id]
    if foreign:
        raise ResourceRuleError({"schools": _("Приглашать можно школы муниципалитета программы.")})
    _check_attendance(schools, data.audience_size, field="schools", what=_("Ожидается участников"))
    with transaction.atomic():
        event = MethodEvent(
            program=program,
            measure=measure,
            occurrence=occurrence,
            title=data.title.strip(),
            kind=data.kind,
            starts_at=data.starts_at,
            hours=hours,
            host_school=data.host_school,
            host_organisation=data.host_organisation,
            format=data.format,
            place=data.place.strip(),
            audience=data.audience.strip(),
            audience_size=data.audience_size,
            description=data.description.strip(),
            announce=data.announce,
            created_by=user,
        )
        event.full_clean()
        event.save()
        EventAttendance.objects.bulk_create(
            [EventAttendance(event=event, school=s, planned=n or 0) for s, n in schools.items()]
        )
    return event


def event_invite(*, event: MethodEvent, user: User) -> int:
    """E-mails the teams of the invited schools (and the host) one invitation each; returns the
    number of letters. Sent again on request: the date of the last sending is kept."""
    if event.status != MethodEvent.Status.PLANNED:
        raise ResourceRuleError(_("Приглашения рассылаются только на запланированное мероприятие."))
    school_ids = {a.school_id for a in event.attendance.all()}
    if event.host_school_id:
        school_ids.add(event.host_school_id)
    emails = sorted(
        set(
            Membership.objects.filter(
                is_active=True, user__is_active=True, role=Role.SCHOOL_TEAM, school_id__in=school_ids
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not emails:
        raise ResourceRuleError(_("У приглашённых школ нет сотрудников с адресом электронной почты."))
    context = {"event": event, "site_url": getattr(settings, "PORTAL_SITE_URL", "")}
    subject = render_to_string("resources/email/invitation_subject.txt", context).strip()
    body = render_to_string("resources/email/invitation.txt", context)
    sent = 0
    for email in emails:
        sent += send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    MethodEvent.objects.filter(pk=event.pk).update(invited_at=timezone.now())
    return sent


def _narrative(event: MethodEvent, attended: int) -> str:
    hours = f"{event.hours.normalize():f}".replace(".", ",")
    line = _("Проведено методическое мероприятие «%(title)s» (%(kind)s, %(format)s), %(date)s, %(hours)s ч.") % {
        "title": event.title,
        "kind": event.get_kind_display(),
        "format": event.get_format_display(),
        "date": f"{timezone.localtime(event.starts_at):%d.%m.%Y}",
        "hours": hours,
    }
    line += " " + _("Организатор: %(host)s. Участников: %(n)s %(word)s из %(size)s.") % {
        "host": event.host_name,
        "n": attended,
        "word": ru_plural(attended, "человек", "человека", "человек"),
        "size": event.audience_size,
    }
    if event.outcome:
        line += "\n" + _("Итоги: %(outcome)s") % {"outcome": event.outcome}
    return line


def _targets(event: MethodEvent, occurrence: Occurrence, user: User) -> list[ProgressTarget]:
    """The parties of the occurrence the event carries out: the invited schools the measure
    concerns (the host school if none is invited), the host's roadmap level, or the responsible
    organisation."""
    parties = measure_parties(measure=event.measure)
    school_parties = {p.school_id for p in parties if p.school_id}
    if school_parties:
        invited = {a.school_id for a in event.attendance.all()}
        wanted = (invited | ({event.host_school_id} if event.host_school_id else set())) & school_parties
        if not wanted:
            raise ResourceRuleError(_("Мероприятие программы касается других школ: пригласите хотя бы одну из них."))
        schools = School.objects.in_bulk(wanted)
        return [ProgressTarget(occurrence=occurrence, school=schools[pk]) for pk in sorted(wanted)]
    assignments = list(event.measure.assignments.select_related("organisation"))
    if assignments:
        mine = [a for a in assignments if a.organisation_id and a.organisation_id == event.host_organisation_id]
        if not mine:
            raise ResourceRuleError(
                _("По мероприятию отчитываются исполнители дорожной карты: организатором должен быть один из них.")
            )
        return [ProgressTarget(occurrence=occurrence, assignment=a) for a in mine]
    responsible = event.measure.responsible.all()
    organisation = next((o for o in responsible if o.pk == event.host_organisation_id), None)
    return [
        ProgressTarget(
            occurrence=occurrence,
            organisation=organisation or reporting_organisation(measure=event.measure, user=user),
        )
    ]


def event_record(
    *,
    event: MethodEvent,
    user: User,
    actual: Mapping[int, int | None],
    outcome: str,
    files: Iterable[UploadedFile] = (),
    links: Sequence[str] = (),
) -> MethodEvent:
    """The host records the held event: attendance by school, outcome, materials. The event then
    files the progress report of its occurrence (status «выполнено», the materials as evidence)
    for each party it carries out; the committee accepts it as any report."""
    files = list(files)
    for f in files:
        check_evidence_file(f)
    if event.status == MethodEvent.Status.CANCELLED:
        raise ResourceRuleError(_("Мероприятие отменено: отметить его проведённым нельзя."))
    if timezone.localtime(event.starts_at).date() > timezone.localdate():
        raise ResourceRuleError(_("Мероприятие ещё не состоялось: посещаемость вносится после него."))
    if not outcome.strip():
        raise ResourceRuleError({"outcome": _("Опишите итоги мероприятия: без них отчёт о выполнении не принимается.")})
    rows = {a.school_id: a for a in event.attendance.select_related("school")}
    unknown = set(actual) - set(rows)
    if unknown:
        raise ResourceRuleError(_("Посещаемость вносится только по приглашённым школам."))
    _check_attendance(
        {rows[k].school: v for k, v in actual.items()}, event.audience_size, field="attendance", what=_("Пришло")
    )
    with transaction.atomic():
        locked = MethodEvent.objects.select_for_update().get(pk=event.pk)
        # Checked again under the lock: a second send of the form (a double click, another tab)
        # must not add the materials twice nor file the reports again.
        if locked.status == MethodEvent.Status.HELD:
            raise ResourceRuleError(_("Мероприятие уже отмечено проведённым: посещаемость и материалы внесены."))
        if locked.status == MethodEvent.Status.CANCELLED:
            raise ResourceRuleError(_("Мероприятие отменено: отметить его проведённым нельзя."))
        for school_id, n in actual.items():
            EventAttendance.objects.filter(pk=rows[school_id].pk).update(actual=n)
        for f in files:
            EventMaterial.objects.create(event=locked, file=f, original_name=(f.name or "")[:255], uploaded_by=user)
        for link in links:
            if link.strip():
                EventMaterial.objects.create(event=locked, link=link.strip(), uploaded_by=user)
        locked.status, locked.outcome = MethodEvent.Status.HELD, outcome.strip()
        locked.save(update_fields=["status", "outcome"])
        _file_reports(locked, user, attended=sum(n or 0 for n in actual.values()))
    return locked


def _file_reports(event: MethodEvent, user: User, *, attended: int) -> list[ProgressReport]:
    occurrence = event.occurrence
    if occurrence is None:
        occurrence = on_demand_occurrence(measure=event.measure, done_on=timezone.localtime(event.starts_at).date())
        event.occurrence = occurrence
        event.save(update_fields=["occurrence"])
    narrative = _narrative(event, attended)
    links = [m.link for m in event.materials.all() if m.link]
    if links:
        narrative += "\n" + _("Материалы: %(links)s") % {"links": ", ".join(links)}
    reports = []
    for target in _targets(event, occurrence, user):
        stored = [m for m in event.materials.all() if m.file]
        # The stored materials, opened afresh for each report: progress_file reads and stores them.
        handles: list[Any] = [File(m.file.open("rb"), name=m.original_name) for m in stored]
        try:
            report = progress_file(
                target=target, user=user, status=ProgressReport.Status.DONE, narrative=narrative, files=handles
            )
        finally:
            for handle in handles:
                handle.close()
        reports.append(report)
    event.reports.add(*reports)
    return reports


def event_cancel(*, event: MethodEvent, user: User) -> MethodEvent:
    # One conditional UPDATE: a cancel racing the host's record cannot undo a held event.
    changed = (
        MethodEvent.objects.filter(pk=event.pk)
        .exclude(status=MethodEvent.Status.HELD)
        .update(status=MethodEvent.Status.CANCELLED)
    )
    if not changed:
        raise ResourceRuleError(_("Мероприятие уже проведено: отменить его нельзя."))
    event.status = MethodEvent.Status.CANCELLED
    return event
