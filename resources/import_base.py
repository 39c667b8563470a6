"""What the program-keyed import kinds (funding lines, events) share on top of
``schools.imports.resource_base``: a row names a program by its number in the portal and, maybe, a
measure of it by the measure's number in the document.

Everything a file refers to is loaded once per file (``prepare``): its programs, their measures and
the stored rows they may update; a row then reads dictionaries. The importing user needs a
permission on each row's program (``program_permission``), checked through resources/access.py."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export.widgets import Widget

from programs.models import Measure, Program
from schools.formats import parse_decimal
from schools.imports.registry import CellKind, Column
from schools.imports.resource_base import KeyedRowsResource, PortalResource, chunked
from schools.imports.widgets import LookupWidget

from .services.checks import KOPECK

_PROGRAM_NUMBER = re.compile(r"^(?:№\s*)?(\d{1,9})$")


def program_number(value: Any) -> int | None:
    """The program's number as a cell gives it: 12, «12», «№ 12»."""
    if value is None:
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() and number > 0 else None
    match = _PROGRAM_NUMBER.match(str(value).strip())
    return int(match.group(1)) if match else None


def measure_number(value: Any) -> str:
    """A measure's number as the document writes it: «2.3», «46»; a number typed as 2.3 reads the same."""
    if value is None:
        return ""
    text = str(value).strip().rstrip(".")
    return text.replace(",", ".")


def text_key(value: Any) -> str:
    return " ".join(str(value or "").lower().replace("ё", "е").split())


def column(key: str, title: str, help_text, *, kind: CellKind = CellKind.TEXT, required=False, aliases=(), width=18):
    """A column of a resources import kind, as the import registry describes it."""
    return Column(key, title, kind=kind, required=required, aliases=aliases, help=help_text, width=width)


#: The program a row belongs to, by its number in the portal: the first column of every kind here.
PROGRAM_COLUMN = column(
    "program",
    "Программа",
    _lazy("номер программы в портале: он указан на странице программы («№ 12»)"),
    required=True,
    aliases=("№ программы", "номер программы"),
    width=12,
)


class MoneyWidget(Widget):
    """Roubles with kopecks, exact: more than two decimal places or a negative amount is refused,
    never rounded (a file is the committee's words; a rounded sum would be a different sum)."""

    def __init__(self, *, required: bool):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        if value is None:
            if self.required:
                raise ValueError(_("не заполнено: укажите сумму в рублях, например 125000 или 12500,5"))
            return None
        amount = parse_decimal(value, invalid_as_none=True)
        if amount is None:
            raise ValueError(_("не сумма: укажите сумму в рублях цифрами, копейки — через запятую"))
        if amount < 0:
            raise ValueError(_("сумма не может быть отрицательной"))
        if amount != amount.quantize(KOPECK):
            raise ValueError(_("не больше двух знаков после запятой: сумма указывается в рублях с копейками"))
        if amount >= Decimal("1e12"):
            raise ValueError(_("слишком большая сумма: меньше триллиона рублей"))
        return amount.quantize(KOPECK)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else format(value, "f").replace(".", ",")


class ProgramRowResource(KeyedRowsResource):
    """A row about one program (and maybe one of its measures). Subclasses declare the fields
    ``program`` and ``measure`` (``measure_required`` says whether the measure may be empty), fill
    ``self.existing`` in ``prepare_more()`` and give ``row_key()``."""

    program_permission: ClassVar[str] = "resources.change_funding"
    measure_required: ClassVar[bool] = False
    lookup_fields = ("program", "measure")

    class Meta(PortalResource.Meta):
        pass

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.programs: dict[int, Program] = {}
        self.measures: dict[tuple[int, str], Measure] = {}
        self.existing: dict[tuple, models.Model] = {}
        self.ambiguous: set[tuple] = set()
        self.duplicate_of: dict[int, int] = {}
        self._row_failed: set[str] = set()
        self.fields["program"].widget = LookupWidget(lambda value, row: self._program(value))
        self.fields["measure"].widget = LookupWidget(self._measure)

    # --- lookups ----------------------------------------------------------------------------

    def _program(self, value: Any) -> Program:
        if value is None:
            raise ValueError(_("не заполнено: укажите номер программы в портале (он есть на странице программы)"))
        number = program_number(value)
        program = self.programs.get(number) if number is not None else None
        if program is None:
            raise ValueError(_("программа с таким номером не найдена в портале"))
        return program

    def program_of_row(self, row: dict[str, Any]) -> Program | None:
        number = program_number(row.get("program"))
        return self.programs.get(number) if number is not None else None

    def _measure(self, value: Any, row: dict[str, Any]) -> Measure | None:
        number = measure_number(value)
        if not number:
            if self.measure_required:
                raise ValueError(_("не заполнено: укажите номер мероприятия программы, например 2.3"))
            return None
        program = self.program_of_row(row)
        if program is None:
            return None  # the program's own cell says what is wrong with it
        measure = self.measures.get((program.pk, number))
        if measure is None or measure.is_archived:
            raise ValueError(
                _("в программе «%(program)s» нет мероприятия № %(number)s")
                % {"program": program.short_title or program.title, "number": number}
            )
        return measure

    # --- prefetch -----------------------------------------------------------------------------

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        numbers = sorted({program_number(r.get("program")) for r in rows} - {None})
        for chunk in chunked(numbers):
            for program in Program.objects.filter(pk__in=chunk).select_related("municipality"):
                self.programs[program.pk] = program
        for chunk in chunked(sorted(self.programs)):
            for measure in Measure.objects.filter(program_id__in=chunk):
                self.measures[(measure.program_id, measure.number)] = measure
        self.prepare_more(rows)
        self.mark_duplicates(rows)

    def prepare_more(self, rows: list[dict[str, Any]]) -> None:
        """Load the stored rows the file may update into ``self.existing`` (keys as ``row_key``)."""

    def keep_existing(self, key: tuple, instance: models.Model) -> None:
        # Two stored rows with one key: the file cannot say which it means.
        if key in self.existing:
            self.ambiguous.add(key)
        self.existing[key] = instance

    # --- per row --------------------------------------------------------------------------------

    def row_checks(self, instance, row: dict[str, Any], new: bool, row_number: int) -> dict[str, str]:
        errors: dict[str, str] = {}
        program = getattr(instance, "program", None) if "program" not in self._row_failed else None
        if program is not None and not self.allowed(self.program_permission, program):
            errors["program"] = _("нет прав менять программу «%(program)s» (%(municipality)s)") % {
                "program": program.short_title or program.title,
                "municipality": program.municipality.name,
            }
        if row_number in self.duplicate_of:
            errors.setdefault(
                "program",
                _("та же строка уже есть в строке %(row)s файла")
                % {"row": self.excel_row(self.duplicate_of[row_number])},
            )
        key = self.row_key(row)
        if key is not None and key in self.ambiguous:
            errors.setdefault(
                "program", _("в портале несколько таких записей: исправьте их на странице программы, не файлом")
            )
        if program is not None:
            for attribute, reason in self.cross_checks(instance, program, row).items():
                errors.setdefault(attribute, reason)
        return errors

    def cross_checks(self, instance, program: Program, row: dict[str, Any]) -> dict[str, str]:
        return {}
