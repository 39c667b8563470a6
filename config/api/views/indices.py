from __future__ import annotations

from django.db import connection
from django.db.models import BinaryField, FloatField, Func, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from indices.access import visible_runs
from indices.models import Run, SchoolResult
from indices.selectors import run_results
from schools.models import School

from ..base import ListOnlyApiViewSet, ReadOnlyApiViewSet
from ..filters import ResultFilter, RunFilter
from ..page_cache import CachedPagesMixin, newest_history
from ..rows import RowsListMixin
from ..serializers.indices import ResultOut, RunDetailOut, RunOut
from .schema import ERRORS, FORMAT, ID, LIST_ERRORS, NOT_FOUND, id_parameter


@extend_schema_view(
    list=extend_schema(
        summary="Расчёты индексов",
        description="Расчёты индекса качества и ИСБШ, которые видит токен (органу управления — своего региона или муниципалитета).",
        parameters=[FORMAT],
        responses={200: RunOut(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        parameters=[ID],
        summary="Расчёт индексов",
        description="С итогами: средние, коэффициенты регрессии, границы групп.",
        responses={200: RunDetailOut, **ERRORS, **NOT_FOUND},
    ),
)
class RunViewSet(ReadOnlyApiViewSet):
    serializer_class = RunOut
    filterset_class = RunFilter
    ordering_fields = ["created_at", "year", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return visible_runs(self.request.user).with_scope()

    def get_serializer_class(self):
        return RunDetailOut if self.action == "retrieve" else RunOut


RESULT_EXAMPLE = {
    "school": {"id": 12, "code": "50-0022", "short_name": "МБОУ СОШ № 22", "municipality_id": 3},
    "quality_index": 0.91,
    "quality_se": 0.03,
    "significantly_below": True,
    "quality_group": 3,
    "wellbeing_index": 0.87,
    "wellbeing_group": 2,
    "residual": -0.06,
    "category": "low_on_both",
    "pilot": False,
    "stably_low": False,
    "missing_reason": "",
}


# The four floats of a result as one value of their eight bytes each (a missing one as NaN), for
# RunResultViewSet on PostgreSQL: psycopg2 reads a double from PostgreSQL's decimal text with a
# correctly rounded parse of up to 17 digits, ≈ 0.33 µs a value — 1.3 ms of a 1,000-row page, the
# most of its reading; the bytes, unpacked, cost a third of that. The values are the stored
# doubles themselves. Built once: a query copies the expressions it is given.
_PACKED_FLOATS = Func(
    *(
        Func(
            Coalesce(column, Value(float("nan")), output_field=FloatField()),
            function="float8send",
            output_field=BinaryField(),
        )
        for column in ResultOut.FLOAT_COLUMNS
    ),
    template="(%(expressions)s)",
    arg_joiner=" || ",
    output_field=BinaryField(),
)


@extend_schema_view(
    list=extend_schema(
        summary="Результаты школ в расчёте",
        description=(
            "Индексы, группы и категории школ в расчёте. В региональном расчёте муниципалитету видны только его "
            "школы, школе — только она сама."
        ),
        parameters=[
            id_parameter("run_pk", "Расчёт (id)."),
            FORMAT,
        ],
        responses={200: ResultOut(many=True), **LIST_ERRORS},
        examples=[OpenApiExample("Школа в расчёте", value=RESULT_EXAMPLE, response_only=True)],
    ),
)
class RunResultViewSet(CachedPagesMixin, RowsListMixin, ListOnlyApiViewSet):
    serializer_class = ResultOut
    row_columns = ResultOut.ROW_COLUMNS
    # Sorted by municipality and school name (run_results): every row is read before the first.
    count_in_page = True
    filterset_class = ResultFilter
    ordering_fields = ["quality_index", "wellbeing_index", "quality_group", "wellbeing_group", "school__short_name"]

    def _visible_run(self) -> Run:
        """The run by its key, then the rule on it (``indices.view_run``, the object form of
        visible_runs: no query), rather than a filter of the rule built for one row."""
        run = getattr(self, "_run", None)
        if run is None:
            # What the rule, the page's version and run_results read: not the run's summary and
            # frozen methodology (JSON documents decoded for nothing).
            fields = ("id", "region_id", "municipality_id", "status", "created_at", "finished_at")
            run = Run.objects.filter(pk=self.kwargs["run_pk"]).only(*fields).first()
            if run is None or not self.request.user.has_perm("indices.view_run", run):
                raise Http404
            self._run = run
        return run

    def page_version(self) -> list | None:
        # A finished run never changes: its pages are cached (config/api/page_cache.py).
        run = self._visible_run()
        if run.status != Run.Status.DONE or run.finished_at is None:
            return None
        return [run.pk, run.created_at.isoformat(), run.finished_at.isoformat(), *newest_history(School)]

    def rows_of(self, queryset):
        if connection.vendor != "postgresql":
            self._packed = False
            return super().rows_of(queryset)
        self._packed = True
        return queryset.values_list(*(_PACKED_FLOATS if c == "numbers" else c for c in ResultOut.PACKED_COLUMNS))

    def rows_out(self, rows: list[tuple]) -> list[dict]:
        write = ResultOut.packed_row_out if getattr(self, "_packed", False) else ResultOut.row_out
        return [write(row) for row in rows]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no run
            return SchoolResult.objects.none()
        run = self._visible_run()
        # indices/selectors.run_results: a regional run is cut to the caller's schools. The list
        # reads its row_columns (RowsListMixin): no instances, no per-school detail.
        return run_results(run=run, user=self.request.user)
