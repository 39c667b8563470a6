"""The methodology as data: validation of its definition, loading and exporting JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from schools.models import FACTOR_KEYS

from .models import Methodology, Procedure, Subject

DEFAULT_PATH = Path(__file__).resolve().parent / "fixtures" / "methodology_default.json"
GROUPING_METHODS = {"c_scale", "quantile", "kmeans", "cutoffs"}
POPULATIONS = {"region", "municipality"}


def methodology_validate(definition: dict[str, Any]) -> dict[str, Any]:
    """A definition with its defaults filled in, or a ValidationError listing every problem in Russian."""
    errors: list[str] = []
    d = json.loads(json.dumps(definition))  # a deep copy that is certainly JSON
    for key in ("slug", "name", "outcome", "factors", "grouping"):
        if key not in d:
            errors.append(f"Нет обязательного раздела «{key}».")
    if errors:
        raise ValidationError(errors)
    if d.setdefault("population", "region") not in POPULATIONS:
        errors.append(f"Совокупность «{d['population']}» не поддерживается: region или municipality.")
    outcome = d["outcome"]
    if outcome.get("procedure") not in Procedure.values:
        errors.append(f"Неизвестная процедура «{outcome.get('procedure')}»: {', '.join(Procedure.values)}.")
    if not isinstance(outcome.get("grade"), int) or not 1 <= outcome["grade"] <= 11:
        errors.append("Класс должен быть целым числом от 1 до 11.")
    subjects = outcome.get("subjects") or []
    known_subjects = set(Subject.objects.values_list("code", flat=True))
    if not subjects:
        errors.append("Укажите хотя бы один предмет.")
    for code in subjects:
        if code not in known_subjects:
            errors.append(f"Неизвестный предмет «{code}».")
    if not isinstance(outcome.setdefault("min_participants", 5), int) or outcome["min_participants"] < 1:
        errors.append("Минимальное число участников должно быть целым числом не меньше 1.")
    factors = d["factors"]
    if not factors:
        errors.append("Укажите хотя бы один фактор ИСБШ.")
    for factor in factors:
        if factor not in FACTOR_KEYS:
            errors.append(f"Неизвестный фактор «{factor}». Допустимы: {', '.join(FACTOR_KEYS)}.")
    if len(set(factors)) != len(factors):
        errors.append("Фактор указан дважды.")
    if d.setdefault("regression", {}).setdefault("weights", "none") not in ("none", "participants"):
        errors.append("Веса регрессии: none или participants.")
    grouping = d["grouping"]
    if grouping.get("method") not in GROUPING_METHODS:
        errors.append(
            f"Способ группировки «{grouping.get('method')}» не поддерживается: {', '.join(sorted(GROUPING_METHODS))}."
        )
    groups = grouping.setdefault("groups", 11)
    if not isinstance(groups, int) or not 2 <= groups <= 20:
        errors.append("Число групп должно быть от 2 до 20.")
    if grouping.get("method") == "cutoffs":
        cutoffs = grouping.get("cutoffs")
        if not isinstance(cutoffs, list) or sorted(cutoffs) != cutoffs or len(cutoffs) != groups - 1:
            errors.append("Для группировки по границам укажите возрастающий список из (число групп − 1) границ z.")
    thresholds = d.setdefault("thresholds", {})
    thresholds.setdefault("low_quality_max_group", 5)
    thresholds.setdefault("unfavourable_max_wellbeing_group", 4)
    for key, value in thresholds.items():
        if not isinstance(value, int) or not 1 <= value < (groups if isinstance(groups, int) else 11):
            errors.append(
                f"Порог «{key}» должен быть номером группы от 1 до {groups - 1 if isinstance(groups, int) else 10}."
            )
    confidence = d.setdefault("significance", {}).setdefault("confidence", 0.95)
    if not isinstance(confidence, int | float) or not 0.5 <= confidence < 1:
        errors.append("Уровень доверия должен быть от 0,5 до 1 (например 0,95).")
    stability = d.setdefault("stability", {})
    stability.setdefault("years", 3)
    stability.setdefault("min_low_years", 2)
    if not 1 <= stability["min_low_years"] <= stability["years"]:
        errors.append("Число лет с низкими результатами не может превышать число рассматриваемых лет.")
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


def load_default() -> Methodology:
    return methodology_save(definition=json.loads(DEFAULT_PATH.read_text(encoding="utf-8")))
