"""The methodology as the core reads it: defaults of docs/indices.md, validation, normalisation.

The Django layer stores methodologies as JSON; :func:`normalize_methodology` returns a complete
plain-JSON copy (missing optional sections filled from :data:`DEFAULT_METHODOLOGY`) that a run
freezes next to its results. Keys the core does not use (slug, name, population, outcome
procedure/grade) are carried over untouched.

Keys the core reads, beyond the example in docs/indices.md:

* ``outcome.weights`` — ``"none"`` (default: Q is the plain mean of the subject ratios,
  docs/indices.md step 1) or ``"participants"`` (participant-weighted mean);
* ``grouping.method`` — ``c_scale`` | ``quantile`` | ``kmeans`` | ``cutoffs``; with ``cutoffs``
  the list ``grouping.cutoffs`` of z edges (G − 1 increasing numbers; ``groups`` may be omitted).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np

from .errors import MethodologyError
from .grouping import METHODS

DEFAULT_METHODOLOGY: dict[str, Any] = {
    "slug": "default",
    "name": "Методика по умолчанию (индекс качества ОГЭ, ИСБШ по трём факторам)",
    "population": "region",
    "outcome": {
        "procedure": "ОГЭ",
        "grade": 9,
        "subjects": ["math", "russian"],
        "min_participants": 5,
        "weights": "none",
    },
    "factors": ["parents_higher_ed", "single_parent", "on_register"],
    "regression": {"weights": "none"},
    "grouping": {"method": "c_scale", "groups": 11},
    "thresholds": {"low_quality_max_group": 5, "unfavourable_max_wellbeing_group": 4},
    "significance": {"confidence": 0.95},
    "stability": {"years": 3, "min_low_years": 2},
}


def _int(value: Any, where: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise MethodologyError(f"Методика: «{where}» должно быть целым числом, получено {value!r}.")
    if int(value) != value or value < minimum:
        raise MethodologyError(f"Методика: «{where}» должно быть целым ≥ {minimum}, получено {value!r}.")
    return int(value)


def _section(m: Mapping[str, Any], key: str) -> dict[str, Any]:
    given = m.get(key, {})
    if not isinstance(given, Mapping):
        raise MethodologyError(f"Методика: раздел «{key}» должен быть объектом, получено {given!r}.")
    return {**DEFAULT_METHODOLOGY[key], **copy.deepcopy(dict(given))}


def normalize_methodology(methodology: Mapping[str, Any]) -> dict[str, Any]:
    """Validated, complete deep copy of ``methodology`` (raises :class:`MethodologyError`)."""
    if not isinstance(methodology, Mapping):
        raise MethodologyError("Методика должна быть JSON-объектом.")
    m: dict[str, Any] = copy.deepcopy(dict(methodology))
    for key in ("outcome", "regression", "grouping", "thresholds", "significance", "stability"):
        m[key] = _section(methodology, key)

    outcome = m["outcome"]
    subjects = outcome.get("subjects")
    if not isinstance(subjects, list) or not subjects or not all(isinstance(s, str) for s in subjects):
        raise MethodologyError("Методика: «outcome.subjects» — непустой список кодов предметов.")
    if len(set(subjects)) != len(subjects):
        raise MethodologyError("Методика: предметы в «outcome.subjects» повторяются.")
    outcome["min_participants"] = _int(outcome["min_participants"], "outcome.min_participants", 0)
    if outcome["weights"] not in ("none", "participants"):
        raise MethodologyError("Методика: «outcome.weights» — «none» или «participants».")

    factors = m.get("factors", DEFAULT_METHODOLOGY["factors"])
    if not isinstance(factors, list) or not all(isinstance(f, str) for f in factors):
        raise MethodologyError("Методика: «factors» — список кодов факторов контекста.")
    if len(set(factors)) != len(factors):
        raise MethodologyError("Методика: факторы в «factors» повторяются.")
    m["factors"] = list(factors)

    if m["regression"]["weights"] not in ("none", "participants"):
        raise MethodologyError("Методика: «regression.weights» — «none» или «participants».")

    grouping = m["grouping"]
    method = grouping.get("method")
    if method not in METHODS:
        raise MethodologyError(f"Методика: «grouping.method» — одно из {', '.join(METHODS)}, получено {method!r}.")
    if method == "cutoffs":
        cutoffs = grouping.get("cutoffs")
        if not isinstance(cutoffs, list) or not cutoffs:
            raise MethodologyError("Методика: для «cutoffs» нужен список границ «grouping.cutoffs».")
        values = np.asarray(cutoffs, dtype=np.float64)
        if not np.isfinite(values).all() or (np.diff(values) <= 0).any():
            raise MethodologyError("Методика: «grouping.cutoffs» должны строго возрастать.")
        if "groups" in methodology.get("grouping", {}) and grouping["groups"] != len(cutoffs) + 1:
            raise MethodologyError(
                f"Методика: {len(cutoffs)} границ дают {len(cutoffs) + 1} групп, а указано "
                f"«groups» = {grouping['groups']}."
            )
        grouping["groups"] = len(cutoffs) + 1
    groups = _int(grouping["groups"], "grouping.groups", 2)
    if method == "c_scale" and groups % 2 == 0:
        raise MethodologyError("Методика: C-шкала строится на нечётном числе групп.")

    thresholds = m["thresholds"]
    for key in ("low_quality_max_group", "unfavourable_max_wellbeing_group"):
        thresholds[key] = _int(thresholds[key], f"thresholds.{key}", 0)
        if thresholds[key] > groups:
            raise MethodologyError(f"Методика: порог «thresholds.{key}» больше числа групп {groups}.")

    confidence = m["significance"]["confidence"]
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise MethodologyError("Методика: «significance.confidence» — число между 0 и 1.")

    stability = m["stability"]
    stability["years"] = _int(stability["years"], "stability.years", 1)
    stability["min_low_years"] = _int(stability["min_low_years"], "stability.min_low_years", 1)
    if stability["min_low_years"] > stability["years"]:
        raise MethodologyError("Методика: «stability.min_low_years» больше «stability.years».")
    return m
