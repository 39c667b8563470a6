"""Benchmark: an index run for 40,000 schools end to end — load from the database, the numerical
core, store (bulk writes) — with the time of each phase and the peak memory.

    .venv/bin/python bench/indices_run.py [--schools 40000]

With DATABASE_URL (PostgreSQL, migrated) the generated data lives in one transaction that is
rolled back at the end; without it a fresh SQLite file under /tmp is used. Prints one figure per
line, with the ratio to the targets (run ≤ 15 s, core ≤ 0.5 s).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(tmpdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    own = not os.environ.get("DATABASE_URL")
    if own:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    if own:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False, skip_checks=True)


def generate(n: int, year: int):
    """n schools in one region with context and ОГЭ results that depend on the context."""
    from indices.models import AssessmentResult, Procedure, Subject
    from schools.models import Municipality, Region, School, SchoolContext

    rng = random.Random(7)
    region = Region.objects.create(code="B1", name="Регион для замера")
    municipalities = Municipality.objects.bulk_create(
        [Municipality(region=region, code=f"b{i}", name=f"Муниципалитет {i}") for i in range(60)]
    )
    schools = School.objects.bulk_create(
        [
            School(
                region=region,
                municipality=municipalities[i % 60],
                code=f"B{i:06d}",
                name=f"Школа {i}",
                short_name=f"Школа {i}",
            )
            for i in range(n)
        ],
        batch_size=5000,
    )
    subjects = {s.code: s for s in Subject.objects.filter(code__in=["math", "russian"])}
    contexts, results = [], []
    for school in schools:
        total = rng.randint(80, 1200)
        higher, single, reg = rng.uniform(0.05, 0.6), rng.uniform(0.05, 0.35), rng.uniform(0, 0.05)
        contexts.append(
            SchoolContext(
                school=school,
                year=year,
                total=total,
                parents_higher_ed=round(total * higher),
                single_parent=round(total * single),
                on_register=round(total * reg),
            )
        )
        q = 0.8 + 0.7 * higher - 0.5 * single - 2 * reg + rng.gauss(0, 0.08)
        for code, base in (("math", 15), ("russian", 25)):
            results.append(
                AssessmentResult(
                    school=school,
                    year=year,
                    procedure=Procedure.OGE,
                    grade=9,
                    subject=subjects[code],
                    participants=rng.randint(5, 120),
                    mean_score=round(max(base * q, 1), 2),
                    sd=round(rng.uniform(3, 7), 2),
                )
            )
    SchoolContext.objects.bulk_create(contexts, batch_size=5000)
    AssessmentResult.objects.bulk_create(results, batch_size=5000)
    return region


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=40000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        from django.db import transaction

        from indices.models import Methodology, Run
        from indices.services import run_create, run_execute

        class Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                started = time.perf_counter()
                region = generate(args.schools, 2025)
                print(f"indices_bench_generate_s {time.perf_counter() - started:.2f}")
                methodology = Methodology.objects.get(slug="default", is_current=True)
                started = time.perf_counter()
                run = run_execute(run_id=run_create(methodology=methodology, year=2025, region=region).pk)
                total = time.perf_counter() - started
                if run.status != Run.Status.DONE:
                    print(f"indices_run_failed {run.error}")
                timing = run.summary.get("timing", {})
                n = args.schools
                print(f"indices_run_{n}_schools_total_s {total:.2f} ratio_to_limit {total / 15:.2f}")
                for phase in ("load_s", "compute_s", "store_s"):
                    print(f"indices_run_{n}_{phase} {timing.get(phase, float('nan')):.3f}")
                print(f"indices_core_ratio_to_limit {timing.get('compute_s', float('nan')) / 0.5:.2f}")
                peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"indices_run_peak_memory_mb {peak_mb:.0f} ratio_to_limit {peak_mb / 1024:.2f}")
                raise Rollback
        except Rollback:
            pass


if __name__ == "__main__":
    main()
