"""Indicators computed from answers, for monitoring (through schools.extensions.INDICATOR_VALUES):
e.g. the share of parents who answered 4 or 5 to «Насколько вы удовлетворены…».

For the academic year ending in ``year``: the answers of every version of the indicator's
questionnaire given between 1 September and 31 August, per school. A school with fewer than
``MIN_GROUP`` answers to the question gets no value (the same small-group rule as the results)."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from schools.years import academic_year_bounds

from ..models import Questionnaire, Response, SurveyIndicator
from .results import CHUNK, MIN_GROUP

QUANTUM = Decimal("0.0001")


def _hit(value: object, accepted: set[str]) -> bool:
    if isinstance(value, list):
        return any(str(v) in accepted for v in value)
    return str(value) in accepted


def indicator_values(*, indicator_code: str, school_ids: list[int], year: int) -> dict[int, Decimal]:
    definition = SurveyIndicator.objects.filter(code=indicator_code).first()
    if definition is None or not school_ids:
        return {}
    family = definition.family.family_id or definition.family_id
    versions = Questionnaire.objects.filter(Q(pk=family) | Q(family_id=family)).values("pk")
    accepted = {str(v) for v in definition.values}
    answered: dict[int, int] = defaultdict(int)
    hits: dict[int, int] = defaultdict(int)
    rows = Response.objects.filter(
        questionnaire_id__in=versions,
        school_id__in=school_ids,
        submitted_on__range=academic_year_bounds(year),
    ).values_list("school_id", "answers")
    name = definition.question_name
    for school_id, answers in rows.iterator(chunk_size=CHUNK):
        value = answers.get(name)
        if value is None:
            continue
        answered[school_id] += 1
        if _hit(value, accepted):
            hits[school_id] += 1
    out: dict[int, Decimal] = {}
    for school_id, n in answered.items():
        if n < MIN_GROUP:
            continue
        if definition.measure == SurveyIndicator.Measure.SHARE:
            out[school_id] = (Decimal(hits[school_id]) * 100 / n).quantize(QUANTUM, rounding=ROUND_HALF_UP)
        elif definition.measure == SurveyIndicator.Measure.COUNT:
            out[school_id] = Decimal(hits[school_id])
        else:
            out[school_id] = Decimal(n)
    return out
