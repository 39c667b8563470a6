"""School context data (template «Контекст»): one row per school × academic year.

Counts of students only, never names. An empty factor cell is unknown (None), not 0: a
methodology that needs the factor leaves the school out instead of reading it as zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from import_export.fields import Field

from ..models import FACTOR_KEYS, SchoolContext
from ..years import AcademicYearError, parse_academic_year
from .resource_base import FastCounts, NotFast, PortalResource, chunked
from .school_codes import SchoolCodes
from .widgets import MAX_COUNT, AcademicYearWidget, CountWidget, LookupWidget

if TYPE_CHECKING:  # pragma: no cover
    from .reader import ParsedSheet


def _year_or_none(value: Any) -> int | None:
    try:
        return parse_academic_year(value) if value is not None else None
    except AcademicYearError:
        return None


# The columns of a new row, in the order _import_fast builds it (the last is the version).
NEW_COLUMNS = ("school_id", "year", "total", *FACTOR_KEYS, "version")


def _count(value: Any) -> int | None:
    """CountWidget's rule for a valid cell, without a message: anything else is NotFast."""
    if value is None or type(value) is int:
        number = value
    elif type(value) is float and value.is_integer():
        number = int(value)
    else:
        raise NotFast
    if number is not None and not 0 <= number <= MAX_COUNT:
        raise NotFast
    return number


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

    # --- column by column (a file without problems) -------------------------------------------

    def import_fast(self, parsed: ParsedSheet) -> FastCounts | None:
        try:
            return self._import_fast(parsed)
        except NotFast:
            return None

    def _import_fast(self, parsed: ParsedSheet) -> FastCounts | None:
        self.headers = set(parsed.columns)
        values = [row.values for row in parsed.rows]
        factors = [key for key in FACTOR_KEYS if key in self.headers]
        self.schools.load(values)
        school_of: dict[Any, int] = {}
        for code in {v.get("school_code") for v in values}:
            candidates = self.schools.candidates(code)
            if len(candidates) != 1 or not self.allowed("schools.change_school_data", candidates[0]):
                raise NotFast
            school_of[code] = candidates[0].pk
        year_of = {raw: _year_or_none(raw) for raw in {v.get("year") for v in values}}
        if None in year_of.values():
            raise NotFast
        schools = [school_of[v.get("school_code")] for v in values]
        years = [year_of[v.get("year")] for v in values]
        keys = list(zip(schools, years, strict=True))
        if len(set(keys)) != len(keys):
            raise NotFast  # a repeated school and year: the per-row path names both rows
        totals = [_count(v.get("total")) for v in values]
        if None in totals:
            raise NotFast
        columns = {key: [_count(v.get(key)) for v in values] for key in factors}
        for key in factors:
            if any(f is not None and f > t for f, t in zip(columns[key], totals, strict=True)):
                raise NotFast  # SchoolContext.clean(): a factor above the total
        imported = ["total", *factors]
        stored = self._stored(set(schools), set(years))
        new: list[tuple[Any, ...]] = []
        changed: list[SchoolContext] = []
        unchanged = 0
        for index, key in enumerate(keys):
            row = [totals[index], *(columns[f][index] for f in factors)]
            existing = stored.get(key)
            if existing is None:
                by_key = dict(zip(imported, row, strict=True))
                new.append((key[0], key[1], *(by_key.get(c) for c in NEW_COLUMNS[2:-1]), 1))
            elif [getattr(existing, f) for f in imported] == row:
                unchanged += 1
            else:
                for field, value in zip(imported, row, strict=True):
                    setattr(existing, field, value)
                existing.version += 1
                changed.append(existing)
        if not self.write_with_history(new, list(NEW_COLUMNS), changed, [*imported, "version"]):
            return None
        return FastCounts(new=len(new), updated=len(changed), unchanged=unchanged)

    def _stored(self, school_ids: set[int], years: set[int]) -> dict[tuple[int, int], SchoolContext]:
        stored: dict[tuple[int, int], SchoolContext] = {}
        for chunk in chunked(sorted(school_ids), 5000):
            for context in SchoolContext.objects.filter(school_id__in=chunk, year__in=years).order_by():
                stored[(context.school_id, context.year)] = context
        return stored
