"""The indices' part of `manage.py demo_scale`: ОГЭ results (grade 9, mathematics and Russian)
for every school and year, drawn from the context with a known signal, and the regional runs.

The designed relationship (close to bench/indices_run.py's): more parents with higher education
raise the quality index, more single-parent families and students on a register lower it, plus a
school effect and yearly noise. A run on the data must find those signs, significantly — the test
of the generator checks it. НОШ have no grade 9 and therefore no results, as in life."""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext_lazy as _

from schools.models import Region, School
from schools.scale.bulk import insert_rows
from schools.scale.context import ScaleContext

from .models import AssessmentResult, Methodology, Procedure, Run, Subject
from .services import run_create, run_execute

# quality = INTERCEPT + Σ effect × share + school effect + yearly noise
INTERCEPT = 0.8
EFFECTS = {"parents_higher_ed": 0.7, "single_parent": -0.8, "on_register": -6.0}
SUBJECTS = {"math": (15.0, 31), "russian": (25.0, 33)}  # code → (mean at quality 1, maximum)


def _quality(context: ScaleContext, rng: np.random.Generator) -> np.ndarray:
    n, y = context.totals.shape
    quality = np.full((n, y), INTERCEPT)
    for key, effect in EFFECTS.items():
        share = context.shares[key]
        # An unreported factor is still a fact of the school: its typical share stands in for it.
        quality += effect * np.where(np.isnan(share), np.nanmean(share), share)
    return quality + rng.normal(0.0, 0.06, (n, 1)) + rng.normal(0.0, 0.03, (n, y))


def _results(context: ScaleContext) -> int:
    rng = context.rng("indices.results")
    n, y = context.totals.shape
    quality = _quality(context, rng)
    subjects = dict(Subject.objects.filter(code__in=SUBJECTS).values_list("code", "pk"))
    participants = np.maximum(1, np.round(context.totals / 11 * rng.uniform(0.8, 1.1, (n, y)))).astype(np.int64)
    low = np.clip(0.30 - 0.25 * (quality - 0.8), 0.0, 0.4) * 20
    share_5 = np.clip(0.3 * quality - 0.15, 0.05, None) * 100
    share_4 = np.minimum(35.0, 100 - low - share_5 - 20)
    share_3 = 100 - low - share_4 - share_5
    draws = {}
    for code, (base, maximum) in SUBJECTS.items():
        sd = rng.uniform(3.5, 6.0, (n, y))
        mean = base * quality + rng.normal(0.0, 1.0, (n, y)) * sd / np.sqrt(participants)
        draws[code] = (np.clip(mean, 0.5, maximum * 0.97), sd)
    ids, years = context.school_ids.tolist(), context.years
    grade_9 = _grade_9(context)

    def rows():
        for i in range(n):
            if not grade_9[i]:
                continue
            for j, year in enumerate(years):
                for code, (mean, sd) in draws.items():
                    yield (
                        ids[i],
                        year,
                        Procedure.OGE.value,
                        9,
                        subjects[code],
                        int(participants[i, j]),
                        f"{mean[i, j]:.2f}",
                        f"{sd[i, j]:.2f}",
                        f"{low[i, j]:.1f}",
                        f"{share_3[i, j]:.1f}",
                        f"{share_4[i, j]:.1f}",
                        f"{share_5[i, j]:.1f}",
                    )

    columns = ["school_id", "year", "procedure", "grade", "subject_id", "participants", "mean_score", "sd",
               "share_2", "share_3", "share_4", "share_5"]  # fmt: skip
    insert_rows(AssessmentResult, columns, rows())
    return int(grade_9.sum()) * y * len(SUBJECTS)


def _grade_9(context: ScaleContext) -> np.ndarray:
    return np.array([kind != School.Type.NOSH for kind in context.school_types])


def _runs(context: ScaleContext) -> int:
    """Every region, every year, oldest first: the stability of «устойчиво низкие» reads the
    previous years' runs."""
    methodology = Methodology.objects.get(slug="default", is_current=True)
    regions = Region.objects.in_bulk(context.region_ids.tolist())
    done = 0
    for year in context.years:
        for pk in context.region_ids.tolist():
            run = run_execute(run_id=run_create(methodology=methodology, year=year, region=regions[pk]).pk)
            done += run.status == Run.Status.DONE
    return done


def load_scale(context: ScaleContext) -> str:
    with context.timed("indices_results_s"):
        results = _results(context)
    with context.timed("indices_runs_s"):
        runs = _runs(context)
    context.counts.update(assessment_results=results, index_runs=runs)
    return f"результатов ОГЭ: {results}, расчётов индексов: {runs}"


class ScaleData:
    """The indices' part of ``manage.py demo_scale`` (schools.extensions.ScaleLoader): ОГЭ results
    for every school and year, and the regional runs."""

    key = "indices"
    label = _("Индексы")
    order = 10

    def load(self, context: ScaleContext) -> str:
        return load_scale(context)


SCALE = ScaleData()
