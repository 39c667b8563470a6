"""Benchmark: importing a large «Контекст» file.

    .venv/bin/python bench/import_context.py [--rows 10000]

Creates its own throwaway data: with no DATABASE_URL in the environment it migrates a fresh
SQLite file under /tmp; with DATABASE_URL (PostgreSQL) everything happens inside one transaction
that is rolled back at the end. Prints one figure per line:

    openpyxl_read_floor_s      openpyxl alone reading the file (read_only): the floor
    context_preview_s          the full validation without writing (the web preview)
    context_import_s           the full import, all rows new (with history)
    context_import_rows_per_s
    import_to_floor_ratio      context_import_s / openpyxl_read_floor_s
    context_reimport_unchanged_rows_per_s   the same file again: every row unchanged
    context_import_queries     queries of the full import
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEARS = (2020, 2021, 2022, 2023, 2024)


def _setup_django(tmpdir: Path) -> bool:
    """Returns True when the benchmark owns a fresh SQLite database."""
    sys.path.insert(0, str(ROOT))
    own_database = not os.environ.get("DATABASE_URL")
    if own_database:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["MEDIA_ROOT"] = str(tmpdir / "media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    if own_database:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    return own_database


def _write_file(path: Path, codes: list[str], rows: int) -> None:
    from openpyxl import Workbook

    from schools.models import CONTEXT_FACTORS

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Контекст")
    ws.append(
        [
            "Код ОО",
            "Наименование ОО",
            "Учебный год",
            "Обучающихся всего",
            *[title for _key, title in CONTEXT_FACTORS],
        ]
    )
    for i in range(rows):
        code = codes[i // len(YEARS)]
        year = YEARS[i % len(YEARS)]
        total = 300 + i % 700
        # real files: numbers as text now and then, an unknown factor now and then
        factors = [(total * (k + 1)) // 40 for k in range(len(CONTEXT_FACTORS))]
        if i % 7 == 0:
            factors[3] = None
        ws.append(
            [
                code,
                f"МБОУ СОШ {code}",
                f"{year - 1}/{year}",
                f"{total:,}".replace(",", " ") if i % 5 == 0 else total,
                *factors,
            ]
        )
    workbook.save(path)


def _floor(path: Path) -> float:
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - start


def run(rows: int) -> dict[str, float]:
    tmpdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        _setup_django(tmpdir)
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from schools.imports.services import import_apply, import_preview
        from schools.models import Municipality, Region, School

        figures: dict[str, float] = {"context_rows": rows}
        with transaction.atomic():
            region = Region.objects.create(code="bench", name="Область для замеров")
            municipality = Municipality.objects.create(region=region, code="bench", name="Замерград")
            count = -(-rows // len(YEARS))
            School.objects.bulk_create(
                School(
                    region=region,
                    municipality=municipality,
                    code=f"B{i:06d}",
                    name=f"МБОУ СОШ № {i}",
                    short_name=f"СОШ № {i}",
                )
                for i in range(count)
            )
            codes = [f"B{i:06d}" for i in range(count)]
            path = tmpdir / "context.xlsx"
            _write_file(path, codes, rows)

            figures["openpyxl_read_floor_s"] = min(_floor(path) for _ in range(2))

            start = time.perf_counter()
            preview = import_preview(kind="context", file=path, user=None)
            figures["context_preview_s"] = time.perf_counter() - start
            assert not preview.problems, preview.problems[:3]

            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                outcome = import_apply(kind="context", file=path, user=None)
                elapsed = time.perf_counter() - start
            assert outcome.applied and outcome.new == rows, outcome.problems[:3]
            figures["context_import_s"] = elapsed
            figures["context_import_rows_per_s"] = rows / elapsed
            figures["import_to_floor_ratio"] = elapsed / figures["openpyxl_read_floor_s"]
            figures["context_import_queries"] = len(queries)

            start = time.perf_counter()
            again = import_apply(kind="context", file=path, user=None)
            figures["context_reimport_unchanged_rows_per_s"] = rows / (time.perf_counter() - start)
            assert again.unchanged == rows
            # Leave nothing behind, whatever the database.
            transaction.set_rollback(True)
        return figures
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    for name, value in run(args.rows).items():
        print(f"{name} {value:.0f}" if float(value).is_integer() else f"{name} {value:.2f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"context_import_peak_memory_mb {peak_mb:.0f} ratio_to_limit {peak_mb / 1024:.2f}")


if __name__ == "__main__":
    main()
