"""Results of a campaign: per question, for the whole campaign, a municipality or a school.

Small groups are suppressed: a selection with fewer than ``MIN_GROUP`` answers shows nothing of
the answers (only that there are too few), so nobody in a small class or a small staff can be
recognised. Answers are streamed from the database in chunks and counted as they come, so a
region's hundred thousand questionnaires never sit in memory at once (bench/surveys.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count

from schools.models import School

from ..models import Campaign, Question, Response

MIN_GROUP = 5
CHUNK = 2000


@dataclass
class Tally:
    """The counts of one answer name (a question, or one statement of a matrix)."""

    answered: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    total: Decimal = Decimal(0)
    texts: list[str] = field(default_factory=list)


@dataclass
class QuestionResult:
    question: Question
    answered: int
    # (label, count, share of those who answered, %) for choices and scales
    distribution: list[tuple[str, int, float]] = field(default_factory=list)
    # matrix: (statement, [(label, count, share)])
    matrix: list[tuple[str, list[tuple[str, int, float]]]] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    responses: int
    suppressed: bool
    questions: list[QuestionResult]


def tally(questions: Sequence[Question], answers: Iterable[dict[str, Any]]) -> tuple[int, dict[str, Tally]]:
    """(number of questionnaires, answer name → Tally) over a stream of answer dicts."""
    tallies: dict[str, Tally] = {}
    plan: list[tuple[str, str]] = []  # (answer name, kind)
    for q in questions:
        for name in q.answer_names:
            tallies[name] = Tally()
            plan.append((name, q.kind))
    n = 0
    for answer in answers:
        n += 1
        for name, kind in plan:
            value = answer.get(name)
            if value is None:
                continue
            t = tallies[name]
            t.answered += 1
            if kind == "multiple":
                t.counts.update(str(v) for v in value)
            elif kind in {"text", "long_text"}:
                t.texts.append(str(value))
            elif kind == "number":
                t.total += Decimal(str(value))
            else:
                t.counts[str(value)] += 1
                if kind == "scale":
                    t.total += int(value)
    return n, tallies


def _distribution(options: list[tuple[str, str]], t: Tally) -> list[tuple[str, int, float]]:
    return [
        (label, t.counts[value], 100.0 * t.counts[value] / t.answered if t.answered else 0.0)
        for value, label in options
    ]


def _options(q: Question) -> list[tuple[str, str]]:
    if q.kind == Question.Kind.SCALE:
        return [(str(v), str(v)) for v in range((q.scale_min or 0), (q.scale_max or 0) + 1)]
    return [(str(c["value"]), str(c["label"])) for c in q.choices]


def campaign_results(*, campaign: Campaign, school_ids: Sequence[int] | None = None) -> Results:
    """The campaign's results for its schools in ``school_ids`` (all when None)."""
    questions = list(campaign.questionnaire.questions.order_by("order"))
    qs = Response.objects.filter(campaign=campaign)
    if school_ids is not None:
        qs = qs.filter(school_id__in=list(school_ids))
    total = qs.count()
    if total < MIN_GROUP:
        return Results(responses=total, suppressed=True, questions=[])
    n, tallies = tally(questions, qs.values_list("answers", flat=True).iterator(chunk_size=CHUNK))
    return Results(
        responses=n, suppressed=False, questions=[_result(q, tallies) for q in questions if q.kind != "note"]
    )


def _result(q: Question, tallies: dict[str, Tally]) -> QuestionResult:
    if q.kind == Question.Kind.MATRIX:
        options = _options(q)
        matrix = [(s["label"], _distribution(options, tallies[s["name"]])) for s in q.statements]
        answered = max((tallies[s["name"]].answered for s in q.statements), default=0)
        return QuestionResult(question=q, answered=answered, matrix=matrix)
    t = tallies[q.name]
    result = QuestionResult(question=q, answered=t.answered)
    if q.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.SCALE}:
        result.distribution = _distribution(_options(q), t)
    if q.kind in {Question.Kind.SCALE, Question.Kind.NUMBER} and t.answered:
        result.mean = float(t.total / t.answered)
    if q.kind in {Question.Kind.TEXT, Question.Kind.LONG_TEXT}:
        # Sorted, not in arrival order: the order of answers must not hint at who wrote which.
        result.texts = sorted(t.texts, key=str.casefold)
    return result


def responses_by_school(campaign: Campaign) -> dict[int, int]:
    return dict(
        Response.objects.filter(campaign=campaign)
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )


def campaign_schools(campaign: Campaign) -> list[School]:
    return list(
        School.objects.filter(pk__in=campaign.schools.values("school_id"))
        .select_related("municipality")
        .order_by("short_name")
    )
