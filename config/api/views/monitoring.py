from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.response import Response

from monitoring.access import visible_targets, visible_values
from monitoring.models import Indicator, IndicatorValue, Period
from monitoring.services.periods import PeriodError, period_get_or_create, period_parse
from schools.access import visible_municipalities, visible_schools
from schools.models import Municipality, School

from ..authentication import request_token
from ..base import Conflict, Forbidden, ReadOnlyApiViewSet, rule_error
from ..errors import error_response
from ..filters import IndicatorFilter, PeriodFilter, TargetFilter, ValueFilter
from ..page_cache import CachedPagesMixin, newest_history
from ..rows import RowsListMixin
from ..serializers.monitoring import IndicatorOut, PeriodOut, TargetOut, ValueIn, ValueOut, ValueUpdateIn
from ..services import ValueConflict, api_value_write
from .schema import BODY_ERRORS, ERRORS, FORMAT, ID, LIST_ERRORS, NOT_FOUND, read_only_schema


@extend_schema_view(
    list=extend_schema(
        summary="Показатели",
        description="Справочник показателей мониторинга.",
        parameters=[FORMAT],
        responses={200: IndicatorOut(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(parameters=[ID], summary="Показатель", responses={200: IndicatorOut, **ERRORS, **NOT_FOUND}),
)
class IndicatorViewSet(ReadOnlyApiViewSet):
    serializer_class = IndicatorOut
    filterset_class = IndicatorFilter
    required_perm = "monitoring.view_indicator"
    queryset = Indicator.objects.all()
    ordering_fields = ["code", "name", "id"]
    ordering = ["code"]


@extend_schema_view(
    list=extend_schema(
        summary="Периоды",
        description="Отчётные периоды: годы, кварталы, учебные годы.",
        parameters=[FORMAT],
        responses={200: PeriodOut(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(parameters=[ID], summary="Период", responses={200: PeriodOut, **ERRORS, **NOT_FOUND}),
)
class PeriodViewSet(ReadOnlyApiViewSet):
    serializer_class = PeriodOut
    filterset_class = PeriodFilter
    required_perm = "monitoring.view_indicator"
    queryset = Period.objects.all()
    ordering_fields = ["start", "year", "id"]
    ordering = ["start", "kind"]


VALUE_EXAMPLE = {
    "id": 501,
    "indicator": {"id": 7, "code": "teachers"},
    "period": {"id": 3, "kind": "academic_year", "year": 2024, "quarter": 0, "label": "2023/2024 учебный год"},
    "school": 12,
    "municipality": None,
    "value": "48.0000",
    "source": "manual",
    "version": 2,
    "updated_at": "2024-09-14T10:21:05+03:00",
}
VALUE_IN_EXAMPLE = {"indicator": "teachers", "period": "2023/2024", "school": 12, "value": "48", "expected_version": 1}

WRITE_ERRORS = {
    **BODY_ERRORS,
    400: error_response("Значение не прошло проверки (диапазон, целое число, числитель ≤ знаменателя…)."),
    409: error_response("Значение уже изменил кто-то другой (expected_version)."),
}


@extend_schema_view(
    list=extend_schema(
        summary="Значения показателей",
        description="Значения показателей школ и муниципалитетов области токена.",
        parameters=[FORMAT],
        responses={200: ValueOut(many=True), **LIST_ERRORS},
        examples=[OpenApiExample("Значение в списке", value=VALUE_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        parameters=[ID], summary="Значение показателя", responses={200: ValueOut, **ERRORS, **NOT_FOUND}
    ),
    create=extend_schema(
        summary="Записать значение показателя",
        description=(
            "Создаёт или заменяет значение школы (или муниципалитета) за период. Проверки — те же, что при вводе "
            "и загрузке в портале; права — как у учётной записи токена («monitoring.change_values»). "
            "Передайте expected_version (0 — значения не было), чтобы не затереть чужое изменение."
        ),
        request=ValueIn,
        responses={
            201: OpenApiResponse(ValueOut, description="Значение создано."),
            200: OpenApiResponse(ValueOut, description="Значение заменено."),
            **WRITE_ERRORS,
            **ERRORS,
        },
        examples=[OpenApiExample("Значение школы за учебный год", value=VALUE_IN_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(
        summary="Изменить значение показателя",
        parameters=[ID],
        request=ValueUpdateIn,
        responses={200: ValueOut, **WRITE_ERRORS, **ERRORS, **NOT_FOUND},
        examples=[OpenApiExample("Новое значение", value={"value": "12,5", "expected_version": 2}, request_only=True)],
    ),
)
class ValueViewSet(CachedPagesMixin, RowsListMixin, ReadOnlyApiViewSet):
    serializer_class = ValueOut
    row_columns = ValueOut.ROW_COLUMNS
    filterset_class = ValueFilter
    ordering_fields = ["id", "updated_at", "period__start"]
    ordering = ["id"]
    http_method_names = ["get", "post", "put", "head", "options"]

    def page_version(self) -> list:
        # Every write of a value, a school, a municipality or an indicator leaves a history record
        # (the services write with history); periods are only ever added (config/api/page_cache.py).
        return [
            *newest_history(IndicatorValue, School, Municipality, Indicator),
            Period.objects.order_by("-pk").values_list("pk", flat=True).first(),
        ]

    def rows_of(self, queryset):
        if connection.vendor != "postgresql":
            return super().rows_of(queryset)
        # PostgreSQL writes a numeric(14, 4) as the API does ('48.0000': DRF's DecimalField with
        # the model's 4 places): the text is read as it is, with no Decimal made and quantized
        # per row (tests/api/test_rows.py holds the two equal on PostgreSQL).
        columns = [Cast("value", TextField()) if c == "value" else c for c in self.row_columns]
        return queryset.values_list(*columns)

    def rows_out(self, rows: list[tuple]) -> list[dict]:
        # The page's indicators and periods by id: two small queries, as the prefetch was.
        indicator_ids = {row[1] for row in rows}
        period_ids = {row[2] for row in rows}
        codes = dict(Indicator.objects.filter(pk__in=indicator_ids).values_list("id", "code")) if rows else {}
        periods = Period.objects.in_bulk(period_ids) if rows else {}
        return ValueOut().rows_out(rows, codes=codes, periods=periods)

    def get_queryset(self):
        if self.action == "list":
            # Prefetched, not joined: a join to the indicators (with their long method texts) ran
            # for every matching row before ORDER BY … LIMIT cut the page — 16,000 rows for a big
            # city's year; two small queries by id cost less.
            return visible_values(self.request.user).prefetch_related("indicator", "period")
        qs = visible_values(self.request.user).select_related("indicator", "period")
        if self.action == "update":
            qs = qs.select_related("school", "municipality")
        return qs

    def get_serializer_class(self):
        return {"create": ValueIn, "update": ValueUpdateIn}.get(self.action, ValueOut)

    def _allowed(self, subject) -> bool:
        user = self.request.user
        return user.has_perm("monitoring.view_values", subject) and user.has_perm("monitoring.change_values", subject)

    def _write(self, *, indicator, period, school, municipality, value, expected_version) -> tuple:
        try:
            return api_value_write(
                indicator=indicator,
                period=period,
                value=value,
                school=school,
                municipality=municipality,
                user=self.request.user,
                token=request_token(self.request),
                expected_version=expected_version,
            )
        except ValueConflict as exc:
            raise Conflict(detail=exc.message) from None
        except DjangoValidationError as exc:
            raise rule_error(exc) from None

    def create(self, request, *args, **kwargs):
        data = ValueIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        user = request.user
        school = municipality = None
        # The same refusal whether the subject does not exist or is outside the scope.
        if d.get("school") is not None:
            school = visible_schools(user).select_related("municipality").filter(pk=d["school"]).first()
            if school is None or not self._allowed(school):
                raise Forbidden(_("Нет прав на запись значений показателей этой школы."))
        else:
            municipality = visible_municipalities(user).filter(pk=d["municipality"]).first()
            if municipality is None or not self._allowed(municipality):
                raise Forbidden(_("Нет прав на запись значений показателей этого муниципалитета."))
        indicator = Indicator.objects.filter(code=d["indicator"]).first()
        if indicator is None:
            raise exceptions.ValidationError({"indicator": [_("Нет показателя с таким кодом.")]})
        try:
            kind, year, quarter = period_parse(d["period"])
        except PeriodError as exc:
            raise exceptions.ValidationError({"period": [str(exc)]}) from None
        period = period_get_or_create(kind=kind, year=year, quarter=quarter)
        stored, created = self._write(
            indicator=indicator,
            period=period,
            school=school,
            municipality=municipality,
            value=d["value"],
            expected_version=d.get("expected_version"),
        )
        return Response(ValueOut(stored).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def update(self, request, *args, **kwargs):
        current = self.get_object()
        subject = current.school or current.municipality
        if not self._allowed(subject):
            raise Forbidden(_("Нет прав на изменение этого значения."))
        data = ValueUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        stored, _created = self._write(
            indicator=current.indicator,
            period=current.period,
            school=current.school,
            municipality=current.municipality,
            value=d["value"],
            expected_version=d.get("expected_version"),
        )
        return Response(ValueOut(stored).data)


@read_only_schema(
    TargetOut,
    summary="Целевые значения",
    description="Целевые показатели программ: базовое и плановые значения по годам.",
    one="Целевое значение",
)
class TargetViewSet(ReadOnlyApiViewSet):
    serializer_class = TargetOut
    filterset_class = TargetFilter
    ordering_fields = ["id", "program_id"]
    ordering = ["program_id", "id"]

    def get_queryset(self):
        # The program is read down from the target's set (programs.Program.target_set).
        return (
            visible_targets(self.request.user)
            .select_related("indicator")
            .annotate(program_id=F("target_set__program__id"))
        )
