"""The share below the minimum threshold, the one definition everything reads (pages, exports, the
rule): the stored share when there is one; else, for the procedures graded with marks (ОГЭ, ВПР,
РДР, МДР), the share of «2»; else (ЕГЭ without it) unknown. And the helpers the other readers share.

Selectors in this package take ids and return every school asked for; which of them a user may see
is the caller's business (``schools.access.visible_schools``). References (the municipality's and
the region's means) are always computed over all their schools."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from django.db.models import Case, DecimalField, F, QuerySet, When
from django.db.models.functions import Coalesce

from ...models import AssessmentResult, Procedure

#: The procedures graded with marks: their share of «2» stands in for an empty share below the
#: minimum threshold. ЕГЭ is scored in points (ScoreScale.min_score): no stand-in.
MARK_PROCEDURES = (Procedure.OGE.value, Procedure.VPR.value, Procedure.RDR.value, Procedure.MDR.value)
MARKS = ("share_2", "share_3", "share_4", "share_5")


# --- the share below the minimum threshold ------------------------------------------------------


def effective_share_below_min() -> Coalesce:
    """The share below the minimum threshold as an SQL expression (docs/indices.md, «Риск низких
    результатов»): ``share_below_min``, else ``share_2`` for ОГЭ, ВПР, РДР, МДР, else NULL."""
    return Coalesce(
        F("share_below_min"),
        Case(When(procedure__in=MARK_PROCEDURES, then=F("share_2")), default=None),
        output_field=DecimalField(max_digits=5, decimal_places=2),
    )


def with_effective_share(
    qs: QuerySet[AssessmentResult] | None = None,
) -> QuerySet[Any]:  # annotated: the type checker cannot name the extra field
    """``qs`` (default: every result) with ``effective_share`` annotated."""
    base = AssessmentResult.objects.all() if qs is None else qs
    return base.annotate(effective_share=effective_share_below_min())


def assessment_codes(procedure: Iterable[str], grade: Iterable[int], subject: Iterable[int]) -> np.ndarray:
    """(procedure, grade, subject) as one integer per row, for the numerical core."""
    index = {value: i for i, value in enumerate(Procedure.values)}
    p = np.fromiter((index[v] for v in procedure), dtype=np.int64)
    g = np.fromiter(grade, dtype=np.int64)
    s = np.fromiter(subject, dtype=np.int64)
    return (p * 100 + g) * 10_000_000 + s


Marks = tuple[float | None, float | None, float | None, float | None]


def marks_tuple(values: Iterable[float | None]) -> Marks:
    """The shares of «2»..«5» as the four-tuple the lines carry."""
    two, three, four, five = values
    return (two, three, four, five)


def school_filter(*, region_id: int, municipality_id: int | None, school_ids: Iterable[int] | None, prefix: str):
    filters: dict[str, object] = {f"{prefix}region_id": region_id}
    if municipality_id is not None:
        filters[f"{prefix}municipality_id"] = municipality_id
    if school_ids is not None:
        filters[f"{prefix}pk__in" if not prefix else f"{prefix}id__in"] = list(school_ids)
    return filters


# --- the risk rule --------------------------------------------------------------------------------


# --- results as data ----------------------------------------------------------------------------


# --- the risk group page ---------------------------------------------------------------------------


# --- the results page ------------------------------------------------------------------------------


# --- similar schools -------------------------------------------------------------------------------


# --- the school's «Результаты» tab -----------------------------------------------------------------
