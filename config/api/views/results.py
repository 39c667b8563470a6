"""Assessment results and the risk group (issue 17): the rows and columns of ``manage.py
results_export`` (indices/analysis/exports.py), cut to the schools the caller may see."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError

from indices.analysis.exports import NoResults, assessment_rows, risk_rows
from indices.analysis.selectors.regions import RegionAmbiguous, RegionChoiceError, results_region
from schools.access import visible_schools
from schools.models import School

from ..base import ApiViewMixin
from .schema import FORMAT, LIST_ERRORS


class RiskOut(serializers.Serializer):
    school_code = serializers.CharField(help_text="Код школы.")
    year = serializers.IntegerField(help_text="Учебный год (год окончания).")
    assessments = serializers.IntegerField(help_text="Учитываемых оценочных процедур.")
    low_assessments = serializers.IntegerField(help_text="Низких оценочных процедур.")
    risk_group = serializers.BooleanField(allow_null=True, help_text="В группе риска; пусто — нет данных.")
    risk_reason = serializers.CharField(
        allow_null=True, help_text="Основание: same_year, consecutive, both, no_data; пусто — не в группе."
    )


class AssessmentOut(serializers.Serializer):
    school_code = serializers.CharField(help_text="Код школы.")
    year = serializers.IntegerField(help_text="Учебный год (год окончания).")
    procedure = serializers.CharField(help_text="Процедура: ОГЭ, ЕГЭ, ВПР, РДР, МДР.")
    grade = serializers.IntegerField(help_text="Класс.")
    subject = serializers.CharField(help_text="Код предмета.")
    participants = serializers.IntegerField(help_text="Участников.")
    share_below_min = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Доля не преодолевших минимальный порог, %."
    )
    low = serializers.BooleanField(allow_null=True, help_text="Низкая; пусто — не учитывается.")


class ResultsQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    region = serializers.IntegerField(required=False, min_value=0, max_value=10**18 - 1)


PARAMETERS = [
    # The bounds are ResultsQuery's, stated in the schema too: a client learns them before asking.
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 2000, "maximum": 2100},
        required=True,
        description="Учебный год (год окончания), например 2025.",
    ),
    OpenApiParameter(
        "region",
        {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
        description="Регион (id); можно не указывать, если токен видит школы одного региона.",
    ),
    FORMAT,
]


class _ResultsViewSet(ApiViewMixin, viewsets.GenericViewSet):
    filter_backends: list = []
    rows_of = staticmethod(risk_rows)

    def get_queryset(self):  # the schema generator's; the rows are computed
        return School.objects.none()

    def list(self, request, *args, **kwargs):
        query = ResultsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        schools = visible_schools(request.user)
        try:
            region = results_region(schools=schools, region_id=query.validated_data.get("region"), option="region")
        except RegionAmbiguous as exc:
            raise ValidationError({"region": [str(exc)]}) from exc
        except RegionChoiceError as exc:
            raise NotFound(str(exc)) from exc
        school_ids = list(schools.filter(region=region).values_list("pk", flat=True))
        try:
            rows = self.rows_of(year=query.validated_data["year"], region=region, school_ids=school_ids)
        except NoResults as exc:
            raise NotFound(str(exc)) from exc
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(
    summary="Группа риска низких результатов",
    description=(
        "По строке на школу: учитываемые и низкие оценочные процедуры года, группа риска и основание — "
        "те же колонки, что у команды results_export risk. Только школы, которые видит токен."
    ),
    parameters=PARAMETERS,
    responses={200: RiskOut(many=True), **LIST_ERRORS},
)
class RiskViewSet(_ResultsViewSet):
    serializer_class = RiskOut
    rows_of = staticmethod(risk_rows)


@extend_schema(
    summary="Оценочные процедуры школ",
    description=(
        "Результаты оценочных процедур года: участники, доля не преодолевших минимальный порог, низкая ли "
        "процедура — те же колонки, что у команды results_export assessments. Только школы, которые видит токен."
    ),
    parameters=PARAMETERS,
    responses={200: AssessmentOut(many=True), **LIST_ERRORS},
)
class AssessmentViewSet(_ResultsViewSet):
    serializer_class = AssessmentOut
    rows_of = staticmethod(assessment_rows)
