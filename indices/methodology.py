"""The methodology as data: validation of its definition, loading and exporting JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schools.models import CONTEXT_FACTORS, FACTOR_KEYS

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
    """A regression with k factors needs more schools than factors + 1 (docs/indices.md, step 4)."""
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


GROUPING_TITLES = {
    "c_scale": _("шкала C (11 групп по стандартным отклонениям)"),
    "quantile": _("квантили (равные по числу школ группы)"),
    "kmeans": _("кластеризация k-средних"),
    "cutoffs": _("заданные границы"),
}
WEIGHT_TITLES = {"none": _("без весов"), "participants": _("по числу участников")}
POPULATION_TITLES = {"region": _("регион"), "municipality": _("муниципалитет")}


def describe_methodology(definition: dict[str, Any]) -> list[tuple[str, str]]:
    """A methodology's choices in words, for pages and reports: (what, the choice) pairs.

    Codes of the definition (``c_scale``, ``parents_higher_ed``, ``math``) never reach a page: each
    is replaced by its title; an unknown code is kept so that nothing is silently hidden."""
    from schools.formats import format_number

    factors = dict(CONTEXT_FACTORS)
    outcome = definition.get("outcome", {})
    thresholds = definition.get("thresholds", {})
    grouping = definition.get("grouping", {})
    stability = definition.get("stability", {})
    subjects = dict(Subject.objects.filter(code__in=outcome.get("subjects", [])).values_list("code", "name"))
    rows = [
        (
            _("Совокупность школ"),
            str(POPULATION_TITLES.get(definition.get("population"), definition.get("population", ""))),
        ),
        (
            _("Результат"),
            _("%(procedure)s, %(grade)s класс: %(subjects)s")
            % {
                "procedure": outcome.get("procedure", ""),
                "grade": outcome.get("grade", ""),
                "subjects": ", ".join(subjects.get(c, c) for c in outcome.get("subjects", [])),
            },
        ),
        (_("Факторы ИСБШ"), "; ".join(str(factors.get(f, f)) for f in definition.get("factors", []))),
        (
            _("Веса регрессии"),
            str(
                WEIGHT_TITLES.get(
                    definition.get("regression", {}).get("weights"), definition.get("regression", {}).get("weights", "")
                )
            ),
        ),
        (_("Группировка"), str(GROUPING_TITLES.get(grouping.get("method"), grouping.get("method", "")))),
        (
            _("Пороги категорий"),
            _("неблагоприятные условия: группа ИСБШ ≤ %(w)s; низкие результаты: группа качества ≤ %(q)s")
            % {"w": thresholds.get("unfavourable_max_wellbeing_group"), "q": thresholds.get("low_quality_max_group")},
        ),
    ]
    if outcome.get("min_participants") is not None:
        rows.append((_("Наименьшее число участников"), str(outcome["min_participants"])))
    confidence = definition.get("significance", {}).get("confidence")
    if confidence is not None:
        rows.append((_("Доверительная вероятность"), format_number(confidence, 3)))
    if stability:
        rows.append(
            (
                _("Устойчиво низкие результаты"),
                _("не менее %(low)s из %(years)s последних лет")
                % {"low": stability.get("min_low_years"), "years": stability.get("years")},
            )
        )
    return rows
