"""Benchmark: the big reports, against the `demo_scale` data.

    DATABASE_URL=postgres://… .venv/bin/python bench/reports.py

    report_identification_pdf_s    the «Идентификация школ» report (PDF) of the latest run of the
                                   capital region (about 1,500 schools): generate + render ≤ 30 s
    report_identification_xlsx_s   the same report as XLSX
    export_results_xlsx_<n>_s      the run export (indices/exports.py, XLSX) of every school of
                                   the country — the latest run of each region, ≈ 40,000 rows — ≤ 30 s

Reports are built as the operator builds them (``manage.py report``: no requester, everything
visible), in this process, so the time is the server's own; then the peak memory (≤ 1 GB).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import MEMORY_LIMIT_MB, figure, peak_mb, setup_django  # noqa: E402

LIMIT_S = 30


def main() -> None:
    setup_django()
    from django.db.models import Count

    from indices.exports import export_xlsx
    from indices.models import Run, SchoolResult
    from reporting.registry import get_kind

    latest = (
        Run.objects.filter(status=Run.Status.DONE, municipality=None)
        .order_by("-year")
        .values_list("year", flat=True)[0]
    )
    runs = Run.objects.filter(status=Run.Status.DONE, municipality=None, year=latest)
    biggest = runs.annotate(n=Count("results")).order_by("-n", "pk").first()
    kind = get_kind("identification")
    for fmt in ("pdf", "xlsx"):
        start = time.perf_counter()
        run = kind.load(biggest.pk)
        document = kind.generate(run, params={}, user=None, progress=lambda _percent: None)
        body = kind.renderers[fmt](document)
        elapsed = time.perf_counter() - start
        figure(f"report_identification_{fmt}_s", elapsed, limit=LIMIT_S, extra=f"schools {biggest.n} bytes {len(body)}")

    results = SchoolResult.objects.filter(run__in=runs)
    n = results.count()
    start = time.perf_counter()
    body = export_xlsx(biggest, results)
    figure(f"export_results_xlsx_{n}_s", time.perf_counter() - start, limit=LIMIT_S, extra=f"bytes {len(body)}")
    figure("reports_peak_memory_mb", peak_mb(), limit=MEMORY_LIMIT_MB)


if __name__ == "__main__":
    main()
