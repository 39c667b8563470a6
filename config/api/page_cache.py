"""Rendered list pages kept in the cache, for the lists of 1,000-row pages (docs/architecture.md, «API»).

A page is a function of the caller's scope, the query, the format — and of the rows behind it.
Every write of those rows leaves a history record (django-simple-history: saves, deletes and the
services' bulk writes alike), so the newest history id of each table a page reads is part of the
key: any change makes new pages at once, with no signal to forget. A finished index run never
changes at all (indices.services.run_execute returns it as it is); its pages depend on the run
and on the schools' rows (names, codes, the municipality that decides a municipal caller's
visibility). The scope is computed per request from the memberships, so a changed membership
changes the key as well. Pages stay per caller and private (the same ETag, Cache-Control and Vary
as any list) and expire after PAGE_TTL_S whatever happens.

Why: a page of 1,000 rows costs 40–60 ms of CPU to query, build and serialize; on two cores eight
clients paging through a run queue behind each other (bench/api.py)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

from schools.access import scope_of

PAGE_TTL_S = 600
PREFIX = "api:page:"


def key_prefix() -> str:
    """Pages belong to a database: two sites (or two test workers) sharing one Redis never see
    each other's pages, and forgetting one database's pages leaves the others' alone."""
    name = str(connection.settings_dict.get("NAME") or "")
    return f"{PREFIX}{hashlib.sha256(name.encode()).hexdigest()[:12]}:"


def newest_history(*models) -> list[int]:
    """The id of each model's newest history record (0 if none): one statement of one index
    lookup per table, since a page asks for several and each round trip costs more than the lookup."""
    tables = [connection.ops.quote_name(model.history.model._meta.db_table) for model in models]
    sql = "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return [newest or 0 for newest in row]


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


class CachedPagesMixin:
    """For a list view: ``page_version()`` returns what the page's rows depend on (None: do not
    cache this request); the list is answered from the cache when a page with the same version,
    scope, query and format is there, and a rendered 200 is kept for the next caller."""

    _page_key: str | None = None

    def page_version(self) -> list | None:
        raise NotImplementedError

    def _key(self, request) -> str | None:
        if not settings.API_PAGE_CACHE:
            return None
        version = self.page_version()
        if version is None:
            return None
        # Only the parameters that shape the page: anything else is ignored by the view, and must
        # not let a client fill the cache with copies of one page.
        known = {"page", "page_size", "ordering", "format", "cursor", "count", *self.filterset_class.base_filters}
        query = sorted((k, v) for k, v in request.GET.lists() if k in known)
        fmt = getattr(getattr(request, "accepted_renderer", None), "format", "json")
        raw = repr([type(self).__name__, self.kwargs, version, _scope_key(request.user), fmt, query])
        return key_prefix() + hashlib.sha256(raw.encode()).hexdigest()

    def list(self, request, *args, **kwargs):
        self._page_key = self._key(request)
        if self._page_key:
            stored = cache.get(self._page_key)
            if stored is not None:
                self._page_key = None  # nothing to store on the way out
                return _from_cache(stored, request)
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = self._page_key
        # A 304 has no body to keep; a 200 list page is rendered by now (conditional.py hashed it).
        if key and response.status_code == 200 and response.has_header("ETag"):
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TTL_S)
        return response


def _from_cache(stored, request) -> HttpResponse:
    """The stored body; conditional.py adds its ETag (or answers 304) and the private headers,
    exactly as for a page built now."""
    body, content_type = stored
    return HttpResponse(body, content_type=content_type)
