"""The values of a school's form in a data collection (services/collections.py builds the form and
moves the answer along): what is typed is read as a number and shown the Russian way, and each row
is checked — the indicator's range, whole numbers, four decimals, a part never above its whole, and
a value far from last period's, which the school must confirm.

"Far from last period" is a relative change of more than 50 % against the same school's accepted
value of the previous period of the same kind (year → year before, quarter → quarter before,
academic year → academic year before); when last period's value is 0, any other value is far.
It was chosen over "±3 sd across schools" because it needs only the school's own history, works
for a municipality of three schools and is easy to explain on the form ("было 40, стало 90").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from monitoring.formulas import FormulaError, referenced_codes
from monitoring.models import Indicator, IndicatorValue, Period, Submission
from schools.formats import parse_decimal

from .periods import WHOLE_YEAR
from .values import LIMIT, ratio_problem, ratio_rules, value_problem

UNUSUAL_CHANGE = Decimal("0.5")  # more than 50 % away from last period's value
DECIMAL_PLACES = 4


def value_field(indicator_id: int) -> str:
    return f"value_{indicator_id}"


def confirm_field(indicator_id: int) -> str:
    return f"confirm_{indicator_id}"


# --- Numbers -------------------------------------------------------------------------------------


def number_display(value: Decimal | None, *, grouping: bool = True) -> str:
    """«12,5», «1 250»: decimal comma, no trailing zeros; «—» for no value."""
    if value is None:
        return "—"
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        normalized = normalized.quantize(Decimal(1))
    return number_format(normalized, force_grouping=grouping)


def value_parse(raw: Decimal | int | str | None) -> Decimal | None:
    """A number as people type it («12,5», «1 250», «-3»: ``schools.formats.parse_decimal``); None
    for an empty field. Raises ValueError with the Russian message for text that is not a number."""
    try:
        return parse_decimal(raw)
    except ValueError:
        if not isinstance(raw, str):
            raise ValueError(_("Введите число.")) from None
        shown = raw.strip()
        shown = shown if len(shown) <= 30 else shown[:30] + "…"
        raise ValueError(_("«%s» — не число. Введите число, например 12,5.") % shown) from None


def range_display(low: Decimal | None, high: Decimal | None) -> str:
    if low is not None and high is not None:
        return _("от %(low)s до %(high)s") % {"low": number_display(low), "high": number_display(high)}
    if low is not None:
        return _("не меньше %s") % number_display(low)
    if high is not None:
        return _("не больше %s") % number_display(high)
    return _("любое число")


def is_unusual(value: Decimal | None, last: Decimal | None) -> bool:
    if value is None or last is None:
        return False
    if last == 0:
        return value != 0
    return abs(value - last) / abs(last) > UNUSUAL_CHANGE


# --- Periods -------------------------------------------------------------------------------------


# Periods are created by monitoring/services/periods.period_get_or_create: whole years store
# quarter WHOLE_YEAR.


def previous_period(period: Period) -> Period | None:
    if period.kind == Period.Kind.QUARTER:
        year, quarter = (period.year, period.quarter - 1) if period.quarter > 1 else (period.year - 1, 4)
    else:
        year, quarter = period.year - 1, WHOLE_YEAR
    return Period.objects.filter(kind=period.kind, year=year, quarter=quarter).first()


# --- The rows of the form ------------------------------------------------------------------------


@dataclass(frozen=True)
class ComputedRow:
    """A computed indicator of the form's values — for a share, ``numerator`` and ``denominator``
    are the entered counts it divides (shown beside the numerator)."""

    indicator: Indicator
    value: Decimal | None
    numerator: str = ""
    denominator: str = ""

    @property
    def value_display(self) -> str:
        return number_display(self.value.quantize(Decimal("0.1")) if self.value is not None else None)


@dataclass
class EntryRow:
    """One row of the data entry form: an entered indicator with everything the school needs."""

    indicator: Indicator
    low: Decimal | None
    high: Decimal | None
    last_value: Decimal | None
    value: Decimal | None = None  # as stored
    raw: str = ""  # what is in the field (the stored value, or what the user typed)
    confirmed: bool = False
    unusual: bool = False
    errors: list[str] = field(default_factory=list)
    shares: list[ComputedRow] = field(default_factory=list)  # the shares this count is the part of

    @property
    def pk(self) -> int:
        return self.indicator.pk

    @property
    def field_name(self) -> str:
        return value_field(self.indicator.pk)

    @property
    def confirm_name(self) -> str:
        return confirm_field(self.indicator.pk)

    @property
    def last_display(self) -> str:
        return number_display(self.last_value)

    @property
    def value_display(self) -> str:
        return number_display(self.value)

    @property
    def range_display(self) -> str:
        return range_display(self.low, self.high)


def derived_indicators(collection_indicators: list[Indicator], entered_codes: set[str]) -> list[Indicator]:
    """The computed indicators the form can show: those of the collection, and those of the
    catalogue computed from the collection's entered values alone (a collection of «опрошено» and
    «удовлетворены» shows the satisfied share even when the share was not chosen). One query."""
    chosen = [i for i in collection_indicators if i.kind == Indicator.Kind.COMPUTED]
    seen = {i.pk for i in chosen}
    derived = list(chosen)
    catalogue = Indicator.objects.filter(kind=Indicator.Kind.COMPUTED, is_archived=False).exclude(formula="")
    for indicator in catalogue.order_by("code"):
        if indicator.pk in seen:
            continue
        try:
            codes = referenced_codes(indicator.formula)
        except FormulaError:
            continue
        if codes and codes <= entered_codes:
            derived.append(indicator)
    return derived


def _sentence(text: str) -> str:
    """A rule's reason («значение вне…») as the form shows it: capitalised, with a full stop."""
    return f"{text[:1].upper()}{text[1:]}."


def check_rows(
    rows: list[EntryRow], values: Mapping[int, Decimal | int | str | None], confirmed: set[int]
) -> dict[int, Decimal | None]:
    """Parse and check each row's value in place; return the values as they would be saved
    (rows absent from `values` keep their stored value). The range and whole-number rules are
    the catalogue's (``values.value_problem``), as in the XLSX import."""
    current: dict[int, Decimal | None] = {}
    for row in rows:
        if row.pk not in values:
            current[row.pk] = row.value
            continue
        raw = values[row.pk]
        row.raw = "" if raw is None else (number_display(raw, grouping=False) if isinstance(raw, Decimal) else str(raw))
        row.confirmed = row.pk in confirmed
        try:
            value = value_parse(raw)
        except ValueError as exc:
            row.errors.append(str(exc))
            current[row.pk] = None
            row.unusual = False
            continue
        current[row.pk] = value
        row.unusual = is_unusual(value, row.last_value)
        if value is None:
            continue
        if abs(value) >= LIMIT:
            row.errors.append(_("Слишком большое число."))
            continue
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)  # value_parse takes finite numbers only (no 'n', 'N', 'F')
        if -exponent > DECIMAL_PLACES and value != value.quantize(Decimal(1).scaleb(-DECIMAL_PLACES)):
            row.errors.append(_("Не больше четырёх знаков после запятой."))
            continue
        problem = value_problem(indicator=row.indicator, number=value)
        if problem:
            row.errors.append(_sentence(problem))
            continue
        if row.unusual and not row.confirmed:
            row.errors.append(
                _(
                    "Значение сильно отличается от прошлого периода (было %(last)s). Проверьте его и "
                    "отметьте «Значение верно», если ошибки нет."
                )
                % {"last": number_display(row.last_value)}
            )
    return current


def check_ratios(submission: Submission, rows: list[EntryRow], current: Mapping[int, Decimal | None]) -> None:
    """A part never exceeds its whole: the pairs of every computed share (unit «%») of the
    catalogue, whether or not the share is in this collection — the rule of the XLSX import and
    of ``value_set`` (``values.ratio_problem``). The other side of a pair is the form's value when
    the form has it, else the school's stored value for the period. The message goes to both
    fields of the form. Two or three queries."""
    rules = ratio_rules()
    by_code = {r.indicator.code: r for r in rows}
    if not any(code in rules for code in by_code):
        return
    outside = {
        other
        for code in by_code
        for rule in rules.get(code, ())
        for other in (rule.numerator, rule.denominator)
        if other not in by_code
    }
    stored: dict[str, Decimal] = {}
    if outside:
        stored = dict(
            IndicatorValue.objects.filter(
                period_id=submission.collection.period_id,
                school_id=submission.school_id,
                indicator__code__in=outside,
            ).values_list("indicator__code", "value")
        )

    def other(code: str) -> Decimal | None:
        row = by_code.get(code)
        if row is None:
            return stored.get(code)
        return None if row.errors else current.get(row.pk)

    # Judge every row before adding any message: a message is an error, and a row in error no
    # longer counts as the other side of a pair.
    found: list[tuple[EntryRow, str]] = []
    for row in rows:
        value = current.get(row.pk)
        if row.errors or value is None or row.indicator.code not in rules:
            continue
        problem = ratio_problem(code=row.indicator.code, value=value, rules=rules, other=other)
        if problem:
            found.append((row, _sentence(problem)))
    for row, message in found:
        row.errors.append(message)
