"""Targets of a program: set when the program is drafted, changed afterwards only inside an
amendment (a new version), like every other part of an approved program."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monitoring.models import Target
from monitoring.services.values import value_clean
from programs.models import Program
from schools.history import changes_since_version, conflict_message

from .errors import StaleVersion
from .measures import _assert_editable

if TYPE_CHECKING:
    from schools.models import User


def plan_field(year: int) -> str:
    """The key a year's planned value is reported under (the target form's field name)."""
    return f"plan_{year}"


def _planned(program: Program, indicator, planned: dict[Any, Any], errors: dict[str, list[str]]) -> dict[str, float]:
    """The planned values as stored; each year's refusal goes to ``errors`` under its own key."""
    clean: dict[str, float] = {}
    for year, value in planned.items():
        if value in (None, ""):
            continue
        year = int(year)
        if not program.period_start.year <= year <= program.period_end.year + 1:
            errors.setdefault(plan_field(year), []).append(
                _("%(y)s год вне периода программы %(p)s.") % {"y": year, "p": program.period_label}
            )
            continue
        try:
            clean[str(year)] = float(value_clean(indicator=indicator, value=value))
        except ValueError as exc:
            errors.setdefault(plan_field(year), []).append(_("План на %(y)s год: %(e)s") % {"y": year, "e": exc})
    if not clean and not any(key.startswith("plan_") for key in errors):
        errors.setdefault(NON_FIELD_ERRORS, []).append(_("Укажите плановое значение хотя бы на один год."))
    return clean


def target_problems(
    *,
    program: Program,
    indicator,
    school=None,
    municipality=None,
    baseline_value: Decimal | None = None,
    planned: dict[Any, Any],
) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Every reason the target cannot be saved at once, by field (``baseline_value``,
    ``plan_<year>``, NON_FIELD_ERRORS for the rest), and the values as they would be stored.
    Saves nothing: the form shows all of them together, not one after the other."""
    errors: dict[str, list[str]] = {}
    if school is None and municipality is None:
        municipality = program.municipality  # no school: the target is the municipality's
    if (school is None) == (municipality is None):
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _("Целевой показатель задаётся либо для школы, либо для муниципалитета.")
        )
    if school is not None and school.municipality_id != program.municipality_id:
        errors.setdefault("school", []).append(_("Школа не относится к муниципалитету программы."))
    if municipality is not None and municipality.pk != program.municipality_id:
        errors.setdefault(NON_FIELD_ERRORS, []).append(_("Муниципалитет не совпадает с муниципалитетом программы."))
    clean = _planned(program, indicator, planned, errors)
    if baseline_value is not None:
        try:
            baseline_value = value_clean(indicator=indicator, value=baseline_value)
        except ValueError as exc:
            errors.setdefault("baseline_value", []).append(_("Базовое значение: %s") % exc)
    return errors, {"municipality": municipality, "planned": clean, "baseline_value": baseline_value}


def _stale(target: Target, expected_version: int) -> StaleVersion:
    from programs.selectors.history import HIDDEN, LABELS, target_subject

    entries = changes_since_version(
        Target.history.filter(id=target.pk).select_related("indicator", "school", "municipality"),
        version=expected_version,
        subject=target_subject,
        hide=HIDDEN,
        labels={k: str(v) for k, v in LABELS.items()},
    )
    return StaleVersion(conflict_message(_("Целевой показатель «%s»") % target.indicator.name, entries))


def target_set(
    *,
    program: Program,
    indicator,
    school=None,
    municipality=None,
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    planned: dict[Any, Any],
    expected_version: int | None = None,
    user: User | None = None,
    reason: str = "",
) -> Target:
    """Creates or changes the program's target for (indicator, school or municipality).

    ``expected_version``: the version the person saw — 0 when they meant to add a new target, so
    that two people adding the same target do not silently overwrite each other; None skips the
    check (imports, demo data)."""
    _assert_editable(program.pk)
    errors, values = target_problems(
        program=program,
        indicator=indicator,
        school=school,
        municipality=municipality,
        baseline_value=baseline_value,
        planned=planned,
    )
    if errors:
        raise ValidationError(errors)
    municipality, clean, baseline_value = values["municipality"], values["planned"], values["baseline_value"]
    with transaction.atomic():
        target = (
            Target.objects.select_for_update()
            .filter(target_set_id=program.target_set_id, indicator=indicator, school=school, municipality=municipality)
            .first()
        )
        if target is None:
            target = Target(
                target_set_id=program.target_set_id, indicator=indicator, school=school, municipality=municipality
            )
        else:
            if expected_version is not None and target.version != expected_version:
                raise _stale(target, expected_version)
            target.version += 1
        target.baseline_value, target.baseline_year, target.planned = baseline_value, baseline_year, clean
        if user is not None:
            target._history_user = user  # read by simple_history instead of the request's user
        if reason:
            target._change_reason = reason
        target.save()
        return target


def target_delete(*, program: Program, target: Target) -> None:
    _assert_editable(program.pk)
    if target.target_set_id != program.target_set_id:
        raise ValidationError(_("Целевой показатель относится к другой программе."))
    target.delete()
