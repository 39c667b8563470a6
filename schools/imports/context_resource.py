"""School context data (template «Контекст»): one row per school × academic year.

Counts of students only, never names. An empty factor cell is unknown (None), not 0: a
methodology that needs the factor leaves the school out instead of reading it as zero.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from import_export.fields import Field

from ..models import FACTOR_KEYS, SchoolContext
from ..years import AcademicYearError, parse_academic_year
from .resource_base import PortalResource, chunked
from .school_codes import SchoolCodes
from .widgets import AcademicYearWidget, CountWidget, LookupWidget


def _year_or_none(value: Any) -> int | None:
    try:
        return parse_academic_year(value) if value is not None else None
    except AcademicYearError:
        return None


def _factor(key: str) -> Field:
    # An empty cell is None (unknown), never 0.
    return Field(attribute=key, column_name=key, widget=CountWidget())


class ContextResource(PortalResource):
    school = Field(attribute="school", column_name="school_code")
    year = Field(attribute="year", column_name="year", widget=AcademicYearWidget())
    total = Field(attribute="total", column_name="total", widget=CountWidget(required=True))
    parents_higher_ed = _factor("parents_higher_ed")
    single_parent = _factor("single_parent")
    on_register = _factor("on_register")
    non_native = _factor("non_native")
    low_income = _factor("low_income")
    large_family = _factor("large_family")
    unemployed_parents = _factor("unemployed_parents")
    guardianship = _factor("guardianship")
    difficult_situation = _factor("difficult_situation")
    disabilities = _factor("disabilities")

    lookup_fields = ("school",)
    widget_validated = ("year", "total", *FACTOR_KEYS)
    # Forms that edit a context row compare versions; an import is a change like any other.
    extra_update_fields = ("version",)

    class Meta(PortalResource.Meta):
        model = SchoolContext
        fields = ("school", "year", "total", *FACTOR_KEYS)
        import_id_fields = ("school", "year")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.schools = SchoolCodes(lambda school: self.allowed("schools.change_school_data", school))
        self.fields["school"].widget = LookupWidget(lambda value, row: self.schools.resolve(value))
        self.existing: dict[tuple[int, int], SchoolContext] = {}
        self.duplicate_of: dict[int, int] = {}

    # --- prefetch -------------------------------------------------------------------------

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.schools.load(rows)
        schools = self.schools.by_pk
        years = {_year_or_none(r.get("year")) for r in rows} - {None}
        for chunk in chunked(sorted(schools)):
            for context in SchoolContext.objects.filter(school_id__in=chunk, year__in=years):
                # Attach the already loaded school: comparing rows must not query per row.
                context.school = schools[context.school_id]
                self.existing[(context.school_id, context.year)] = context
        first: dict[tuple[int, int], int] = {}
        for number, row in enumerate(rows, start=1):
            school, year = self.schools.of_row(row), _year_or_none(row.get("year"))
            if school is not None and year is not None:
                found = first.setdefault((school.pk, year), number)
                if found != number:
                    self.duplicate_of[number] = found

    # --- per row, from the dictionaries ---------------------------------------------------

    def find_existing(self, row: dict[str, Any]) -> SchoolContext | None:
        school, year = self.schools.of_row(row), _year_or_none(row.get("year"))
        if school is None or year is None:
            return None
        return self.existing.get((school.pk, year))

    def row_checks(self, instance: SchoolContext, row: dict[str, Any], new: bool, row_number: int) -> dict[str, str]:
        errors: dict[str, str] = {}
        school = getattr(instance, "school", None)
        if school is not None and not self.allowed("schools.change_school_data", school):
            errors["school"] = _("нет прав на данные школы «%(school)s» (%(municipality)s)") % {
                "school": school.short_name,
                "municipality": school.municipality.name,
            }
        if row_number in self.duplicate_of:
            errors.setdefault(
                "school",
                _("школа и учебный год повторяются в файле: уже есть в строке %(row)s")
                % {"row": self.excel_row(self.duplicate_of[row_number])},
            )
        return errors

    def before_save_instance(self, instance: SchoolContext, row, **kwargs):
        if instance.pk is not None:
            instance.version += 1
