"""Index computation runs: create (freeze the methodology), execute (load → core → store), pilot flags.

A run is never half-written: the per-school rows and the summary are stored in one transaction;
any failure leaves the run "failed" with a Russian reason and no per-school rows."""

from __future__ import annotations

import logging
import math
import time
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schools.models import Municipality, Region, School

from . import stats
from .loading import RunInputs, load_inputs, population
from .methodology import methodology_validate, min_schools
from .models import Methodology, PilotSite, Run, SchoolResult

if TYPE_CHECKING:
    from schools.models import User

logger = logging.getLogger(__name__)
STORE_BATCH = 2000
REASONS = {
    "no_results": "нет результатов по всем предметам методики",
    "too_few_participants": "меньше минимального числа участников",
    "no_subject_mean": "нет среднего по предмету",
    "no_factors": "нет контекстных данных по факторам методики",
}


def run_create(
    *,
    methodology: Methodology,
    year: int,
    region: Region,
    municipality: Municipality | None = None,
    user: User | None = None,
) -> Run:
    definition = methodology_validate(methodology.definition)
    if municipality is not None and municipality.region_id != region.pk:
        raise ValidationError("Муниципалитет не относится к выбранному региону.")
    return Run.objects.create(
        methodology=methodology,
        methodology_frozen=definition,
        year=year,
        region=region,
        municipality=municipality,
        created_by=user,
    )


def _schools_word(n: int) -> str:
    n10, n100 = n % 10, n % 100
    if n10 == 1 and n100 != 11:
        return "школа"
    if 2 <= n10 <= 4 and not 12 <= n100 <= 14:
        return "школы"
    return "школ"


def _progress(run: Run, value: int, status: str | None = None) -> None:
    fields: dict[str, int | str] = {"progress": value}
    if status:
        fields["status"] = status
    Run.objects.filter(pk=run.pk).update(**fields)


def _f(value) -> float | None:
    value = float(value)
    return None if math.isnan(value) else value


def _summary(result: stats.IndexRun, inputs: RunInputs, definition: dict) -> dict:
    reg, q, qg, wg = result.regression, result.quality, result.quality_grouping, result.wellbeing_grouping
    names = ["(свободный член)", *definition["factors"]]
    categories, counts = np.unique(result.category, return_counts=True)
    return {
        "n_schools": int(inputs.school_ids.size),
        "subjects": definition["outcome"]["subjects"],
        "subject_means": [_f(v) for v in q.subject_means],
        "subject_counts": [int(v) for v in q.subject_counts],
        "regression": {
            "names": names,
            "coef": [_f(v) for v in reg.coef],
            "se": [_f(v) for v in reg.se],
            "r2": _f(reg.r2),
            "n": int(reg.n),
        },
        "quality_groups": {
            "boundaries": [_f(v) for v in qg.boundaries],
            "counts": [int(v) for v in qg.counts],
            "mean": _f(qg.mean),
            "sd": _f(qg.sd),
        },
        "wellbeing_groups": {
            "boundaries": [_f(v) for v in wg.boundaries],
            "counts": [int(v) for v in wg.counts],
            "mean": _f(wg.mean),
            "sd": _f(wg.sd),
        },
        "categories": {str(c): int(k) for c, k in zip(categories, counts, strict=True)},
    }


def _rows(run: Run, result: stats.IndexRun, inputs: RunInputs, definition: dict) -> list[SchoolResult]:
    cols = result.columns()
    subjects = definition["outcome"]["subjects"]
    ratios = result.quality.ratios
    rows = []
    for i, school_id in enumerate(inputs.school_ids.tolist()):
        # The loop only packs already computed values into model rows for bulk_create.
        reason_code = str(result.quality.missing_reason[i]) or str(result.wellbeing_reason[i])
        sig = cols["significantly_below"][i]
        rows.append(
            SchoolResult(
                run=run,
                school_id=school_id,
                quality_index=_f(cols["quality_index"][i]),
                quality_se=_f(cols["quality_se"][i]),
                significantly_below=None if math.isnan(sig) else bool(sig),
                quality_group=int(cols["quality_group"][i]) or None,
                wellbeing_index=_f(cols["wellbeing_index"][i]),
                wellbeing_group=int(cols["wellbeing_group"][i]) or None,
                residual=_f(cols["residual"][i]),
                category=str(cols["category"][i]),
                pilot=bool(inputs.pilot[i]),
                stably_low=bool(cols["stably_low"][i]),
                missing_reason=REASONS.get(reason_code, reason_code),
                detail={
                    "ratios": {s: _f(ratios[i, e]) for e, s in enumerate(subjects)},
                    "scores": {s: _f(inputs.scores[i, e]) for e, s in enumerate(subjects)},
                    "participants": {s: _f(inputs.participants[i, e]) for e, s in enumerate(subjects)},
                    "factors": {f: _f(inputs.factors[i, k]) for k, f in enumerate(definition["factors"])},
                    "z_quality": _f(result.quality_grouping.z[i]),
                    "z_wellbeing": _f(result.wellbeing_grouping.z[i]),
                },
            )
        )
    return rows


def run_execute(*, run_id: int) -> Run:
    """Runs in a Celery worker (or inline with the embedded default). Idempotent: a run that is
    already done is returned as it is, so a redelivered task does no harm."""
    run = Run.objects.select_related("methodology").get(pk=run_id)
    if run.status == Run.Status.DONE:
        return run
    definition = run.methodology_frozen
    _progress(run, 5, Run.Status.RUNNING)
    clock = time.perf_counter()
    timing: dict[str, float] = {}
    try:
        inputs = load_inputs(run=run, definition=definition)
        timing["load_s"], clock = time.perf_counter() - clock, time.perf_counter()
        _progress(run, 35)
        result = stats.compute(
            scores=inputs.scores,
            participants=inputs.participants,
            sds=inputs.sds,
            factors=inputs.factors,
            methodology=definition,
            previous_low=inputs.previous_low,
        )
        timing["compute_s"], clock = time.perf_counter() - clock, time.perf_counter()
        _progress(run, 65)
        rows = _rows(run, result, inputs, definition)
        summary = _summary(result, inputs, definition)
        with transaction.atomic():
            SchoolResult.objects.filter(run=run).delete()  # a retried run starts clean
            SchoolResult.objects.bulk_create(rows, batch_size=STORE_BATCH)
            timing["store_s"] = time.perf_counter() - clock
            summary["timing"] = {k: round(v, 3) for k, v in timing.items()}
            Run.objects.filter(pk=run.pk).update(
                status=Run.Status.DONE,
                progress=100,
                error="",
                input_fingerprint=result.fingerprint,
                summary=summary,
                finished_at=timezone.now(),
            )
    except (stats.IndicesError, ValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        Run.objects.filter(pk=run.pk).update(status=Run.Status.FAILED, error=message, finished_at=timezone.now())
    except Exception:
        logger.exception("index run %s failed", run.pk)
        Run.objects.filter(pk=run.pk).update(
            status=Run.Status.FAILED,
            finished_at=timezone.now(),
            error="Внутренняя ошибка расчёта; администратор получил сообщение. Повторите позже.",
        )
        raise
    run.refresh_from_db()
    return run


def population_problem(*, methodology: Methodology, region: Region, municipality: Municipality | None) -> str | None:
    """Why the population cannot be computed by the methodology, before any run is made: fewer
    schools than its regression needs (a municipality of three schools: its region is the
    population to choose)."""
    definition = methodology.definition
    needed = min_schools(definition)
    size = population(region_id=region.pk, municipality_id=municipality.pk if municipality else None).count()
    if size >= needed:
        return None
    where = f"муниципалитете «{municipality.name}»" if municipality else f"регионе «{region.name}»"
    hint = " Выберите совокупность «Весь регион»." if municipality else ""
    return (
        f"В {where} {size} {_schools_word(size)}, а методике «{methodology.name}» нужно не меньше "
        f"{needed}: регрессия ИСБШ по {len(definition['factors'])} факторам.{hint}"
    )


def run_request(
    *,
    methodology: Methodology,
    year: int,
    region: Region,
    municipality: Municipality | None = None,
    user: User | None = None,
) -> Run:
    """A run asked for on the page: refused (ValidationError, nothing created or queued) when the
    population is too small, else created and started. With the embedded default the task runs at
    once, so the run returned may already be done or failed — the caller says which."""
    problem = population_problem(methodology=methodology, region=region, municipality=municipality)
    if problem:
        raise ValidationError(problem)
    run = run_create(methodology=methodology, year=year, region=region, municipality=municipality, user=user)
    run_start(run=run)
    run.refresh_from_db()
    return run


def run_start(*, run: Run) -> None:
    """Queues the computation after the transaction that created the run commits."""
    from .tasks import compute_run

    transaction.on_commit(lambda: compute_run.delay(run.pk))


def pilot_set(*, school: School, year: int, pilot: bool, user: User, note: str = "") -> None:
    if pilot:
        PilotSite.objects.update_or_create(school=school, year=year, defaults={"set_by": user, "note": note})
    else:
        PilotSite.objects.filter(school=school, year=year).delete()
