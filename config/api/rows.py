"""List pages built from ``values_list()`` rows instead of model instances (the heavy lists: a
run's results, indicator values).

A page of 1,000 model instances (and their related ones) costs more CPU than the query that
reads them; plain tuples cost almost nothing. The view names the columns it reads
(``row_columns``, the row's id first: the keyset pagination reads it) and writes the tuples out
as its serializer's dictionaries (``rows_out``); tests/api/test_fast_serializers.py holds the
dictionaries equal to DRF's generic serializers' and tests/api/test_rows.py the queries."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet


class RowsListMixin:
    """``list()`` over ``values_list(*row_columns)``, paginated as any list (page or cursor)."""

    row_columns: ClassVar[tuple[str, ...]] = ()

    def rows_out(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        """The page's rows as the serializer's dictionaries (reading what they refer to by id)."""
        raise NotImplementedError

    def rows_of(self, queryset: QuerySet) -> QuerySet:
        """The list's rows: ``values_list(*row_columns)``; a view may read a column otherwise."""
        return queryset.values_list(*self.row_columns)

    def list(self, request, *args, **kwargs):
        queryset: QuerySet = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        rows = self.rows_of(queryset)
        page = self.paginate_queryset(rows)  # type: ignore[attr-defined]
        if page is None:  # not paginated: never the case for these lists, kept for safety
            page = list(rows)
        return self.get_paginated_response(self.rows_out(page))  # type: ignore[attr-defined]
