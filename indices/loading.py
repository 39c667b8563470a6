"""From the database to the arrays of the numerical core, and back.

One query per kind of input (results, context, previous runs, pilot flags), whatever the number
of schools; rows are placed into arrays with numpy index arithmetic, not per-school lookups."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from schools.models import School, SchoolContext

from .models import AssessmentResult, PilotSite, Run, SchoolResult


@dataclass(frozen=True)
class RunInputs:
    school_ids: np.ndarray  # (n,) sorted
    scores: np.ndarray  # (n, E)
    participants: np.ndarray  # (n, E)
    sds: np.ndarray  # (n, E)
    factors: np.ndarray  # (n, k) shares
    previous_low: np.ndarray | None  # (y, n) 1/0/nan, oldest first
    pilot: np.ndarray  # (n,) bool


def _positions(school_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    return np.searchsorted(school_ids, ids)


def _in_population(run: Run) -> dict:
    """Filter kwargs for rows of the run's schools, as a join rather than a list of thousands of ids."""
    kwargs = {"school__region_id": run.region_id, "school__is_archived": False}
    if run.municipality_id:
        kwargs["school__municipality_id"] = run.municipality_id
    return kwargs


def population(*, region_id: int, municipality_id: int | None):
    qs = School.objects.filter(region_id=region_id, is_archived=False)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    return qs


def load_inputs(*, run: Run, definition: dict) -> RunInputs:
    schools = list(
        population(region_id=run.region_id, municipality_id=run.municipality_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    school_ids = np.array(schools, dtype=np.int64)
    n = school_ids.size
    outcome = definition["outcome"]
    subjects = outcome["subjects"]
    e = len(subjects)
    scores, participants, sds = (np.full((n, e), np.nan) for _ in range(3))
    rows = list(
        AssessmentResult.objects.filter(
            **_in_population(run),
            year=run.year,
            procedure=outcome["procedure"],
            grade=outcome["grade"],
            subject__code__in=subjects,
        ).values_list("school_id", "subject__code", "participants", "mean_score", "sd")
    )
    if rows:
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        col = np.array([subjects.index(r[1]) for r in rows], dtype=np.int64)
        pos = _positions(school_ids, ids)
        participants[pos, col] = [r[2] for r in rows]
        scores[pos, col] = [np.nan if r[3] is None else float(r[3]) for r in rows]
        sds[pos, col] = [np.nan if r[4] is None else float(r[4]) for r in rows]
    factor_keys = definition["factors"]
    factors = np.full((n, len(factor_keys)), np.nan)
    context = list(
        SchoolContext.objects.filter(**_in_population(run), year=run.year).values_list(
            "school_id", "total", *factor_keys
        )
    )
    if context:
        arr = np.array([[np.nan if v is None else float(v) for v in row] for row in context])
        pos = _positions(school_ids, arr[:, 0].astype(np.int64))
        totals = arr[:, 1:2]
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = np.where(totals > 0, arr[:, 2:] / totals, np.nan)
        factors[pos] = shares
    return RunInputs(
        school_ids=school_ids,
        scores=scores,
        participants=participants,
        sds=sds,
        factors=factors,
        previous_low=_previous_low(run=run, definition=definition, school_ids=school_ids),
        pilot=np.isin(
            school_ids,
            list(PilotSite.objects.filter(**_in_population(run), year=run.year).values_list("school_id", flat=True)),
        ),
    )


def _previous_low(*, run: Run, definition: dict, school_ids: np.ndarray) -> np.ndarray | None:
    """Low-results flags of the latest finished run of each earlier year (same methodology slug and
    population), oldest first: 1 low, 0 not low, nan no result that year."""
    years = definition["stability"]["years"]
    threshold = definition["thresholds"]["low_quality_max_group"]
    earlier = range(run.year - years + 1, run.year)
    flags = []
    for year in earlier:
        previous = (
            Run.objects.filter(
                status=Run.Status.DONE,
                year=year,
                region_id=run.region_id,
                municipality_id=run.municipality_id,
                methodology__slug=run.methodology.slug,
            )
            .order_by("-finished_at", "-pk")
            .first()
        )
        row = np.full(school_ids.size, np.nan)
        if previous is not None:
            results = np.array(
                list(
                    SchoolResult.objects.filter(run=previous, quality_group__isnull=False).values_list(
                        "school_id", "quality_group"
                    )
                ),
                dtype=np.int64,
            ).reshape(-1, 2)
            known = np.isin(results[:, 0], school_ids)
            results = results[known]
            row[_positions(school_ids, results[:, 0])] = (results[:, 1] <= threshold).astype(float)
        flags.append(row)
    return np.vstack(flags) if flags else None
