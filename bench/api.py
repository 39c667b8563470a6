"""Benchmark: the REST API under gunicorn on loopback, against the `demo_scale` data.

    DATABASE_URL=postgres://… .venv/bin/python bench/api.py [--requests 40] [--rounds 4] [--workers N --threads M]

Issues a read-only token to the API client of the biggest city (the account demo_scale makes;
a token's area is a municipality or a school, so this is the widest a token gets), starts
gunicorn with the web nodes' settings (config/gunicorn.py: two sync worker processes per core plus
one; --workers/--threads override them) and the per-token rate limit raised — the server is
measured, not the limit — and times, at 1 and 8 concurrent clients (each asks for keep-alive and
reconnects when a sync worker closes), after every client has warmed up (each worker process has
then served requests: imports, connections and plans are not in the figures), each server's figures
in four rounds taken in turn:

    results_1000   a page of 1,000 school results of the latest regional run  (runs/{id}/results/):
                   a finished run's pages are cached (config/api/page_cache.py), so this is the
                   cached page; results_1000_cold is asked of a second server started without the
                   page cache (API_PAGE_CACHE=false), so every request builds its page
    values_muni    indicator values of one municipality and year               (indicator-values/):
                   cached until a value changes; values_muni_cold from the server without the cache
    values_cursor_cold, values_cursor_deep_cold   the same as keyset pages (?cursor=, no count):
                   the year's first page, and a page tens of thousands of rows into the city's values
    trivial        the regions list: same authentication, throttle and renderer, one row — the ceiling

Prints per endpoint and concurrency p50/p95 (ms) and throughput (requests/s); targets at 8 clients:
p95 ≤ 150 ms and throughput ≥ 50 % of the trivial endpoint's. Then the peak memory of every
gunicorn process (limit 1 GB). The token is revoked at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import MEMORY_LIMIT_MB, ROOT, figure, process_peak_mb, setup_django  # noqa: E402

P95_LIMIT_MS = 150
THROUGHPUT_SHARE = 0.5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _targets() -> tuple[str, dict[str, str]]:
    from config.api.pagination import encode_cursor
    from config.api.tokens import token_issue
    from indices.models import Run
    from monitoring.models import IndicatorValue
    from schools.models import ApiToken, Municipality, User
    from schools.scale.generate import USERNAMES

    api_user = User.objects.get(username=USERNAMES["api"])
    city = Municipality.objects.get(pk=api_user.memberships.get().municipality_id)
    ApiToken.objects.filter(user=api_user, name="bench").delete()
    _token, raw = token_issue(user=api_user, name="bench", municipality=city, created_by=None)
    run = Run.objects.filter(region=city.region_id, municipality=None, status=Run.Status.DONE).order_by("-year").first()
    # The token sees only its city: the values are the city's own (about 1,000 schools × 16
    # indicators a year), a page of 1,000 of them.
    city_values = IndicatorValue.objects.filter(school__municipality=city).order_by("pk").values_list("pk", flat=True)
    deep = city_values[max(city_values.count() - 1500, 0)]
    return raw, {
        "results_1000": f"/api/v1/runs/{run.pk}/results/?page_size=1000",
        "results_1000_cold": f"/api/v1/runs/{run.pk}/results/?page_size=1000#cold",
        "values_muni": f"/api/v1/indicator-values/?municipality={city.pk}&year={run.year}&period_kind=academic_year"
        "&page_size=1000",
        "values_muni_cold": f"/api/v1/indicator-values/?municipality={city.pk}&year={run.year}"
        "&period_kind=academic_year&page_size=1000#cold",
        # Keyset pages (?cursor=): the first page of the year, and a page deep into all the city's
        # values (past tens of thousands of rows, where a numbered page pays the OFFSET).
        "values_cursor_cold": f"/api/v1/indicator-values/?municipality={city.pk}&year={run.year}"
        "&period_kind=academic_year&page_size=1000&cursor=#cold",
        "values_cursor_deep_cold": f"/api/v1/indicator-values/?municipality={city.pk}&page_size=1000"
        f"&cursor={encode_cursor(deep)}#cold",
        "trivial": "/api/v1/regions/",
    }


def _start(port: int, workers: int | None, threads: int | None, *, page_cache: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "API_THROTTLE_READ": "1000000/min",
        "LOG_LEVEL": "WARNING",
        "API_PAGE_CACHE": "true" if page_cache else "false",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    command = [gunicorn, "config.wsgi:application", "-c", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning"]  # fmt: skip
    if workers is not None:
        command += ["--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn не запустился")


def _client(port: int, path: str, token: str, count: int, out: list[float], errors: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    path = path.removesuffix("#cold")
    for _ in range(count):
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        out.append(time.perf_counter() - start)
        if response.status != 200:
            errors.append(f"{response.status} {body[:200]!r}")
    connection.close()


def _measure(port: int, path: str, token: str, clients: int, per_client: int) -> tuple[list[float], float]:
    # Warm-up, eight clients whatever is measured: every worker process serves the page at least
    # once before (a worker's first request of a page costs ~0.4 s — imports, connections,
    # plans; unwarmed workers were the «slow» 5 % at one client).
    warm = [threading.Thread(target=_client, args=(port, path, token, 3, [], [])) for _ in range(max(clients, 8))]
    for t in warm:
        t.start()
    for t in warm:
        t.join()
    latencies: list[float] = []
    errors: list[str] = []
    threads = [
        threading.Thread(target=_client, args=(port, path, token, per_client, latencies, errors))
        for _ in range(clients)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    if errors:
        sys.exit(f"{path}: {len(errors)} ошибок, например {errors[0]}")
    return latencies, wall


def _summary(parts: list[tuple[list[float], float]]) -> tuple[float, float, float]:
    """p50 and p95 (ms) of every sample of a figure's rounds, and its throughput over their time."""
    ms = sorted(v * 1000 for latencies, _wall in parts for v in latencies)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return statistics.median(ms), p95, len(ms) / sum(wall for _latencies, wall in parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per client, at 1 and at 8 clients")
    parser.add_argument(
        "--rounds", type=int, default=4, help="the figures of one server taken in turn, this many times"
    )
    parser.add_argument("--workers", type=int, default=None, help="default: config/gunicorn.py")
    parser.add_argument("--threads", type=int, default=None, help="default: config/gunicorn.py")
    args = parser.parse_args()
    setup_django()
    from schools.models import ApiToken

    token, paths = _targets()
    results: dict[tuple[str, int], tuple[float, float, float]] = {}
    peaks: list[float] = []
    try:
        # Two servers in turn: the cold figures come from one started without the page cache, so
        # every request builds its page (emptying a shared cache from the client between requests
        # would let the eight clients refill it for each other, and its scans would stall Redis).
        for page_cache in (True, False):
            port = _free_port()
            server = _start(port, args.workers, args.threads, page_cache=page_cache)
            try:
                # The trivial list (no page cache either way) is measured once, beside the cold pages.
                wanted = {
                    name: path
                    for name, path in paths.items()
                    if (not page_cache if name == "trivial" else path.endswith("#cold") != page_cache)
                }
                for clients in (1, 8):
                    # As many requests per client at 8 clients as at 1: 320 samples, so the p95 is
                    # the 16th slowest rather than one unlucky request. Taken in rounds, every
                    # figure in turn: a share of the trivial list's throughput compares figures of
                    # the same minutes, not of a quiet minute with a busy one (this VM's speed
                    # drifts by ±10 % within a run, bench/README.md).
                    parts: dict[str, list] = {name: [] for name in wanted}
                    for _round in range(args.rounds):
                        for name, path in wanted.items():
                            parts[name].append(_measure(port, path, token, clients, args.requests // args.rounds))
                    for name, measured in parts.items():
                        results[(name, clients)] = _summary(measured)
                workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout
                peaks += [process_peak_mb(int(pid)) for pid in workers.split()] + [process_peak_mb(server.pid)]
            finally:
                server.terminate()
                server.wait(timeout=30)
        for (name, clients), (p50, p95, rps) in results.items():
            figure(f"api_{name}_c{clients}_p50_ms", p50)
            figure(f"api_{name}_c{clients}_p95_ms", p95, limit=P95_LIMIT_MS if clients == 8 else None)
            trivial = results[("trivial", clients)][2]
            extra = f"share_of_trivial {rps / trivial:.2f}" if name != "trivial" else ""
            if clients == 8 and name != "trivial":
                # Target: ≥ 50 % of the trivial endpoint's throughput; printed as limit / value so ≤ 1 is met.
                extra += f" ratio_to_limit {THROUGHPUT_SHARE / (rps / trivial):.2f}"
            figure(f"api_{name}_c{clients}_rps", rps, extra=extra.strip())
        figure("api_gunicorn_peak_memory_mb", max(peaks), limit=MEMORY_LIMIT_MB)
    finally:
        ApiToken.objects.filter(name="bench", user__username__startswith="scale-").delete()


if __name__ == "__main__":
    main()
