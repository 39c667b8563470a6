"""Benchmark: server time and query count of the heavy pages, against the `demo_scale` data.

    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py [--repeat 5]

Django's test Client (force_login, no network) as the region staff of the capital region and the
committee of its big city; each page is asked once to warm up, then --repeat times (median).
Every page is measured twice, for a small and a big subject, so that a query count that grows
with the data shows at once:

    school_list      /schools/ filtered by municipality and type, page 2 (a small district, the city)
    municipality_dashboard   /monitoring/dashboard/municipality/{id}/ (a small district, the city)
    program          a program page of 50 measures (of the region's programs, the fewest and the most
                     progress reports)

Target: ≤ 300 ms each and the same query count for small and big. Then the peak memory.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import MEMORY_LIMIT_MB, figure, peak_mb, setup_django  # noqa: E402

LIMIT_MS = 300


def _pages() -> list[tuple[str, str, str, str]]:
    """(name, size label, account, url)"""
    from django.db.models import Count

    from programs.models import Program, ProgressReport
    from schools.models import Municipality, User
    from schools.scale.generate import USERNAMES

    committee = User.objects.get(username=USERNAMES["committee"])
    city = Municipality.objects.get(pk=committee.memberships.get().municipality_id)
    # The small subject runs a program too, as the city does: its dashboard has the same panels.
    others = Municipality.objects.filter(region=city.region_id).exclude(pk=city.pk).annotate(n=Count("schools"))
    small = (
        others.filter(n__gte=5, programs__isnull=False).order_by("n", "pk").first()
        or others.filter(n__gte=5).order_by("n", "pk").first()
    )
    reports = dict(
        ProgressReport.objects.values("occurrence__measure__program")
        .annotate(n=Count("id"))
        .values_list("occurrence__measure__program", "n")
    )
    in_region = Program.objects.filter(municipality__region=city.region_id).values_list("pk", flat=True)
    programs = sorted(in_region, key=lambda pk: (reports.get(pk, 0), pk))
    region = USERNAMES["region"]
    return [
        ("school_list", "small", region, f"/schools/?municipality={small.pk}&type=СОШ&page=1"),
        ("school_list", "big", region, f"/schools/?municipality={city.pk}&type=СОШ&page=2"),
        ("municipality_dashboard", "small", region, f"/monitoring/dashboard/municipality/{small.pk}/"),
        ("municipality_dashboard", "big", region, f"/monitoring/dashboard/municipality/{city.pk}/"),
        ("program", "small", region, f"/programs/{programs[0]}/"),
        ("program", "big", region, f"/programs/{programs[-1]}/"),
    ]


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
    from django.test import Client
    from django.test.utils import setup_test_environment

    from schools.models import User

    setup_test_environment()  # the test Client's template and context capture, ALLOWED_HOSTS
    clients: dict[str, Client] = {}
    counts: dict[str, dict[str, int]] = {}
    for name, size, username, url in _pages():
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        ms, queries = _measure(clients[username], url, args.repeat)
        counts.setdefault(name, {})[size] = queries
        figure(f"page_{name}_{size}_ms", ms, limit=LIMIT_MS)
        figure(f"page_{name}_{size}_queries", queries)
    for name, by_size in counts.items():
        figure(f"page_{name}_queries_big_minus_small", by_size["big"] - by_size["small"])
    figure("pages_peak_memory_mb", peak_mb(), limit=MEMORY_LIMIT_MB)


if __name__ == "__main__":
    main()
