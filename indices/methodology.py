"""The methodology as data: validation of its definition, loading and exporting JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from schools.models import FACTOR_KEYS

from .models import Methodology, Procedure, Subject
from .stats import MethodologyError, normalize_methodology

POPULATIONS = {"region", "municipality"}


def methodology_validate(definition: dict[str, Any]) -> dict[str, Any]:
    """A definition with its defaults filled in, or a ValidationError listing the problems in Russian.

    The numerical core checks the structure (it must refuse a bad methodology on its own); this
    adds what only the database knows: the subject dictionary and the context factors."""
    try:
        d = normalize_methodology(definition)
    except MethodologyError as exc:
        raise ValidationError([str(exc)]) from exc
    errors: list[str] = []
    for key in ("slug", "name"):
        if not str(d.get(key) or "").strip():
            errors.append(f"Нет обязательного поля «{key}».")
    if d.setdefault("population", "region") not in POPULATIONS:
        errors.append(f"Совокупность «{d['population']}» не поддерживается: region или municipality.")
    outcome = d["outcome"]
    if outcome.get("procedure") not in Procedure.values:
        errors.append(f"Неизвестная процедура «{outcome.get('procedure')}»: {', '.join(Procedure.values)}.")
    if not isinstance(outcome.get("grade"), int) or not 1 <= outcome["grade"] <= 11:
        errors.append("Класс должен быть целым числом от 1 до 11.")
    known_subjects = set(Subject.objects.values_list("code", flat=True))
    errors += [f"Неизвестный предмет «{code}»." for code in outcome["subjects"] if code not in known_subjects]
    errors += [
        f"Неизвестный фактор «{factor}». Допустимы: {', '.join(FACTOR_KEYS)}."
        for factor in d["factors"]
        if factor not in FACTOR_KEYS
    ]
    if errors:
        raise ValidationError(errors)
    return d


def min_schools(definition: dict[str, Any]) -> int:
    """A regression with k factors needs more schools than factors + 1 (INDICES.md)."""
    return len(definition["factors"]) + 2


@transaction.atomic
def methodology_save(*, definition: dict[str, Any], user=None) -> Methodology:
    """Stores a definition as a new version of its slug (earlier versions stay for reproducibility)."""
    d = methodology_validate(definition)
    current = Methodology.objects.select_for_update().filter(slug=d["slug"], is_current=True).first()
    if current is not None and current.definition == d:
        return current
    version = 1
    if current is not None:
        version = current.version + 1
        current.is_current = False
        current.save(update_fields=["is_current"])
    return Methodology.objects.create(slug=d["slug"], version=version, name=d["name"], definition=d, created_by=user)


def methodology_export(*, slug: str) -> str:
    methodology = Methodology.objects.get(slug=slug, is_current=True)
    return json.dumps(methodology.definition, ensure_ascii=False, indent=2)
