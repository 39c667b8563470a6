"""Benchmark: the risk-of-low-results computation and the municipality's results pages at national
scale, against the `demo_scale` data.

    DATABASE_URL=postgres://… .venv/bin/python bench/results.py [--repeat 5]

`demo_scale` writes two assessments a school and year (ОГЭ, grade 9, mathematics and Russian); this
script first adds eight more by COPY (ВПР, grades 5–8, mathematics and Russian, with a share of «2»
drawn so that about one assessment in sixteen is low), so that every school with grade 9 has ten
assessments a year — 40,000 schools × 3 years × 10 (once: a second run finds them). Then:

    risk_region_s     the risk group of the biggest region in all three years (`school_risk`)
    risk_country_s    the risk group of every school of the country in the last year, region by
                      region (the rule looks back a year)
    page_results_…    /indices/results/municipality/{id}/ (the first assessment of the last year)
    page_risk_…       /indices/risk/municipality/{id}/ (the year, the year before and the chart of
                      every year)

each page for a small district and the big city, as its committee, through Django's test Client
(median of --repeat after a warm-up), with its query count, which must not grow with the schools.

Targets: the region ≤ 5 s, the country ≤ 30 s, a page ≤ 1 s (1,000 ms); peak memory ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import MEMORY_LIMIT_MB, figure, peak_mb, setup_django  # noqa: E402

REGION_LIMIT_S = 5
COUNTRY_LIMIT_S = 30
PAGE_LIMIT_MS = 1000
GRADES = (5, 6, 7, 8)
SUBJECTS = ("math", "russian")


def _add_assessments() -> int:
    """Eight ВПР assessments per school and year with ОГЭ results; none if already added."""
    import numpy as np
    from django.db import transaction

    from indices.models import AssessmentResult, Procedure, Subject
    from schools.scale.bulk import insert_rows

    if AssessmentResult.objects.filter(procedure=Procedure.VPR.value).exists():
        return 0
    pairs = list(
        AssessmentResult.objects.filter(procedure=Procedure.OGE.value)
        .values_list("school_id", "year", "participants")
        .distinct("school_id", "year")
        .order_by("school_id", "year")
    )
    subjects = dict(Subject.objects.filter(code__in=SUBJECTS).values_list("code", "pk"))
    rng = np.random.default_rng(2026)
    n = len(pairs) * len(GRADES) * len(SUBJECTS)
    # Beta(1.5, 10) × 100: mean ≈ 13 % of «2», about 6 % of assessments at 30 % or more — about a
    # tenth of the schools in the risk group, as the federal lists have.
    share_2 = np.round(rng.beta(1.5, 10.0, n) * 100, 1)
    rest = 100 - share_2
    share_5 = np.round(rest * rng.uniform(0.1, 0.3, n), 1)
    share_4 = np.round(rest * rng.uniform(0.3, 0.4, n), 1)
    share_3 = np.round(100 - share_2 - share_4 - share_5, 1)

    def rows():
        k = 0
        for school_id, year, participants in pairs:
            for grade in GRADES:
                for code in SUBJECTS:
                    yield (
                        school_id,
                        year,
                        Procedure.VPR.value,
                        grade,
                        subjects[code],
                        participants,
                        f"{share_2[k]:.1f}",
                        f"{share_3[k]:.1f}",
                        f"{share_4[k]:.1f}",
                        f"{share_5[k]:.1f}",
                    )
                    k += 1

    columns = ["school_id", "year", "procedure", "grade", "subject_id", "participants",
               "share_2", "share_3", "share_4", "share_5"]  # fmt: skip
    with transaction.atomic():
        insert_rows(AssessmentResult, columns, rows())
    return n


def _measure(client, url: str, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url}: {response.status_code}")
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from indices.analysis.selectors.risk import school_risk
    from indices.models import AssessmentResult
    from schools.models import Municipality, Region, User
    from schools.scale.generate import USERNAMES

    start = time.perf_counter()
    added = _add_assessments()
    figure("results_added_assessments", added, extra=f"in {time.perf_counter() - start:.1f} s")
    figure("results_assessments_total", AssessmentResult.objects.count())
    years = sorted(AssessmentResult.objects.values_list("year", flat=True).distinct())
    last = years[-1]

    regions = list(Region.objects.annotate(n=Count("schools")).order_by("-n", "pk").values_list("pk", "n"))
    biggest, size = regions[0]
    start = time.perf_counter()
    table = school_risk(years=years, region_id=biggest)
    figure("risk_region_s", time.perf_counter() - start, limit=REGION_LIMIT_S, extra=f"schools {size}")
    figure("risk_region_rows", len(table.rows))

    start = time.perf_counter()
    in_group = counted = 0
    for region_id, _n in regions:
        rows = school_risk(years=[last], region_id=region_id, lines="none").rows
        counted += len(rows)
        in_group += sum(1 for r in rows if r.risk_group)
    figure("risk_country_s", time.perf_counter() - start, limit=COUNTRY_LIMIT_S, extra=f"schools {counted}")
    figure("risk_country_in_group", in_group)

    setup_test_environment()  # the test Client's template capture, ALLOWED_HOSTS
    committee = User.objects.get(username=USERNAMES["committee"])
    city = Municipality.objects.get(pk=committee.memberships.get().municipality_id)
    small = (
        Municipality.objects.filter(region=city.region_id)
        .exclude(pk=city.pk)
        .annotate(n=Count("schools"))
        .filter(n__gte=5)
        .order_by("n", "pk")
        .first()
    )
    region_user = User.objects.get(username=USERNAMES["region"])  # sees both municipalities
    client = Client()
    client.force_login(region_user)
    counts: dict[str, dict[str, int]] = {}
    for label, municipality in (("small", small), ("big", city)):
        schools = municipality.schools.count()
        for page in ("results", "risk"):
            url = f"/indices/{page}/municipality/{municipality.pk}/?year={last}"
            ms, queries = _measure(client, url, args.repeat)
            counts.setdefault(page, {})[label] = queries
            figure(f"page_{page}_{label}_ms", ms, limit=PAGE_LIMIT_MS, extra=f"schools {schools}")
            figure(f"page_{page}_{label}_queries", queries)
    for page, by_size in counts.items():
        figure(f"page_{page}_queries_big_minus_small", by_size["big"] - by_size["small"])
    figure("results_peak_memory_mb", peak_mb(), limit=MEMORY_LIMIT_MB)


if __name__ == "__main__":
    main()
