"""Pages of a list: numbered (``?page=``, with the count) or, as an option, keyset (``?cursor=``).

A numbered page N costs an OFFSET of N × size rows and a COUNT of the whole list; at row 1,000,000
both read a million rows. With ``?cursor=`` (empty for the first page) a page is the next
``page_size`` rows after the last id of the previous one — an index range scan that costs the
same at row 1,000,000 as at row 1 — in id order, with ``next`` (the link to the following page,
null on the last) and no count unless ``?count=true`` asks for it. The cursor is opaque to
clients (base64 of the last id)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, Field, QuerySet, Window
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .rows import fetch_rows

CURSOR = "cursor"
COUNT = "count"
# The largest id a cursor may carry (bigint).
MAX_ID = 2**63 - 1
PAGE_SIZE_MAX = 1000


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def decode_cursor(raw: str) -> int:
    """The id after which the page starts (0 for an empty cursor); NotFound when unreadable."""
    if not raw:
        return 0
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("ascii")
        value = int(text) if text.isdigit() else -1
    except (binascii.Error, UnicodeDecodeError, ValueError):
        value = -1
    if not 0 <= value <= MAX_ID:
        raise NotFound(ApiPagination.invalid_cursor_message)
    return value


def _row_id(row: Any) -> int:
    # Model instances, or values_list() rows whose first column is the id (config/api/rows.py).
    return row[0] if isinstance(row, tuple) else row.pk


class _Page(Page):
    def __iter__(self):
        # The page's rows in one go: the Sequence default asks for each row by index, a
        # thousand Python calls per page of 1,000 (DRF lists the page: list(self.page)).
        if not isinstance(self.object_list, list):
            self.object_list = fetch_rows(self.object_list)
        return iter(self.object_list)


class _Paginator(Paginator):
    def _get_page(self, *args, **kwargs) -> _Page:
        return _Page(*args, **kwargs)


# The column the page's own query counts the list in (_CountInPagePaginator).
_TOTAL = "page_list_total"


class _CountInPagePaginator(_Paginator):
    """A numbered page whose query counts the list too (``COUNT(*) OVER ()``), for lists that
    PostgreSQL reads whole before their first row anyway — sorted by a column no index gives in
    order, like a run's results by municipality and school name: the count costs ≈ 0.4 ms there
    instead of a query of its own (≈ 1 ms with the ORM). Lists read in index order stop after
    their page (indicator values) and keep the separate count. A page past the end (no rows) asks
    the count as usual, which tells an empty list from a page that does not exist."""

    def page(self, number):
        rows = self.object_list
        foldable = (
            isinstance(rows, QuerySet)
            and not rows.query.distinct
            and not rows.query.combinator
            and "count" not in self.__dict__
        )
        if not foldable:
            return super().page(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        # A plain Field as the column's type: Django gives integer expressions an int() per row,
        # which the driver's integer needs not, and which would send fetch_rows the slow way.
        total = Window(Count("*"), output_field=Field())
        found = fetch_rows(rows.annotate(**{_TOTAL: total})[bottom : bottom + self.per_page])
        if not found:
            return super().page(number)
        self.__dict__["count"] = found[0][-1]  # Paginator.count is a cached_property
        return self._get_page([row[:-1] for row in found], number, self)


class ApiPagination(PageNumberPagination):
    django_paginator_class = _Paginator
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = PAGE_SIZE_MAX
    page_query_description = _("Номер страницы.")
    page_size_query_description = _("Строк на странице (по умолчанию 100, не больше 1000).")
    invalid_page_message = _("Такой страницы нет.")
    invalid_cursor_message = _("Неверный курсор страницы: возьмите ссылку next из предыдущей страницы.")
    cursor_query_description = _(
        "Постраничный проход по ключу: пусто — первая страница, дальше — ссылка next из ответа. "
        "Строки идут по возрастанию id; страница стоит одинаково в начале и в конце списка."
    )
    count_query_description = _("С курсором: true — добавить в ответ общее число строк (count).")

    keyset = False

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = CURSOR in request.query_params
        if not self.keyset:
            # A view whose list is read whole for its sort counts it in the page's query.
            if getattr(view, "count_in_page", False):
                self.django_paginator_class = _CountInPagePaginator
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        size = self.get_page_size(request) or self.page_size
        after = decode_cursor(request.query_params[CURSOR])
        wanted = request.query_params.get(COUNT, "false")
        if wanted not in ("true", "false"):
            raise ValidationError({COUNT: [_("Укажите true или false.")]}, code="invalid")
        self.count = queryset.count() if wanted == "true" else None
        rows = fetch_rows(queryset.filter(pk__gt=after).order_by("pk")[: size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.last_id = _row_id(rows[-1]) if rows else after
        return rows

    def get_paginated_response(self, data):
        if not self.keyset:
            return super().get_paginated_response(data)
        body: dict[str, Any] = {}
        if self.count is not None:
            body["count"] = self.count
        body["next"] = self._next_cursor_link()
        body["results"] = data
        return Response(body)

    def _next_cursor_link(self) -> str | None:
        if not self.has_next:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), "page")
        return replace_query_param(url, CURSOR, encode_cursor(self.last_id))

    def get_page_size(self, request):
        # DRF falls back to the default on «page_size=null», «=0» or «=5000»; the schema says a
        # whole number from 1 to 1000, so anything else is a 400 that says so.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= PAGE_SIZE_MAX):
            raise ValidationError(
                {self.page_size_query_param: [_("Строк на странице: целое число от 1 до 1000.")]}, code="invalid"
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX}
            elif parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return [
            *parameters,
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": str(self.cursor_query_description),
                "schema": {"type": "string"},
            },
            {
                "name": COUNT,
                "required": False,
                "in": "query",
                "description": str(self.count_query_description),
                "schema": {"type": "boolean"},
            },
        ]
