"""List pages built from ``values_list()`` rows instead of model instances (the heavy lists: a
run's results, indicator values).

A page of 1,000 model instances (and their related ones) costs more CPU than the query that
reads them; plain tuples cost almost nothing. The view names the columns it reads
(``row_columns``, the row's id first: the keyset pagination reads it) and writes the tuples out
as its serializer's dictionaries (``rows_out``); tests/api/test_fast_serializers.py holds the
dictionaries equal to DRF's generic serializers' and tests/api/test_rows.py the queries."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ValuesListIterable


def fetch_rows(rows: Any) -> list:
    """``list(rows)``; for a ``values_list()`` queryset whose columns need no converting (every
    column on PostgreSQL: psycopg2 already returns ints, Decimals, aware datetimes), the cursor's
    tuples as they come — Django would copy each row into a new tuple and read the page in chunks
    of 100, a millisecond per page of 1,000 rows of 16 columns. Anything else: ``list(rows)``."""
    if not isinstance(rows, QuerySet) or rows._iterable_class is not ValuesListIterable or rows._result_cache:
        return list(rows)
    compiler = rows.query.get_compiler(rows.db)
    try:
        # as_sql() sets up the select list itself: asked first, it is built once, not twice.
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return []
    if compiler.get_converters([column for column, _sql, _alias in compiler.select[: compiler.col_count]]):
        return list(rows)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    # Columns Django adds only to order by (DISTINCT with an ordering not selected) are cut off,
    # as Django's own iterator does.
    return [row[: compiler.col_count] for row in found] if compiler.has_extra_select else found


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a page's rows are read and written out. A page of 1,000
    rows holds a few thousand new tuples at once, and every 700 new objects the collector walks
    all the young ones — ≈ 0.9 ms of a results page's ≈ 12 ms of Python (bench/README.md) — for
    cycles such rows cannot form (tuples and dictionaries of numbers and strings). Reference
    counting frees them as before; the collector runs again afterwards. Process-wide: with
    threads, the one that paused it resumes it, so it is never left off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class RowsListMixin:
    """``list()`` over ``values_list(*row_columns)``, paginated as any list (page or cursor)."""

    row_columns: ClassVar[tuple[str, ...]] = ()
    #: True for a list PostgreSQL reads whole for its sort anyway: a numbered page counts it in
    #: its own query (config/api/pagination.py, _CountInPagePaginator).
    count_in_page: ClassVar[bool] = False

    def rows_out(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        """The page's rows as the serializer's dictionaries (reading what they refer to by id)."""
        raise NotImplementedError

    def rows_of(self, queryset: QuerySet) -> QuerySet:
        """The list's rows: ``values_list(*row_columns)``; a view may read a column otherwise."""
        return queryset.values_list(*self.row_columns)

    def list(self, request, *args, **kwargs):
        queryset: QuerySet = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        rows = self.rows_of(queryset)
        with collector_paused():
            page = self.paginate_queryset(rows)  # type: ignore[attr-defined]
            if page is None:  # not paginated: never the case for these lists, kept for safety
                page = list(rows)
            data = self.rows_out(page)
        return self.get_paginated_response(data)  # type: ignore[attr-defined]
