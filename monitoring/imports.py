"""Indicator values from a spreadsheet (template «Значения показателей»): one row per school (or
municipality) × indicator × period.

It plugs into the generic machinery of ``schools.imports`` (reader, report, preview/confirm,
``portal_import values``) by registering itself; ``MonitoringConfig.ready()`` imports this module.
Like every portal import it is all or nothing: a file with any invalid row changes nothing.

Each row is checked the way a form would check it (services/values.py): the indicator exists and
is entered (not computed, not from the index runs), the subject fits the indicator's level, the
value is a number within the indicator's range (whole for counts and groups), a numerator does not
exceed its denominator (the file's value of the other one, or the stored one), the row does not
repeat another, and the user may change that school's or municipality's values
(``monitoring.view_values`` and ``monitoring.change_values``, schools/access.py underneath).
After a successful import the computed indicators of the periods and subjects it touched are
recomputed, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.widgets import Widget

from schools.formats import parse_decimal
from schools.imports import kinds as schools_kinds
from schools.imports.normalise import normalise_title
from schools.imports.registry import CellKind, Column, ImportKind, register
from schools.imports.resource_base import PortalResource
from schools.imports.school_codes import SchoolCodes
from schools.imports.widgets import LookupWidget
from schools.models import Municipality, School

from .models import Indicator, IndicatorValue, Period
from .services.periods import PeriodError, period_get_or_create, period_parse
from .services.values import (
    LIMIT,
    format_value,
    kind_problem,
    ratio_problem,
    ratio_rules,
    subject_problem,
    value_clean,
    values_compute,
)

PeriodKey = tuple[str, int, int]
Subject = tuple[str, int]


def _period_key(value: Any) -> PeriodKey | None:
    try:
        return period_parse(value) if value is not None else None
    except PeriodError:
        return None


class NumberWidget(Widget):
    """The value cell: a number (the reader already turned "12,5" and "45 %" into numbers);
    its range depends on the row's indicator and is checked in ``row_checks``."""

    def clean(self, value, row=None, **kwargs) -> Decimal:
        if value is None:
            raise ValueError(_("не заполнено: укажите число"))
        number = parse_decimal(value, invalid_as_none=True)
        if number is None:
            raise ValueError(_("не число: укажите число без букв (дробную часть — через запятую)"))
        if abs(number) >= LIMIT:
            raise ValueError(_("слишком большое число"))
        return number

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else format_value(value)


class ValueResource(PortalResource):
    school = Field(attribute="school", column_name="school_code")
    municipality = Field(attribute="municipality", column_name="municipality")
    indicator = Field(attribute="indicator", column_name="indicator")
    period = Field(attribute="period", column_name="period")
    value = Field(attribute="value", column_name="value", widget=NumberWidget())

    lookup_fields = ("school", "municipality", "indicator", "period")
    widget_validated = ("value",)
    extra_update_fields = ("source", "source_ref", "entered_by", "updated_at", "version")

    class Meta(PortalResource.Meta):
        model = IndicatorValue
        fields = ("school", "municipality", "indicator", "period", "value")
        import_id_fields = ("indicator", "period")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.schools = SchoolCodes(lambda school: self.allowed("monitoring.change_values", school))
        self.fields["school"].widget = LookupWidget(self._resolve_school)
        self.fields["municipality"].widget = LookupWidget(self._resolve_municipality)
        self.fields["indicator"].widget = LookupWidget(self._resolve_indicator)
        self.fields["period"].widget = LookupWidget(self._resolve_period)
        self.municipalities_by_name: dict[str, list[Municipality]] = defaultdict(list)
        self.indicators_by_code: dict[str, Indicator] = {}
        self.indicators_by_name: dict[str, list[Indicator]] = defaultdict(list)
        self.periods: dict[PeriodKey, Period] = {}
        self.existing: dict[tuple[int, int, Subject], IndicatorValue] = {}
        self.stored: dict[tuple[Subject, int, str], Decimal] = {}  # (subject, period id, code) → value
        self.in_file: dict[tuple[Subject, PeriodKey, str], Decimal] = {}
        self.duplicate_of: dict[int, int] = {}
        self.rules = {}
        self.touched: dict[int, set[Subject]] = defaultdict(set)  # period id → subjects
        self._row_failed: set[str] = set()
        self._now = timezone.now()

    # --- prefetch: a constant number of queries ---------------------------------------------------

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.schools.load(rows)
        names = {normalise_title(r.get("municipality")) for r in rows if r.get("municipality") is not None}
        if names:
            for municipality in Municipality.objects.with_region():
                key = normalise_title(municipality.name)
                if key in names:
                    self.municipalities_by_name[key].append(municipality)
        catalogue = list(Indicator.objects.all())
        for indicator in catalogue:
            self.indicators_by_code[indicator.code] = indicator
            self.indicators_by_name[normalise_title(indicator.name)].append(indicator)
        self.rules = ratio_rules(catalogue)
        keys = {_period_key(r.get("period")) for r in rows} - {None}
        for period in Period.objects.filter(year__in={k[1] for k in keys}) if keys else ():
            self.periods[(period.kind, period.year, period.quarter)] = period
        for key in sorted(keys - set(self.periods)):
            # A new period costs one row; in a preview the transaction is rolled back with it.
            self.periods[key] = period_get_or_create(kind=key[0], year=key[1], quarter=key[2])

        resolved: list[tuple[int, Subject, PeriodKey, Indicator, Any]] = []
        for number, row in enumerate(rows, start=1):
            subject, indicator, key = (
                self._subject_or_none(row),
                self._indicator_or_none(row),
                _period_key(row.get("period")),
            )
            if subject is not None and indicator is not None and key is not None:
                resolved.append((number, subject, key, indicator, row.get("value")))
        first: dict[tuple, int] = {}
        for number, subject, key, indicator, value in resolved:
            found = first.setdefault((indicator.pk, key, subject), number)
            if found != number:
                self.duplicate_of[number] = found
            elif (parsed := parse_decimal(value, invalid_as_none=True)) is not None:
                self.in_file[(subject, key, indicator.code)] = parsed
        self._load_stored(resolved)

    def _load_stored(self, resolved) -> None:
        if not resolved:
            return
        codes = {indicator.code for *_rest, indicator, _value in resolved}
        for code in list(codes):
            for rule in self.rules.get(code, ()):
                codes |= {rule.numerator, rule.denominator}
        indicators = {
            self.indicators_by_code[c].pk: self.indicators_by_code[c] for c in codes if c in self.indicators_by_code
        }
        period_ids = {self.periods[key].pk: self.periods[key] for _n, _s, key, _i, _v in resolved}
        school_ids = {s[1] for _n, s, *_rest in resolved if s[0] == "school"}
        municipality_ids = {s[1] for _n, s, *_rest in resolved if s[0] == "municipality"}
        schools = self.schools.by_pk
        municipalities = {m.pk: m for candidates in self.municipalities_by_name.values() for m in candidates}
        stored = IndicatorValue.objects.filter(indicator_id__in=indicators, period_id__in=period_ids).filter(
            Q(school_id__in=school_ids) | Q(municipality_id__in=municipality_ids)
        )
        for value in stored:
            # Attach what is loaded already: comparing rows must not query per row.
            value.indicator = indicators[value.indicator_id]
            value.period = period_ids[value.period_id]
            if value.school_id:
                value.school = schools[value.school_id]
                subject: Subject = ("school", value.school_id)
            else:
                value.municipality = municipalities[value.municipality_id]
                subject = ("municipality", value.municipality_id)
            self.existing[(value.indicator_id, value.period_id, subject)] = value
            self.stored[(subject, value.period_id, value.indicator.code)] = value.value

    # --- dictionaries ---------------------------------------------------------------------------

    def _municipality_candidates(self, name: Any) -> list[Municipality]:
        candidates = self.municipalities_by_name.get(normalise_title(name), []) if name is not None else []
        if len(candidates) > 1 and self.user is not None:
            mine = [m for m in candidates if self.allowed("monitoring.change_values", m)]
            candidates = mine or candidates
        return candidates

    def _subject_or_none(self, row: dict[str, Any]) -> Subject | None:
        if row.get("school_code") is not None:
            school = self.schools.of_row(row)
            return ("school", school.pk) if school is not None else None
        candidates = self._municipality_candidates(row.get("municipality"))
        return ("municipality", candidates[0].pk) if len(candidates) == 1 else None

    def _indicator_candidates(self, value: Any) -> list[Indicator]:
        if value is None:
            return []
        text = str(value).strip()
        found = self.indicators_by_code.get(text) or self.indicators_by_code.get(text.casefold())
        return [found] if found is not None else self.indicators_by_name.get(normalise_title(text), [])

    def _indicator_or_none(self, row: dict[str, Any]) -> Indicator | None:
        candidates = self._indicator_candidates(row.get("indicator"))
        return candidates[0] if len(candidates) == 1 else None

    def _resolve_school(self, value: Any, row: dict[str, Any]) -> School | None:
        if value is None:
            if row.get("municipality") is None:
                raise ValueError(
                    _("не заполнено: укажите код ОО (для показателей муниципального уровня — муниципалитет)")
                )
            return None
        return self.schools.resolve(value)

    def _resolve_municipality(self, value: Any, row: dict[str, Any]) -> Municipality | None:
        if value is None:
            return None
        if row.get("school_code") is not None:
            # A school's row: the municipality is there for the reader; it must agree.
            school = self.schools.of_row(row)
            if school is not None and normalise_title(school.municipality.name) != normalise_title(value):
                raise ValueError(
                    _("школа с этим кодом ОО относится к муниципалитету «%(name)s»")
                    % {"name": school.municipality.name}
                )
            return None
        candidates = self._municipality_candidates(value)
        if not candidates:
            raise ValueError(_("муниципалитет не найден в портале: напишите его наименование, как в портале"))
        if len(candidates) > 1:
            raise ValueError(_("муниципалитет с таким наименованием есть в нескольких регионах"))
        return candidates[0]

    def _resolve_indicator(self, value: Any, row: dict[str, Any]) -> Indicator:
        if value is None:
            raise ValueError(_("не заполнено: укажите код или наименование показателя"))
        candidates = self._indicator_candidates(value)
        if not candidates:
            raise ValueError(
                _("показатель не найден в каталоге: укажите его наименование или код, как в каталоге показателей")
            )
        if len(candidates) > 1:
            codes = ", ".join(sorted(i.code for i in candidates))
            raise ValueError(_("наименование неоднозначно — укажите код показателя (%(codes)s)") % {"codes": codes})
        return candidates[0]

    def _resolve_period(self, value: Any, row: dict[str, Any]) -> Period:
        try:
            key = period_parse(value)
        except PeriodError as exc:
            raise ValueError(str(exc)) from None
        return self.periods[key]

    # --- per row ----------------------------------------------------------------------------------

    def find_existing(self, row: dict[str, Any]) -> IndicatorValue | None:
        subject, indicator, key = (
            self._subject_or_none(row),
            self._indicator_or_none(row),
            _period_key(row.get("period")),
        )
        if subject is None or indicator is None or key is None or key not in self.periods:
            return None
        return self.existing.get((indicator.pk, self.periods[key].pk, subject))

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self._row_failed = set()

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        # Set before validation: the model requires a source, and an import is one.
        instance.source = IndicatorValue.Source.IMPORT
        instance.source_ref = self.change_reason[:100]

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except ValueError:
            self._row_failed.add(field.attribute)
            raise

    def _ok(self, instance: IndicatorValue, attribute: str) -> Any:
        return None if attribute in self._row_failed else getattr(instance, attribute, None)

    def row_checks(self, instance: IndicatorValue, row: dict[str, Any], new: bool, row_number: int) -> dict[str, str]:
        errors: dict[str, str] = {}
        indicator: Indicator | None = self._ok(instance, "indicator")
        school: School | None = self._ok(instance, "school")
        municipality: Municipality | None = self._ok(instance, "municipality")
        period: Period | None = self._ok(instance, "period")
        value: Decimal | None = self._ok(instance, "value")
        subject_failed = {"school", "municipality"} & self._row_failed
        target = school or municipality
        if target is None and not subject_failed:
            errors["school"] = _("не заполнено: укажите код ОО (для показателей муниципального уровня — муниципалитет)")
        if target is not None and not (
            self.allowed("monitoring.view_values", target) and self.allowed("monitoring.change_values", target)
        ):
            where = school.municipality.name if school is not None else target.region.name
            errors["school" if school is not None else "municipality"] = _(
                "нет прав на значения показателей «%(subject)s» (%(where)s)"
            ) % {"subject": school.short_name if school is not None else target.name, "where": where}
        if indicator is not None:
            problem = kind_problem(indicator=indicator, source=IndicatorValue.Source.IMPORT)
            if problem:
                errors["indicator"] = problem
            elif not subject_failed and target is not None:
                problem = subject_problem(indicator=indicator, school=school, municipality=municipality)
                if problem:
                    # At the cell that is filled but does not fit the indicator's level.
                    errors.setdefault("school" if school is not None else "municipality", problem)
        if indicator is not None and value is not None and "indicator" not in errors:
            try:
                instance.value = value_clean(indicator=indicator, value=value)
            except ValueError as exc:
                errors["value"] = str(exc)
            else:
                if target is not None and period is not None:
                    subject: Subject = ("school", school.pk) if school is not None else ("municipality", target.pk)
                    key = (period.kind, period.year, period.quarter)

                    def other(code: str) -> Decimal | None:
                        found = self.in_file.get((subject, key, code))
                        return found if found is not None else self.stored.get((subject, period.pk, code))

                    problem = ratio_problem(code=indicator.code, value=instance.value, rules=self.rules, other=other)
                    if problem:
                        errors["value"] = problem
        if row_number in self.duplicate_of:
            errors.setdefault(
                "indicator",
                _("школа (муниципалитет), показатель и период повторяются в файле: уже есть в строке %(row)s")
                % {"row": self.excel_row(self.duplicate_of[row_number])},
            )
        return errors

    def before_save_instance(self, instance: IndicatorValue, row, **kwargs):
        if instance.pk is not None:
            instance.version += 1
        instance.entered_by = self.user if getattr(self.user, "pk", None) else None
        instance.updated_at = self._now
        IndicatorValue.fill_areas([instance])  # the school is at hand: no query
        subject: Subject = (
            ("school", instance.school.pk)
            if instance.school is not None
            else ("municipality", instance.municipality.pk)
        )
        self.touched[instance.period.pk].add(subject)

    def after_import(self, dataset, result, **kwargs):
        if self.dry_run or result.has_errors() or result.has_validation_errors():
            return
        periods = {p.pk: p for p in self.periods.values()}
        for period_id, subjects in self.touched.items():
            values_compute(
                period=periods[period_id],
                school_ids=[pk for kind, pk in subjects if kind == "school"],
                municipality_ids=[pk for kind, pk in subjects if kind == "municipality"],
                user=self.user,
            )


VALUE_COLUMNS = (
    Column(
        "school_code",
        "Код ОО",
        aliases=schools_kinds.CODE_ALIASES,
        width=14,
        help=gettext_lazy("код ОО школы, которая уже есть в портале; пусто — значение муниципалитета"),
    ),
    Column(
        "school_name",
        "Наименование ОО",
        aliases=("краткое наименование", "школа"),
        width=30,
        help=gettext_lazy("для справки, не загружается"),
    ),
    Column(
        "municipality",
        "Муниципалитет",
        aliases=("муниципальное образование", "муниципальный район", "муниципальный округ"),
        width=30,
        help=gettext_lazy("для показателей муниципального уровня (тогда «Код ОО» пуст); для школы — может быть пустым"),
    ),
    Column(
        "indicator",
        "Показатель",
        required=True,
        aliases=("код показателя", "наименование показателя", "индикатор"),
        width=40,
        help=gettext_lazy("наименование показателя или его код из каталога показателей"),
    ),
    Column(
        "period",
        "Период",
        kind=CellKind.YEAR,
        required=True,
        aliases=("отчётный период", "год", "учебный год"),
        width=16,
        help=gettext_lazy("2024 — календарный год; 2023/2024 — учебный год; 1 квартал 2024 — квартал"),
    ),
    Column(
        "value",
        "Значение",
        kind=CellKind.NUMBER,
        required=True,
        aliases=("значение показателя", "факт", "фактическое значение"),
        width=14,
        help=gettext_lazy("число в пределах диапазона показателя; дробную часть — через запятую"),
    ),
)

VALUES = register(
    ImportKind(
        key="values",
        title=gettext_lazy("Значения показателей"),
        sheet_title="Значения показателей",
        description=gettext_lazy(
            "Одна строка — значение показателя школы (или муниципалитета) за период: календарный год, "
            "учебный год или квартал. Вычисляемые показатели пересчитываются после загрузки."
        ),
        columns=VALUE_COLUMNS,
        resource_class=ValueResource,
        permission="monitoring.import_values",
    )
)
