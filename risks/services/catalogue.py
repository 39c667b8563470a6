"""The catalogue's versions: the federal default on first use, and an edit saved as the next version."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import defaults
from ..models import Catalogue, Factor
from ..rules import Derived, FactorSpec, catalogue_errors

if TYPE_CHECKING:
    from schools.models import User


def _write(*, number: int, factors: Sequence[FactorSpec], derived: Sequence[Derived], note: str, user) -> Catalogue:
    catalogue = Catalogue.objects.create(
        number=number,
        note=note,
        created_by=user,
        derived=[{"name": d.name, "label": d.label, "formula": d.formula, "unit": d.unit} for d in derived],
    )
    Factor.objects.bulk_create(
        Factor(
            catalogue=catalogue,
            code=f.code,
            order=i,
            title=f.title,
            rule=f.rule,
            unit=f.unit,
            direction=f.direction,
            low=f.low,
            medium=f.medium,
            high=f.high,
        )
        for i, f in enumerate(factors, start=1)
    )
    return catalogue


def catalogue_current() -> Catalogue:
    """The newest version; the federal list is written as version 1 the first time it is asked for."""
    current = Catalogue.objects.order_by("-number").first()
    if current is not None:
        return current
    with transaction.atomic():
        current = Catalogue.objects.select_for_update().order_by("-number").first()
        if current is None:
            current = _write(
                number=1, factors=defaults.FACTORS, derived=defaults.DERIVED, note=defaults.NOTE, user=None
            )
    return current


def catalogue_save(
    *, user: User, factors: Sequence[FactorSpec], derived: Sequence[Derived], note: str = ""
) -> Catalogue:
    """Save an edited catalogue as the next version — never over a version, so the profiles computed
    with it keep their rules. Raises ValidationError with every problem in Russian; nothing is
    written then."""
    if not user.has_perm("risks.change_catalogue"):
        raise ValidationError("Каталог факторов риска изменяют сотрудники региона.")
    errors = catalogue_errors(factors, derived)
    codes = [f.code for f in factors]
    if len(set(codes)) != len(codes):
        errors.append("Факторы каталога повторяются.")
    if not factors:
        errors.append("В каталоге нет ни одного фактора.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        last = Catalogue.objects.select_for_update().order_by("-number").first()
        return _write(number=(last.number if last else 0) + 1, factors=factors, derived=derived, note=note, user=user)
