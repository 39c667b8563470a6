"""gunicorn's settings for a web node: the Dockerfile, docker-compose.yml and bench/api.py start
gunicorn with ``-c config/gunicorn.py`` (flags given on the command line win).

A page of the API or of the site is Python work on the CPU, so the cores are shared by processes,
not threads (the threads of one process take turns on the interpreter lock): two workers per core
plus one, gunicorn's own advice. The workers are ``sync`` — one request at a time, the connection
closed after it — so every request waits in the one accept queue and goes to whichever worker is
free. With kept-alive connections (``gthread``) a connection stays with the worker that accepted it,
and three of eight clients landing on one worker wait three times as long as the rest. Measured
on two cores, eight clients, cold pages of 1,000 rows (bench/README.md, «Cold pages, 2026-12-05
(third session)»): values p95 233 ms with gthread 2 × 4, 108–135 ms with gthread 5 × 1, 81–83 ms
with sync 5. Keep-alive towards the clients is the proxy's job in front of the nodes
(docs/deployment.md); ``GUNICORN_WORKER_CLASS=gthread`` (with ``GUNICORN_THREADS``) serves
clients directly where there is no proxy."""

from __future__ import annotations

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The cores this process may run on (a container's cpuset), not the host's; a CPU quota is not
# seen here — set WEB_CONCURRENCY there (each worker holds a database connection).
workers = int(os.environ.get("WEB_CONCURRENCY", len(os.sched_getaffinity(0)) * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "30"))  # gthread only: sync workers close each connection


def post_worker_init(worker) -> None:
    """The worker has loaded Django and the project (≈ 200,000 objects that live as long as the
    process): move them out of the cycle collector's sight. Otherwise each of its full collections
    walks them all — ≈ 60 ms now and then in the middle of a request (bench/README.md, «Garbage
    collector»). Objects made later are collected as usual; the garbage start-up left is
    collected first, not frozen for the worker's life."""
    gc.collect()
    gc.freeze()
