"""Rendered pages of a finished index run's results, kept in the cache.

A run that is done never changes (indices.services.run_execute returns it as it is), so a page of
its results depends only on the run, the caller's scope, the query and the format — and on the
schools' own rows (names, codes, which municipality they belong to, which decides a municipal
caller's visibility). Every change of a school writes a history record, so the newest history id
of the schools is part of the key: a rename or a move makes new pages at once, without signals.
The scope is computed per request from the memberships, so a changed membership changes the key
as well. The pages are per caller and private (conditional.py sets the same headers as for any
list), and expire after PAGE_TTL_S in any case.

Why: a page of 1,000 rows costs ~40 ms of CPU to query, build and serialize; on two cores eight
clients paging through a run queue behind each other (issue 9's benchmark, bench/api.py)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from schools.access import scope_of
from schools.models import School

from .conditional import _opaque

PAGE_TTL_S = 600


def _scope_key(user) -> str:
    scope = scope_of(user)
    parts = [
        scope.superuser,
        *(tuple(sorted(ids)) for ids in (
            scope.region_ids, scope.municipality_ids, scope.team_school_ids, scope.assigned_school_ids,
            scope.api_municipality_ids, scope.api_school_ids,
        )),
    ]  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def page_key(*, run, request, filters: list[str]) -> str | None:
    """The cache key of this request's page (``filters``: the names of the view's filters), None
    when the page must not be cached."""
    if run.status != run.Status.DONE or run.finished_at is None:
        return None
    schools = School.history.aggregate(newest=Max("history_id"))["newest"] or 0
    # Only the parameters that shape the page: anything else is ignored by the view, and must not
    # let a client fill the cache with copies of one page.
    known = {"page", "page_size", "ordering", "format", *filters}
    query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.lists()) if k in known)
    fmt = getattr(getattr(request, "accepted_renderer", None), "format", "json")
    raw = f"{run.pk}:{run.created_at.timestamp()}:{run.finished_at.timestamp()}:{schools}:{_scope_key(request.user)}:{fmt}:{query}"
    return "api:run-page:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_page(key: str, request) -> HttpResponse | None:
    stored = cache.get(key)
    if stored is None:
        return None
    body, etag, content_type = stored
    header = request.headers.get("If-None-Match", "")
    wanted = {_opaque(t) for t in parse_etags(header)} if header else set()
    if "*" in wanted or _opaque(etag) in wanted:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Authorization", "Cookie", "Accept"])
    return response


def store_page(key: str, response) -> None:
    """Keep a rendered 200 page (a 304 has no body to keep)."""
    if response.status_code != 200 or not response.has_header("ETag"):
        return
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    cache.set(key, (response.content, response["ETag"], response["Content-Type"]), PAGE_TTL_S)
