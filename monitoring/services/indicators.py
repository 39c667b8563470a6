"""Writes to the indicator catalogue: create and update, with the whole catalogue's formulas
checked on every change (a formula may only read known codes, and no formula may depend on itself
through others). Indicators are archived, never deleted: values and targets refer to them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import formulas
from ..models import Indicator

if TYPE_CHECKING:
    from schools.models import User

EDITABLE_FIELDS = (
    "code",
    "name",
    "unit",
    "direction",
    "level",
    "kind",
    "formula",
    "min_value",
    "max_value",
    "method",
    "source",
    "is_archived",
)

RESERVED_CODES = frozenset({"new"})  # /monitoring/indicators/new/ is the creation page


def _catalogue(exclude_pk: int | None) -> dict[str, str]:
    """code → formula of every other indicator (archived ones too: their codes stay taken)."""
    qs = Indicator.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return dict(qs.values_list("code", "formula"))


def indicator_validate(*, indicator: Indicator, previous_code: str | None = None) -> None:
    """Everything an indicator must satisfy, as ``ValidationError`` keyed by form field with
    Russian messages: the code's shape, a formula for computed indicators and none for the
    others, the formula readable, its codes known, no cycles, min ≤ max."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    indicator.code = (indicator.code or "").strip()
    indicator.formula = " ".join((indicator.formula or "").split())
    if not formulas.CODE_PATTERN.fullmatch(indicator.code):
        add(
            "code",
            _(
                "Код пишется строчными латинскими буквами, цифрами и «_» и начинается с буквы "
                "(например, share_teachers_trained): по нему показатель упоминается в формулах."
            ),
        )
    elif indicator.code in RESERVED_CODES:
        add("code", _("Код «%(code)s» занят адресом страницы: выберите другой.") % {"code": indicator.code})
    if indicator.kind == Indicator.Kind.COMPUTED:
        if not indicator.formula:
            add(
                "formula",
                _("Вычисляемому показателю нужна формула, например: teachers_trained / teachers_total * 100."),
            )
        else:
            try:
                refs = formulas.referenced_codes(indicator.formula)
            except formulas.FormulaError as exc:
                add("formula", exc.message)
            else:
                if not refs:
                    add("formula", _("Формула должна ссылаться хотя бы на один показатель."))
    elif indicator.formula:
        add(
            "formula",
            _("Формула задаётся только у вычисляемых показателей: очистите поле или выберите способ «%(kind)s».")
            % {"kind": Indicator.Kind.COMPUTED.label},
        )
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        add("max_value", _("Максимум должен быть не меньше минимума."))

    if "code" not in errors and "formula" not in errors:
        others = _catalogue(indicator.pk)
        if indicator.code in others:
            add("code", _("Показатель с кодом «%(code)s» уже есть в каталоге.") % {"code": indicator.code})
        else:
            before = dict(others)
            if indicator.pk is not None and previous_code:
                before[previous_code] = Indicator.objects.filter(pk=indicator.pk).values_list("formula", flat=True)[0]
            after = {**others, indicator.code: indicator.formula}
            old = formulas.catalogue_problems(before, before)
            old_unknown = {(p.codes[0], code) for p in old if p.kind == "unknown" for code in p.unknown}
            old_other = {(p.kind, p.codes) for p in old if p.kind != "unknown"}
            for problem in formulas.catalogue_problems(after, after):
                if problem.kind == "unknown":
                    if all((problem.codes[0], code) in old_unknown for code in problem.unknown):
                        continue  # an old problem of another indicator is not this change's fault
                elif (problem.kind, problem.codes) in old_other:
                    continue
                # A renamed code breaks the formulas that read the old one: say so at the code.
                add("formula" if indicator.code in problem.codes else "code", problem.message)
    try:
        indicator.full_clean(exclude=["code"] if "code" in errors else None, validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.get(field, []):
                    add(field, message)
    if errors:
        raise ValidationError(errors)


def _save(indicator: Indicator, user: User | None) -> Indicator:
    indicator._history_user = user if getattr(user, "pk", None) else None
    indicator.save()
    return indicator


@transaction.atomic
def indicator_create(
    *,
    code: str,
    name: str,
    unit: str,
    direction: str = Indicator.Direction.HIGHER,
    level: str = Indicator.Level.SCHOOL,
    kind: str = Indicator.Kind.ENTERED,
    formula: str = "",
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    method: str = "",
    source: str = "",
    user: User | None = None,
) -> Indicator:
    indicator = Indicator(
        code=code,
        name=name,
        unit=unit,
        direction=direction,
        level=level,
        kind=kind,
        formula=formula or "",
        min_value=min_value,
        max_value=max_value,
        method=method,
        source=source,
    )
    list(Indicator.objects.select_for_update().values_list("pk", flat=True))  # see indicator_update
    indicator_validate(indicator=indicator)
    return _save(indicator, user)


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: Mapping[str, Any], user: User | None = None) -> Indicator:
    """Change the given fields (any of EDITABLE_FIELDS). The catalogue is locked for the check so
    that two editors cannot close a cycle between them."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    list(Indicator.objects.select_for_update().values_list("pk", flat=True))
    previous_code = Indicator.objects.filter(pk=indicator.pk).values_list("code", flat=True).first()
    for field, value in data.items():
        setattr(indicator, field, "" if field == "formula" and value is None else value)
    indicator_validate(indicator=indicator, previous_code=previous_code)
    return _save(indicator, user)
