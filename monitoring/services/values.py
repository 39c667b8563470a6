"""Writes of indicator values: one value by hand (``value_set``) and the computed indicators of a
period (``values_compute``); the periods themselves are services/periods.py.

Every check a value goes through lives here, so the XLSX import («Значения показателей») and any
form give the same Russian reasons: the indicator's range, whole numbers for counts and groups,
and that a numerator never exceeds its denominator where a share is computed from them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from schools.formats import format_number, parse_decimal
from schools.models import Municipality, School

from .. import formulas
from ..models import Indicator, IndicatorValue, Period
from ..providers import provided_values

if TYPE_CHECKING:
    from schools.models import User

QUANTUM = Decimal("0.0001")  # the model's four decimal places
LIMIT = Decimal(10) ** 10  # max_digits=14 with four decimals
WHOLE_UNITS = frozenset({Indicator.Unit.COUNT, Indicator.Unit.GROUP})
WRITE_BATCH = 500


# --- Checks of one value -----------------------------------------------------------------------


def format_value(value: Decimal | int | float | None) -> str:
    """A number the Russian way, without trailing zeros: «12,5», «100», «−3»."""
    return format_number(value, 4)


def _indicator_names(codes) -> dict[str, str]:
    """Messages name indicators as people know them, not by their catalogue codes."""
    return dict(Indicator.objects.filter(code__in=list(codes)).values_list("code", "name"))


# Ranges that hold whatever the catalogue says: a share is 0–100, counts are never negative.
UNIT_RANGES: dict[str, tuple[Decimal | None, Decimal | None]] = {
    Indicator.Unit.PERCENT: (Decimal(0), Decimal(100)),
    Indicator.Unit.COUNT: (Decimal(0), None),
    Indicator.Unit.UNITS: (Decimal(0), None),
    Indicator.Unit.ROUBLE: (Decimal(0), None),
    Indicator.Unit.GROUP: (Decimal(1), Decimal(11)),
}


def indicator_range(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    """The allowed range: the catalogue's minimum and maximum, else what the unit implies."""
    low, high = UNIT_RANGES.get(indicator.unit, (None, None))
    return (
        indicator.min_value if indicator.min_value is not None else low,
        indicator.max_value if indicator.max_value is not None else high,
    )


def range_text(low: Decimal | None, high: Decimal | None) -> str:
    """«от 0 до 100», «не меньше 0», «любое число»."""
    if low is not None and high is not None:
        return _("от %(min)s до %(max)s") % {"min": format_value(low), "max": format_value(high)}
    if low is not None:
        return _("не меньше %s") % format_value(low)
    if high is not None:
        return _("не больше %s") % format_value(high)
    return _("любое число")


def value_problem(*, indicator: Indicator, number: Decimal) -> str | None:
    """Why a number cannot be a value of the indicator, or None: outside its range (the
    catalogue's, else the unit's), not whole for counts and groups. The one range rule of every
    way a value comes in: a form, the collection entry form, the XLSX import, a computation."""
    low, high = indicator_range(indicator)
    if (low is not None and number < low) or (high is not None and number > high):
        return _("значение вне допустимого диапазона (%(range)s): введено %(value)s") % {
            "range": range_text(low, high),
            "value": format_value(number),
        }
    if indicator.unit in WHOLE_UNITS and number != number.to_integral_value():
        return _("должно быть целым числом: единица показателя — «%(unit)s»") % {"unit": indicator.get_unit_display()}
    return None


def value_clean(*, indicator: Indicator, value: Any) -> Decimal:
    """The value as stored (four decimals) or ValueError with the Russian reason: not a number,
    outside the indicator's range, not whole for counts and groups (``value_problem``)."""
    if isinstance(value, bool):
        raise ValueError(_("не заполнено: укажите число"))
    try:
        number = parse_decimal(value)
    except ValueError:
        raise ValueError(_("не число: укажите число без букв (дробную часть — через запятую)")) from None
    if number is None:
        raise ValueError(_("не заполнено: укажите число"))
    # By the exponent, not abs(): abs() of «1e999999999» overflows the decimal context (a 500).
    if number and number.adjusted() >= LIMIT.adjusted():
        raise ValueError(_("слишком большое число"))
    # The range and "whole for counts" are checked on the number as given, before rounding to
    # the four stored decimals: «5,00001» teachers is refused, not silently stored as 5.
    problem = value_problem(indicator=indicator, number=number)
    if problem:
        raise ValueError(problem)
    return number.quantize(QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RatioRule:
    """«numerator ≤ denominator»: both are entered counts of the computed share ``share``."""

    numerator: str
    denominator: str
    share: str  # the computed share they make
    names: tuple[str, str] = ("", "")  # the indicators' names, for messages

    @property
    def numerator_name(self) -> str:
        return self.names[0] or self.numerator

    @property
    def denominator_name(self) -> str:
        return self.names[1] or self.denominator


def ratio_rules(indicators: Iterable[Indicator] | None = None) -> dict[str, list[RatioRule]]:
    """code → the numerator/denominator pairs it belongs to, from the formulas of the computed
    shares (unit «%») of the catalogue. Two queries when ``indicators`` is not given (or does not
    hold the counts' names); ``indicators`` may be the whole catalogue."""
    if indicators is None:
        indicators = Indicator.objects.filter(kind=Indicator.Kind.COMPUTED, is_archived=False).exclude(formula="")
    indicators = list(indicators)
    names = {i.code: i.name for i in indicators}
    found: list[RatioRule] = []
    for indicator in indicators:
        if indicator.kind != Indicator.Kind.COMPUTED or indicator.unit != Indicator.Unit.PERCENT:
            continue
        if indicator.is_archived:
            continue
        try:
            pairs = formulas.ratio_pairs(indicator.formula)
        except formulas.FormulaError:
            continue
        found.extend(RatioRule(numerator, denominator, indicator.code) for numerator, denominator in pairs)
    missing = {code for rule in found for code in (rule.numerator, rule.denominator)} - set(names)
    if missing:
        names.update(Indicator.objects.filter(code__in=missing).values_list("code", "name"))
    rules: dict[str, list[RatioRule]] = defaultdict(list)
    for rule in found:
        rule = RatioRule(
            rule.numerator,
            rule.denominator,
            rule.share,
            (names.get(rule.numerator, ""), names.get(rule.denominator, "")),
        )
        for code in (rule.numerator, rule.denominator):
            if rule not in rules[code]:
                rules[code].append(rule)
    return dict(rules)


def ratio_message(rule: RatioRule, numerator: Decimal, denominator: Decimal) -> str:
    """«"Удовлетворённые…" (300) больше, чем "Опрошенные…" (260)…» — both values named."""
    return _(
        "«%(num)s» (%(num_value)s) больше, чем «%(den)s» (%(den_value)s): часть не может быть больше целого, "
        "доля превысила бы 100 %%"
    ) % {
        "num": rule.numerator_name,
        "num_value": format_value(numerator),
        "den": rule.denominator_name,
        "den_value": format_value(denominator),
    }


def ratio_problem(
    *, code: str, value: Decimal, rules: Mapping[str, list[RatioRule]], other: Callable[[str], Decimal | None]
) -> str | None:
    """Why ``value`` of ``code`` breaks «numerator ≤ denominator», given the subject's other
    values in the same period (``other(code)``: the file's, the form's or the stored one), or
    None. The one part-≤-whole rule of every way a value comes in."""
    numerator: Decimal | None
    denominator: Decimal | None
    for rule in rules.get(code, ()):
        if code == rule.numerator:
            numerator, denominator = value, other(rule.denominator)
        else:
            numerator, denominator = other(rule.numerator), value
        if numerator is not None and denominator is not None and numerator > denominator:
            return ratio_message(rule, numerator, denominator)
    return None


def subject_problem(*, indicator: Indicator, school: School | None, municipality: Municipality | None) -> str | None:
    """A value belongs to a school for school indicators, to a municipality otherwise."""
    if (school is None) == (municipality is None):
        return _("укажите либо школу, либо муниципалитет")
    if indicator.level == Indicator.Level.SCHOOL and school is None:
        return _("показатель измеряется по школам: укажите код ОО")
    if indicator.level != Indicator.Level.SCHOOL and municipality is None:
        return _("показатель измеряется по муниципалитету: укажите муниципалитет, а не школу")
    return None


def kind_problem(*, indicator: Indicator, source: str) -> str | None:
    """Computed and index values are never entered: they come from their formula or the run."""
    if indicator.is_archived:
        return _("показатель в архиве: значения по нему больше не вводятся")
    if indicator.kind == Indicator.Kind.COMPUTED and source != IndicatorValue.Source.COMPUTED:
        try:
            codes = formulas.referenced_codes(indicator.formula)
        except formulas.FormulaError:
            codes = set()
        names = _indicator_names(codes)
        inputs = "; ".join(sorted(f"«{names.get(code, code)}»" for code in codes))
        return _("показатель вычисляется по формуле: введите значения, из которых он считается (%(codes)s)") % {
            "codes": inputs or "—"
        }
    if indicator.kind == Indicator.Kind.INDEX and source != IndicatorValue.Source.INDICES:
        return _("показатель берётся из расчётов портала (индексы, анкеты) и не вводится вручную")
    return None


# --- One value ---------------------------------------------------------------------------------


@transaction.atomic
def value_set(
    *,
    indicator: Indicator,
    period: Period,
    value: Decimal | int | float | str,
    school: School | None = None,
    municipality: Municipality | None = None,
    user: User | None = None,
    expected_version: int | None = None,
    source: str = IndicatorValue.Source.MANUAL,
    source_ref: str = "",
) -> IndicatorValue:
    """Store one value of a school or a municipality for a period.

    ``expected_version`` is the version the user's form was built on: ``0`` means "there was no
    value", ``None`` skips the check. If someone saved in between, nothing is written and the
    user is asked to reload — a value is never silently overwritten. The caller checks
    ``monitoring.change_values`` on the school or municipality."""
    problem = kind_problem(indicator=indicator, source=source) or subject_problem(
        indicator=indicator, school=school, municipality=municipality
    )
    if problem:
        raise ValidationError({"value": problem})
    try:
        number = value_clean(indicator=indicator, value=value)
    except ValueError as exc:
        raise ValidationError({"value": str(exc)}) from None
    subject = Q(school=school) if school is not None else Q(municipality=municipality)
    rules = ratio_rules()
    if indicator.code in rules:
        others = {
            code: v
            for code, v in IndicatorValue.objects.filter(subject, period=period)
            .exclude(indicator=indicator)
            .values_list("indicator__code", "value")
        }
        problem = ratio_problem(code=indicator.code, value=number, rules=rules, other=others.get)
        if problem:
            raise ValidationError({"value": problem})
    existing = IndicatorValue.objects.select_for_update().filter(subject, indicator=indicator, period=period).first()
    found_version = existing.version if existing is not None else 0
    if expected_version is not None and expected_version != found_version:
        raise ValidationError(
            {
                "value": _(
                    "Значение уже изменил другой пользователь (сейчас: %(value)s). Обновите страницу и "
                    "внесите изменение ещё раз."
                )
                % {"value": format_value(existing.value) if existing is not None else "—"}
            }
        )
    if existing is None:
        existing = IndicatorValue(indicator=indicator, period=period, school=school, municipality=municipality)
    else:
        existing.version += 1
    existing.value = number
    existing.source = source
    existing.source_ref = source_ref[:100]
    existing.entered_by = user if getattr(user, "pk", None) else None
    existing._history_user = existing.entered_by  # read by simple_history instead of the request's
    existing.full_clean(validate_unique=False, validate_constraints=False)
    existing.save()
    return existing


# --- Computed indicators -----------------------------------------------------------------------


@dataclass
class ComputeOutcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # computed values whose inputs are gone
    rejected: list[str] = field(default_factory=list)  # results outside the indicator's range


def _subjects(indicator: Indicator, school_ids: list[int], municipality_ids: list[int]) -> list[tuple[str, int]]:
    if indicator.level == Indicator.Level.SCHOOL:
        return [("school", pk) for pk in school_ids]
    return [("municipality", pk) for pk in municipality_ids]


@transaction.atomic
def values_compute(
    *,
    period: Period,
    school_ids: Iterable[int] = (),
    municipality_ids: Iterable[int] = (),
    user: User | None = None,
) -> ComputeOutcome:
    """(Re)compute the computed indicators of a period for the given schools (school-level
    indicators) and municipalities (municipality- and program-level ones), in bulk.

    Formulas are evaluated in dependency order, so a share of a computed count works. A result
    that cannot be computed (an input missing, a zero denominator) removes a previously computed
    value instead of leaving a stale one; a result outside the indicator's range is not stored and
    is reported. A constant number of queries whatever the number of schools."""
    school_ids = sorted(set(school_ids))
    municipality_ids = sorted(set(municipality_ids))
    outcome = ComputeOutcome()
    catalogue = {i.code: i for i in Indicator.objects.all()}
    computed = {
        code: i.formula
        for code, i in catalogue.items()
        if i.kind == Indicator.Kind.COMPUTED and not i.is_archived and i.formula.strip()
    }
    if not computed or not (school_ids or municipality_ids):
        return outcome
    order = formulas.evaluation_order(computed)
    inputs = set(computed)
    for formula in computed.values():
        inputs |= formulas.referenced_codes(formula)
    ids = {catalogue[c].pk: c for c in inputs if c in catalogue}

    stored = IndicatorValue.objects.filter(period=period, indicator_id__in=ids).filter(
        Q(school_id__in=school_ids) | Q(municipality_id__in=municipality_ids)
    )
    # A stored value is a school's or a municipality's (a constraint), so neither id is None.
    known: dict[tuple[str, int | None], dict[str, Decimal]] = defaultdict(dict)
    existing: dict[tuple[str, int | None, str], IndicatorValue] = {}
    for row in stored:
        subject = ("school", row.school_id) if row.school_id else ("municipality", row.municipality_id)
        code = ids[row.indicator_id]
        if code in computed:
            existing[(*subject, code)] = row
        else:
            known[subject][code] = row.value
    if period.kind != Period.Kind.QUARTER and school_ids:
        # Index results exist per academic year; a calendar year takes the academic year ending in it.
        for code in sorted(inputs):
            indicator = catalogue.get(code)
            if indicator is not None and indicator.kind == Indicator.Kind.INDEX:
                for school_id, value in provided_values(
                    indicator_code=code, school_ids=school_ids, year=period.year
                ).items():
                    known[("school", school_id)].setdefault(code, value)

    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    to_remove: list[int] = []
    now = timezone.now()
    entered_by = user if getattr(user, "pk", None) else None
    for code in order:
        indicator = catalogue[code]
        for subject in _subjects(indicator, school_ids, municipality_ids):
            result = formulas.evaluate(computed[code], known[subject])
            if result is not None:
                result = result.quantize(QUANTUM, rounding=ROUND_HALF_UP)
                try:
                    value_clean(indicator=indicator, value=result)
                except ValueError as exc:
                    outcome.rejected.append(f"{code} ({subject[0]} {subject[1]}): {format_value(result)} — {exc}")
                    result = None
            current = existing.get((*subject, code))
            if result is None:
                if current is not None:
                    to_remove.append(current.pk)
                continue
            known[subject][code] = result
            if current is None:
                kwargs = {f"{subject[0]}_id": subject[1]}
                to_create.append(
                    IndicatorValue(
                        indicator=indicator,
                        period=period,
                        value=result,
                        source=IndicatorValue.Source.COMPUTED,
                        entered_by=entered_by,
                        updated_at=now,
                        **kwargs,
                    )
                )
            elif current.value == result and current.source == IndicatorValue.Source.COMPUTED:
                outcome.unchanged += 1
            else:
                current.value = result
                current.source = IndicatorValue.Source.COMPUTED
                current.entered_by = entered_by
                current.updated_at = now
                current.version += 1
                to_update.append(current)
    reason = _("Вычислено по формуле")
    if to_create:
        bulk_create_with_history(
            IndicatorValue.fill_areas(to_create),
            IndicatorValue,
            batch_size=WRITE_BATCH,
            default_user=entered_by,
            default_change_reason=reason,
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            IndicatorValue,
            ["value", "source", "entered_by", "updated_at", "version"],
            batch_size=WRITE_BATCH,
            default_user=entered_by,
            default_change_reason=reason,
        )
    if to_remove:
        # Through delete(): simple-history records each removal.
        IndicatorValue.objects.filter(pk__in=to_remove).delete()
    outcome.created, outcome.updated, outcome.removed = len(to_create), len(to_update), len(to_remove)
    return outcome


def values_follow_schools(school_ids: Sequence[int]) -> int:
    """The values of schools that moved to another municipality take its ``area`` (one UPDATE;
    the values themselves are unchanged, so no history). Returns how many values moved."""
    municipality = School.objects.filter(pk=OuterRef("school_id")).values("municipality_id")[:1]
    return (
        IndicatorValue.objects.filter(school_id__in=list(school_ids))
        .exclude(area_id=Subquery(municipality))
        .update(area_id=Subquery(municipality))
    )
