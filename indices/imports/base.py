"""What the indices import kinds share on top of ``schools.imports.resource_base``.

* **A school by its code**, resolved like in every import (``schools.imports.school_codes``):
  codes are unique within a region only, so for a signed-in user a code shared by several regions
  means the user's own school.
* **Per-row permission** on that school, named by the resource (``school_permission``).
* **Plain bulk writes.** Assessment results and imported groups keep no simple-history records
  (they are replaced wholesale by the next file), so rows go through ``bulk_create`` /
  ``bulk_update`` — still once, after the last row, and only when no row failed.
* **Which cells failed**, so that checks across cells (a mean above the maximum, shares that do not
  add up) judge only what the row really has, never a value left from the stored object.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from django.db import models, transaction
from django.utils.translation import gettext as _
from import_export.fields import Field
from import_export.widgets import Widget

from schools.formats import parse_decimal
from schools.imports.resource_base import WRITE_BATCH, KeyedRowsResource, PortalResource
from schools.imports.school_codes import SchoolCodes
from schools.imports.widgets import AcademicYearWidget, LookupWidget
from schools.years import AcademicYearError, parse_academic_year


def year_or_none(value: Any) -> int | None:
    try:
        return parse_academic_year(value) if value is not None else None
    except AcademicYearError:
        return None


def format_number(value: Decimal | float | int) -> str:
    """A number the Russian way: "31", "5,5", "97,25"."""
    number = Decimal(str(value)).normalize() if not isinstance(value, Decimal) else value.normalize()
    text = format(number, "f")
    return text.replace(".", ",")


# --- Widgets -------------------------------------------------------------------------------


class DecimalWidget(Widget):
    """A number ≥ 0 kept with two decimals (the model's DecimalField). Empty is None.
    It enforces everything the model field would (digits, range), so Django's validators are
    skipped for it."""

    QUANTUM = Decimal("0.01")

    def __init__(self, *, max_value: Decimal, range_message: str | None = None):
        super().__init__()
        self.max_value = max_value
        self.range_message = range_message

    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        if value is None:
            return None
        number = parse_decimal(value, invalid_as_none=True)
        if number is None:
            raise ValueError(_("не число: укажите число без букв (дробную часть — через запятую)"))
        if number < 0:
            raise ValueError(self.range_message or _("не может быть отрицательным"))
        number = number.quantize(self.QUANTUM, rounding=ROUND_HALF_UP)
        if number > self.max_value:
            raise ValueError(self.range_message or _("слишком большое число"))
        return number

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else format_number(value)


class SmallIntWidget(Widget):
    """A whole number in [min_value, max_value] that may be written with a word around it:
    "9", "9 класс", "9 кл.", "группа 6", "6 группа". ``words`` are those accepted words."""

    def __init__(
        self,
        *,
        min_value: int,
        max_value: int,
        words: tuple[str, ...],
        required_message: str | None,
        range_message: str,
    ):
        super().__init__()
        self.min_value = min_value
        self.max_value = max_value
        alternatives = "|".join(re.escape(w) for w in words)
        self.pattern = re.compile(rf"^(?:(?:{alternatives})\s*)?(\d+)(?:\s*(?:{alternatives}))?$", re.IGNORECASE)
        self.required_message = required_message
        self.range_message = range_message

    def clean(self, value, row=None, **kwargs) -> int | None:
        if value is None:
            if self.required_message:
                raise ValueError(self.required_message)
            return None
        number = parse_decimal(value, invalid_as_none=True)
        if number is None and isinstance(value, str):
            match = self.pattern.match(value.strip().rstrip("."))
            number = Decimal(match.group(1)) if match else None
        if number is None:
            raise ValueError(_("не число: укажите целое число"))
        if number != number.to_integral_value():
            raise ValueError(_("должно быть целым числом"))
        if not self.min_value <= number <= self.max_value:
            raise ValueError(self.range_message)
        return int(number)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


def calendar_year_widget() -> SmallIntWidget:
    """A calendar year of a register row («2025», «2025 год»), 2000–2100, required."""
    return SmallIntWidget(
        min_value=2000,
        max_value=2100,
        words=("год",),
        required_message=_("не заполнено: укажите год, например 2025"),
        range_message=_("год должен быть от 2000 до 2100"),
    )


class LimitedTextWidget(Widget):
    """Text as the reader normalised it, no longer than the model's column; empty is ""."""

    def __init__(self, *, max_length: int):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs) -> str:
        text = "" if value is None else str(value)
        if len(text) > self.max_length:
            raise ValueError(_("слишком длинный текст: не больше %(n)s символов") % {"n": self.max_length})
        return text

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


# --- The resource base ---------------------------------------------------------------------


class SchoolYearResource(KeyedRowsResource):
    """A row about one school in one academic year (and maybe more key columns).

    Subclasses declare ``school`` and ``year`` fields with ``school_field()`` / ``year_field()``,
    name the permission a user needs on the school (``school_permission``) and fill
    ``self.existing`` in ``prepare_more()``; ``row_key()`` gives the key of a row, read leniently
    from the raw cells, for matching stored objects and finding duplicates."""

    #: The permission (schools/access.py) the importing user needs on each row's school.
    school_permission: ClassVar[str] = "schools.change_school_data"
    #: The reasons given when the user lacks it and when a row repeats an earlier row's key
    #: (set in ``__init__``: they are translated when the import runs).
    denied_message: str = ""
    duplicate_message: str = ""

    lookup_fields = ("school",)

    class Meta(PortalResource.Meta):
        pass

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.schools = SchoolCodes(lambda school: self.allowed(self.school_permission, school))
        self.fields["school"].widget = LookupWidget(lambda value, row: self.schools.resolve(value))
        self.existing: dict[tuple, models.Model] = {}
        self.duplicate_of: dict[int, int] = {}
        self._row_failed: set[str] = set()
        self.denied_message = _("нет прав на данные школы «%(school)s» (%(municipality)s)")

    # --- To be provided -----------------------------------------------------------------------

    def prepare_more(self, rows: list[dict[str, Any]]) -> None:
        """Load the dictionaries and stored objects the rows refer to (schools are loaded)."""

    # --- prefetch -----------------------------------------------------------------------------

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.schools.load(rows)
        self.prepare_more(rows)
        self.mark_duplicates(rows)

    def school_years(self, rows: list[dict[str, Any]]) -> set[int]:
        return {year_or_none(r.get("year")) for r in rows} - {None}

    # --- per row --------------------------------------------------------------------------------

    def row_checks(self, instance, row: dict[str, Any], new: bool, row_number: int) -> dict[str, str]:
        errors: dict[str, str] = {}
        school = getattr(instance, "school", None) if "school" not in self._row_failed else None
        if school is not None and not self.allowed(self.school_permission, school):
            errors["school"] = self.denied_message % {
                "school": school.short_name,
                "municipality": school.municipality.name,
            }
        if row_number in self.duplicate_of:
            errors.setdefault("school", self.duplicate_message % {"row": self.excel_row(self.duplicate_of[row_number])})
        for attribute, reason in self.cross_checks(instance, row).items():
            errors.setdefault(attribute, reason)
        return errors

    def cross_checks(self, instance, row: dict[str, Any]) -> dict[str, str]:
        """Checks across the row's cells: field attribute → reason."""
        return {}

    # --- writes without history -----------------------------------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.create_instances, result, raise_errors, create=True)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write(self.update_instances, result, raise_errors, create=False)

    def _write(self, instances: list, result, raise_errors: bool, *, create: bool) -> None:
        failed = result is not None and (result.has_errors() or result.has_validation_errors())
        try:
            if instances and not self.dry_run and not failed:
                manager = self._meta.model._default_manager.using(self.get_db_connection_name())
                # A savepoint, as in PortalResource: a failed statement must not leave the outer
                # transaction unusable before the failure is recorded and everything rolled back.
                with transaction.atomic(using=self.get_db_connection_name()):
                    if create:
                        manager.bulk_create(instances, batch_size=WRITE_BATCH)
                    else:
                        manager.bulk_update(instances, self.update_fields(), batch_size=WRITE_BATCH)
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            instances.clear()


def school_field() -> Field:
    return Field(attribute="school", column_name="school_code")


def year_field() -> Field:
    return Field(attribute="year", column_name="year", widget=AcademicYearWidget())
