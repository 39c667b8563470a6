"""The «Методические мероприятия» import kind: a plan of events from XLSX, on the shared machinery
(tolerant headers, a preview naming every problem, all rows or none).

A row is one planned event of a measure (and, maybe, the due date it carries out): title, kind, date
and time, hours, the host (a school of the program's municipality by its code, or an organisation
by its name), format, audience, places, and the invited schools with the number expected from each
(«0101 (10), 0102 (5)»). A row with the same program, measure, title and day as a stored event
updates it while it is still planned; a held or cancelled event is not changed by a file. The rules
are those of the event form (resources/services/events.py): an approved or active program, a date
inside its period, quarter hours, one host, expected participants not above the places.
Invitations are not sent by the import: the event page sends them when the committee decides."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export.fields import Field
from import_export.widgets import Widget

from indices.imports.base import DecimalWidget, LimitedTextWidget
from programs.models import Occurrence, Program
from programs.selectors.execution import RUNNING
from schools.imports.registry import CellKind, ImportKind, register
from schools.imports.resource_base import chunked
from schools.imports.widgets import YES_NO, ChoiceWidget, CountWidget, LookupWidget
from schools.models import Organisation, School

from .import_base import PROGRAM_COLUMN, ProgramRowResource, column, measure_number, program_number, text_key
from .imports import DateWidget, _date
from .models import EventAttendance, MethodEvent
from .services.checks import QUARTER

KINDS = {str(label): value for value, label in MethodEvent.Kind.choices} | {
    "собеседование": MethodEvent.Kind.INTERVIEW,
    "клуб": MethodEvent.Kind.PARENTS_CLUB,
    "другое": MethodEvent.Kind.OTHER,
}
FORMATS = {str(label): value for value, label in MethodEvent.Format.choices} | {
    "онлайн": MethodEvent.Format.REMOTE,
    "дистанционный": MethodEvent.Format.REMOTE,
    "очный": MethodEvent.Format.ONSITE,
}
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_INVITED = re.compile(r"^\s*([^()\s]+)\s*(?:\(\s*(\d+)\s*\))?\s*$")
DEFAULT_HOUR = dt.time(10, 0)


def _time(value: Any) -> dt.time | None:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    match = _TIME.match(str(value).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_invited(value: Any) -> list[tuple[str, int]] | None:
    """«0101 (10), 0102 (5); 0103» → [("0101", 10), ("0102", 5), ("0103", 0)]; None when unreadable."""
    if value is None:
        return []
    found = []
    for part in re.split(r"[,;\n]", str(value)):
        if not part.strip():
            continue
        match = _INVITED.match(part)
        if match is None:
            return None
        found.append((match.group(1), int(match.group(2) or 0)))
    return found


class StartsAtWidget(Widget):
    """The «Дата» cell with the row's «Время» (10:00 when empty) as an aware date and time."""

    def clean(self, value, row=None, **kwargs) -> dt.datetime:
        day = DateWidget().clean(value, row)
        raw_time = (row or {}).get("time")
        at = DEFAULT_HOUR if raw_time is None else _time(raw_time)
        if at is None:
            raise ValueError(_("время не прочитано: укажите его как 10:00"))
        return timezone.make_aware(dt.datetime.combine(day, at))

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else f"{timezone.localtime(value):%d.%m.%Y}"


class EventResource(ProgramRowResource):
    program = Field(attribute="program", column_name="program")
    measure = Field(attribute="measure", column_name="measure")
    occurrence = Field(attribute="occurrence", column_name="due_date")
    title = Field(attribute="title", column_name="title", widget=LimitedTextWidget(max_length=300))
    kind = Field(attribute="kind", column_name="kind")
    starts_at = Field(attribute="starts_at", column_name="date", widget=StartsAtWidget())
    hours = Field(attribute="hours", column_name="hours", widget=DecimalWidget(max_value=Decimal("999")))
    host_school = Field(attribute="host_school", column_name="host_code")
    host_organisation = Field(attribute="host_organisation", column_name="host_organisation")
    format = Field(attribute="format", column_name="format")
    place = Field(attribute="place", column_name="place", widget=LimitedTextWidget(max_length=300))
    audience = Field(attribute="audience", column_name="audience", widget=LimitedTextWidget(max_length=300))
    audience_size = Field(attribute="audience_size", column_name="audience_size", widget=CountWidget(required=True))
    description = Field(attribute="description", column_name="description", widget=LimitedTextWidget(max_length=4000))
    announce = Field(attribute="announce", column_name="announce")

    program_permission = "resources.plan_event"
    measure_required = True
    lookup_fields = ("program", "measure", "occurrence", "host_school", "host_organisation")
    widget_validated = ("title", "kind", "starts_at", "hours", "format", "place", "audience", "audience_size")

    class Meta(ProgramRowResource.Meta):
        model = MethodEvent
        fields = (
            "program", "measure", "occurrence", "title", "kind", "starts_at", "hours", "host_school",
            "host_organisation", "format", "place", "audience", "audience_size", "description", "announce",
        )  # fmt: skip
        import_id_fields = ("program", "measure", "title", "starts_at")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.occurrences: dict[tuple[int, dt.date], Occurrence] = {}
        self.schools: dict[tuple[int, str], School] = {}
        self.organisations: dict[tuple[int, str], list[Organisation]] = defaultdict(list)
        self.invited: dict[int, dict[School, int]] = {}  # id(event) → invited schools, for the writes
        self.stored_invited: dict[int, dict[int, int]] = defaultdict(dict)  # event pk → school pk → planned
        self.fields["kind"].widget = ChoiceWidget(
            KINDS, _("семинар, вебинар, мастер-класс, супервизия, родительский клуб, отчётная сессия, …")
        )
        self.fields["format"].widget = ChoiceWidget(FORMATS, _("очно или дистанционно"), default="onsite")
        self.fields["announce"].widget = ChoiceWidget(YES_NO, _("да, нет или пусто"), default=True)
        self.fields["occurrence"].widget = LookupWidget(self._occurrence)
        self.fields["host_school"].widget = LookupWidget(self._host_school)
        self.fields["host_organisation"].widget = LookupWidget(self._host_organisation)

    # --- lookups --------------------------------------------------------------------------------

    def _occurrence(self, value: Any, row: dict[str, Any]) -> Occurrence | None:
        if value is None:
            return None
        day = _date(value)
        if day is None:
            raise ValueError(_("не дата: укажите срок мероприятия программы в виде 15.03.2025"))
        program = self.program_of_row(row)
        measure = self.measures.get((program.pk, measure_number(row.get("measure")))) if program else None
        if measure is None:
            return None  # the measure's cell says what is wrong
        occurrence = self.occurrences.get((measure.pk, day))
        if occurrence is None:
            raise ValueError(
                _("у мероприятия № %(number)s нет срока %(day)s") % {"number": measure.number, "day": f"{day:%d.%m.%Y}"}
            )
        return occurrence

    def _host_school(self, value: Any, row: dict[str, Any]) -> School | None:
        if value is None:
            return None
        program = self.program_of_row(row)
        if program is None:
            return None
        school = self.schools.get((program.municipality_id, str(value).strip()))
        if school is None:
            raise ValueError(_("школа с таким кодом ОО не найдена в муниципалитете программы"))
        return school

    def _host_organisation(self, value: Any, row: dict[str, Any]) -> Organisation | None:
        if value is None:
            return None
        program = self.program_of_row(row)
        if program is None:
            return None
        found = self.organisations.get((program.municipality.region_id, text_key(value)), [])
        if len(found) != 1:
            raise ValueError(
                _("организация с таким наименованием не найдена в регионе программы")
                if not found
                else _("наименование неоднозначно: укажите полное наименование организации")
            )
        return found[0]

    # --- prefetch ---------------------------------------------------------------------------------

    def prepare_more(self, rows: list[dict[str, Any]]) -> None:
        programs = sorted(self.programs)
        municipalities = {p.municipality_id for p in self.programs.values()}
        regions = {p.municipality.region_id for p in self.programs.values()}
        codes = {str(r["host_code"]).strip() for r in rows if r.get("host_code") is not None}
        for row in rows:
            codes.update(code for code, _n in parse_invited(row.get("invited")) or ())
        for chunk in chunked(sorted(codes)):
            for school in School.objects.filter(code__in=chunk, municipality_id__in=municipalities):
                self.schools[(school.municipality_id, school.code)] = school
        if any(r.get("host_organisation") is not None for r in rows):
            for organisation in Organisation.objects.filter(region_id__in=regions, is_archived=False):
                for name in {text_key(organisation.name), text_key(organisation.short_name)} - {""}:
                    self.organisations[(organisation.region_id, name)].append(organisation)
        for chunk in chunked(programs):
            for occurrence in Occurrence.objects.filter(measure__program_id__in=chunk):
                self.occurrences[(occurrence.measure_id, occurrence.due_date)] = occurrence
            for event in MethodEvent.objects.filter(program_id__in=chunk).select_related("measure"):
                event.program = self.programs[event.program_id]
                day = timezone.localtime(event.starts_at).date()
                self.keep_existing((event.program_id, event.measure.number, text_key(event.title), day), event)
            for seat in EventAttendance.objects.filter(event__program_id__in=chunk):
                self.stored_invited[seat.event_id][seat.school_id] = seat.planned

    def row_key(self, row: dict[str, Any]) -> tuple | None:
        program, day = program_number(row.get("program")), _date(row.get("date"))
        if program is None or program not in self.programs or day is None:
            return None
        return (program, measure_number(row.get("measure")), text_key(row.get("title")), day)

    # --- checks -----------------------------------------------------------------------------------

    def cross_checks(self, instance: MethodEvent, program: Program, row: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if program.status not in RUNNING:
            errors["program"] = _("мероприятия планируются по утверждённой или действующей программе")
        if instance.pk and instance.status != MethodEvent.Status.PLANNED and self._changes(instance, row, program):
            errors["title"] = _("мероприятие уже %(status)s: файл его не меняет") % {
                "status": instance.get_status_display()
            }
        if not (instance.title or "").strip():
            errors["title"] = _("не заполнено: укажите название мероприятия")
        if not (instance.audience or "").strip():
            errors["audience"] = _("не заполнено: укажите, для кого мероприятие")
        hours = self.value_of(instance, "hours")
        if hours is not None and (hours <= 0 or hours % QUARTER):
            errors["hours"] = _("часы — больше нуля, с шагом в четверть часа (1,25, 1,5, 1,75)")
        starts = self.value_of(instance, "starts_at")
        if starts is not None and not program.period_start <= timezone.localtime(starts).date() <= program.period_end:
            errors["starts_at"] = _("дата вне периода программы: %(start)s — %(end)s") % {
                "start": f"{program.period_start:%d.%m.%Y}",
                "end": f"{program.period_end:%d.%m.%Y}",
            }
        if "host_school" not in self._row_failed and "host_organisation" not in self._row_failed:
            if (instance.host_school_id is None) == (instance.host_organisation_id is None):
                errors["host_school"] = _("укажите организатора: код ОО школы или организацию — одно из двух")
        invited = self._invited(row, program, errors)
        size = self.value_of(instance, "audience_size")
        if invited is not None and size is not None and sum(invited.values()) > size:
            errors["audience_size"] = _("ожидается участников — %(total)s — больше, чем мест (%(size)s)") % {
                "total": sum(invited.values()),
                "size": size,
            }
        if size == 0:
            errors["audience_size"] = _("укажите, на сколько участников рассчитано мероприятие")
        if self.user is None and program.created_by_id is None:
            errors["program"] = _("у программы нет автора: загрузите мероприятия из портала")
        instance.created_by_id = self.user.pk if self.user is not None else program.created_by_id
        if invited is not None:
            self.invited[id(instance)] = invited
        return errors

    def _changes(self, instance: MethodEvent, row: dict[str, Any], program: Program) -> bool:
        """Whether the row changes the stored event (the same file loaded again changes nothing)."""
        invited = self._invited(row, program, {}) or {}
        seats = {school.pk: n for school, n in invited.items()}
        return self._values(instance) != self._row_snapshot or seats != self.stored_invited.get(instance.pk, {})

    def _invited(self, row: dict[str, Any], program: Program, errors: dict[str, str]) -> dict[School, int] | None:
        parsed = parse_invited(row.get("invited"))
        if parsed is None:
            errors["invited"] = _("не прочитано: коды ОО через запятую, число участников — в скобках: 0101 (10)")
            return None
        invited: dict[School, int] = {}
        for code, number in parsed:
            school = self.schools.get((program.municipality_id, code))
            if school is None:
                errors["invited"] = _("школа с кодом ОО %(code)s не найдена в муниципалитете программы") % {
                    "code": code
                }
                return None
            invited[school] = invited.get(school, 0) + number
        return invited

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The invited schools are not a field of the event: a file that changes only them is a change.
        invited = {school.pk: n for school, n in self.invited.get(id(instance), {}).items()}
        if instance.pk and invited != self.stored_invited.get(instance.pk, {}):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def column_of(self, attribute: str) -> str | None:
        return "invited" if attribute == "invited" else super().column_of(attribute)

    # --- writes: events keep no history; their invited schools are written with them -----------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.create_instances, result, raise_errors, create=True)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.update_instances, result, raise_errors, create=False)

    def _write(self, instances: list[MethodEvent], result, raise_errors: bool, *, create: bool) -> None:
        failed = result is not None and (result.has_errors() or result.has_validation_errors())
        try:
            if instances and not self.dry_run and not failed:
                with transaction.atomic(using=self.get_db_connection_name()):
                    if create:
                        MethodEvent.objects.bulk_create(instances)
                    else:
                        MethodEvent.objects.bulk_update(instances, self.update_fields())
                        EventAttendance.objects.filter(event__in=instances).delete()
                    EventAttendance.objects.bulk_create(
                        [
                            EventAttendance(event=event, school=school, planned=number)
                            for event in instances
                            for school, number in self.invited.get(id(event), {}).items()
                        ]
                    )
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            instances.clear()


EVENT_COLUMNS = (
    PROGRAM_COLUMN,
    column(
        "measure",
        "Мероприятие программы",
        _lazy("номер мероприятия в программе, например 2.3"),
        required=True,
        aliases=("№ мероприятия", "мероприятие"),
        width=12,
    ),  # fmt: skip
    column("due_date", "Срок", _lazy("срок мероприятия программы, который выполняет событие; может быть пустым")),
    column("title", "Название", _lazy("название семинара, вебинара…"), required=True, width=40),
    column(
        "kind",
        "Вид",
        _lazy("семинар, вебинар, мастер-класс, супервизия, родительский клуб, отчётная сессия"),
        required=True,
    ),  # fmt: skip
    column("date", "Дата", _lazy("дата, например 15.03.2025"), required=True, width=12),
    column("time", "Время", _lazy("начало, например 10:00; пусто — 10:00"), width=8),
    column(
        "hours",
        "Часов",
        _lazy("продолжительность с шагом в четверть часа: 4, 1,5"),
        kind=CellKind.NUMBER,
        required=True,
        width=8,
    ),  # fmt: skip
    column("host_code", "Код ОО организатора", _lazy("школа-организатор из муниципалитета программы"), width=14),
    column(
        "host_organisation", "Организация-организатор", _lazy("если организатор — не школа: наименование"), width=30
    ),  # fmt: skip
    column("format", "Формат", _lazy("очно или дистанционно; пусто — очно"), width=12),
    column("place", "Место или ссылка", _lazy("может быть пустым"), width=30),
    column("audience", "Для кого", _lazy("учителя математики, родители…"), required=True, width=30),
    column(
        "audience_size", "Мест", _lazy("на сколько участников рассчитано"), kind=CellKind.NUMBER, required=True, width=8
    ),  # fmt: skip
    column(
        "invited",
        "Приглашённые школы",
        _lazy("коды ОО через запятую, ожидаемое число — в скобках: 0101 (10), 0102 (5)"),
        width=30,
    ),  # fmt: skip
    column("description", "Описание", _lazy("может быть пустым"), width=30),
    column("announce", "Объявить", _lazy("да — показать на странице программы; пусто — да")),
)

EVENTS = register(
    ImportKind(
        key="events",
        title=_lazy("Методические мероприятия"),
        sheet_title="Мероприятия",
        description=_lazy(
            "Одна строка — запланированное мероприятие программы: мероприятие и срок программы, которые оно "
            "выполняет, дата, часы, организатор, приглашённые школы. Строка с той же программой, мероприятием, "
            "названием и датой обновляет найденное, пока оно не проведено. Приглашения рассылаются со страницы "
            "мероприятия."
        ),
        columns=EVENT_COLUMNS,
        resource_class=EventResource,
    )
)
