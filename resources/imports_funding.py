"""The «Финансирование программ» import kind: funding lines from XLSX, on the shared machinery
(tolerant headers, a preview naming every problem, all rows or none).

A row is one line: program (its number in the portal), measure (its number in the document, empty
for the program as a whole), year, source, planned and spent amounts, a grant's title and
recipient. A row with the same program, measure, year, source and grant title as a stored line
updates it, so a file can be loaded again. The service's rules hold (resources/services/funding.py):
exact amounts (kopecks at most, never negative), a year inside the program's period, and planned
money changes — a new line, or a different planned amount — only while the program may be changed
(a draft, or an open amendment); the amount spent may be recorded at any time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export.fields import Field

from indices.imports.base import LimitedTextWidget, calendar_year_widget
from programs.models import Program
from schools.imports.registry import CellKind, Column, ImportKind, register
from schools.imports.resource_base import chunked
from schools.imports.widgets import ChoiceWidget, LookupWidget
from schools.models import School

from .import_base import (
    PROGRAM_COLUMN,
    MoneyWidget,
    ProgramRowResource,
    column,
    measure_number,
    program_number,
    text_key,
)
from .models import FundingLine, Source

SOURCES = {str(label): value for value, label in Source.choices} | {
    "федеральный": Source.FEDERAL,
    "фб": Source.FEDERAL,
    "региональный": Source.REGIONAL,
    "областной бюджет": Source.REGIONAL,
    "рб": Source.REGIONAL,
    "муниципальный": Source.MUNICIPAL,
    "местный бюджет": Source.MUNICIPAL,
    "мб": Source.MUNICIPAL,
    "внебюджетные": Source.EXTRA,
    "внебюджет": Source.EXTRA,
}


def _year(value: Any) -> int | None:
    try:
        number = int(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        return None
    return number if 2000 <= number <= 2100 else None


def _source(value: Any) -> str | None:
    wanted = text_key(value)
    return next((code for spelling, code in SOURCES.items() if text_key(spelling) == wanted), None)


class FundingResource(ProgramRowResource):
    program = Field(attribute="program", column_name="program")
    measure = Field(attribute="measure", column_name="measure")
    year = Field(attribute="year", column_name="year")
    source = Field(attribute="source", column_name="source")
    planned = Field(attribute="planned", column_name="planned", widget=MoneyWidget(required=True))
    actual = Field(attribute="actual", column_name="actual", widget=MoneyWidget(required=False))
    grant_title = Field(attribute="grant_title", column_name="grant_title", widget=LimitedTextWidget(max_length=300))
    recipient_school = Field(attribute="recipient_school", column_name="recipient_code")
    note = Field(attribute="note", column_name="note", widget=LimitedTextWidget(max_length=300))

    program_permission = "resources.change_funding"
    lookup_fields = ("program", "measure", "recipient_school")
    widget_validated = ("year", "source", "planned", "actual", "grant_title", "note")

    class Meta(ProgramRowResource.Meta):
        model = FundingLine
        fields = (
            "program",
            "measure",
            "year",
            "source",
            "planned",
            "actual",
            "grant_title",
            "recipient_school",
            "note",
        )
        import_id_fields = ("program", "measure", "year", "source", "grant_title")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.recipients: dict[tuple[int, str], School] = {}
        self.fields["year"].widget = calendar_year_widget()
        self.fields["source"].widget = ChoiceWidget(
            SOURCES, _("федеральный, региональный, муниципальный бюджет, внебюджетные средства, грант")
        )
        self.fields["recipient_school"].widget = LookupWidget(self._recipient)

    def _recipient(self, value: Any, row: dict[str, Any]) -> School | None:
        if value is None:
            return None
        program = self.program_of_row(row)
        if program is None:
            return None  # the program's cell says what is wrong
        school = self.recipients.get((program.municipality_id, str(value).strip()))
        if school is None:
            raise ValueError(_("школа с таким кодом ОО не найдена в муниципалитете программы"))
        return school

    def prepare_more(self, rows: list[dict[str, Any]]) -> None:
        codes = sorted({str(r["recipient_code"]).strip() for r in rows if r.get("recipient_code") is not None})
        municipalities = {p.municipality_id for p in self.programs.values()}
        for chunk in chunked(codes):
            for school in School.objects.filter(code__in=chunk, municipality_id__in=municipalities):
                self.recipients[(school.municipality_id, school.code)] = school
        for chunk in chunked(sorted(self.programs)):
            for line in FundingLine.objects.filter(program_id__in=chunk).select_related("measure"):
                line.program = self.programs[line.program_id]
                number = line.measure.number if line.measure else ""
                self.keep_existing((line.program_id, number, line.year, line.source, text_key(line.grant_title)), line)

    def row_key(self, row: dict[str, Any]) -> tuple | None:
        program, year, source = program_number(row.get("program")), _year(row.get("year")), _source(row.get("source"))
        if program is None or program not in self.programs or year is None or source is None:
            return None
        return (program, measure_number(row.get("measure")), year, source, text_key(row.get("grant_title")))

    def after_init_instance(self, instance, new, row, **kwargs):
        # The stored plan, before the row changes it: a different planned amount is a change of
        # the program (compared with what is stored, not with the cell's spelling).
        self._stored_plan = None if new else instance.planned
        super().after_init_instance(instance, new, row, **kwargs)

    def cross_checks(self, instance: FundingLine, program: Program, row: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        year = self.value_of(instance, "year")
        if year is not None and not program.period_start.year <= year <= program.period_end.year:
            errors["year"] = _("год вне периода программы: %(start)s — %(end)s") % {
                "start": program.period_start.year,
                "end": program.period_end.year,
            }
        planned = self.value_of(instance, "planned")
        plan_changes = self._stored_plan is None or (planned is not None and planned != self._stored_plan)
        if plan_changes and program.status != Program.Status.DRAFT and not program.amendment_open:
            errors["planned"] = _(
                "программа утверждена: плановые суммы меняются только через изменение программы "
                "(откройте внесение изменений и загрузите файл снова); исполнение можно вносить всегда"
            )
        if instance.recipient_school_id and instance.source != Source.GRANT:
            errors["recipient_school"] = _("получатель указывается для гранта: источник — «грант»")
        return errors


FUNDING_COLUMNS = (
    PROGRAM_COLUMN,
    column(
        "measure",
        "Мероприятие",
        _lazy("номер мероприятия в программе, например 2.3; пусто — на программу в целом"),
        aliases=("№ мероприятия", "номер мероприятия"),
        width=12,
    ),  # fmt: skip
    column("year", "Год", _lazy("календарный год в периоде программы"), kind=CellKind.NUMBER, required=True, width=8),
    column(
        "source",
        "Источник",
        _lazy("федеральный, региональный, муниципальный бюджет, внебюджетные средства, грант"),
        required=True,
        width=26,
    ),  # fmt: skip
    column(
        "planned",
        "План, руб.",
        _lazy("сумма в рублях, копейки через запятую: 1250000,5"),
        kind=CellKind.NUMBER,
        required=True,
        aliases=("план", "запланировано"),
        width=16,
    ),  # fmt: skip
    column(
        "actual",
        "Исполнено, руб.",
        _lazy("сколько израсходовано; пусто — пока не известно"),
        kind=CellKind.NUMBER,
        aliases=("исполнено", "факт"),
        width=16,
    ),  # fmt: skip
    column("grant_title", "Название гранта", _lazy("для гранта; иначе пусто"), aliases=("грант",), width=30),
    Column(
        "recipient_code",
        "Код ОО получателя",
        aliases=("получатель",),
        width=14,
        help=_lazy("код ОО школы — получателя гранта (из муниципалитета программы)"),
    ),
    column("note", "Примечание", _lazy("может быть пустым"), width=30),
)

FUNDING = register(
    ImportKind(
        key="funding",
        title=_lazy("Финансирование программ"),
        sheet_title="Финансирование",
        description=_lazy(
            "Одна строка — строка финансирования программы: год, источник, план и исполнение в рублях с "
            "копейками. Строка с той же программой, мероприятием, годом, источником и названием гранта "
            "обновляет найденную. Плановые суммы утверждённой программы меняются только во время внесения "
            "изменений; исполнение — всегда."
        ),
        columns=FUNDING_COLUMNS,
        resource_class=FundingResource,
    )
)
