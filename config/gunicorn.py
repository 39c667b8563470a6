"""gunicorn's settings for a web node: the Dockerfile, docker-compose.yml and bench/api.py start
gunicorn with ``-c config/gunicorn.py`` (flags given on the command line win).

A page of the API or of the site is Python work on the CPU, so the cores are shared by processes,
not threads: the threads of one process take turns on the interpreter lock, and a page waits
behind its neighbours for each turn. Measured on two cores, eight clients, cold pages of 1,000
values (bench/README.md, «Cold pages, 2026-12-05 (third session)»): 2 workers × 4 threads gave p95
233 ms; 5 workers × 1 thread 95 ms at a higher throughput. Hence gunicorn's own advice, two workers
per core plus one; ``gthread`` with one thread (rather than ``sync``) keeps the connections of
clients and of a proxy alive between requests."""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
keepalive = 30
