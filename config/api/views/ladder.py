from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from schools.access import visible_municipalities, visible_schools
from schools.models import Region

from ..base import ReadOnlyApiViewSet
from ..filters import MunicipalityFilter, SchoolFilter
from ..serializers.ladder import MunicipalityOut, RegionOut, SchoolOut
from .schema import ERRORS, FORMAT, ID, LIST_ERRORS, NOT_FOUND, read_only_schema


@extend_schema_view(
    list=extend_schema(
        summary="Регионы",
        description="Регионы, в которых есть видимые токену муниципалитеты или школы.",
        parameters=[FORMAT],
        responses={200: RegionOut(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(parameters=[ID], summary="Регион", responses={200: RegionOut, **ERRORS, **NOT_FOUND}),
)
class RegionViewSet(ReadOnlyApiViewSet):
    serializer_class = RegionOut
    ordering_fields = ["name", "code", "id"]
    ordering = ["name"]

    def get_queryset(self):
        user = self.request.user
        return Region.objects.filter(
            Q(pk__in=visible_schools(user).values("region_id"))
            | Q(pk__in=visible_municipalities(user).values("region_id"))
        )


@read_only_schema(
    MunicipalityOut,
    summary="Муниципалитеты",
    description="Муниципалитеты области токена.",
    one="Муниципалитет",
)
class MunicipalityViewSet(ReadOnlyApiViewSet):
    serializer_class = MunicipalityOut
    filterset_class = MunicipalityFilter
    ordering_fields = ["name", "code", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return visible_municipalities(self.request.user).with_region()


SCHOOL_EXAMPLE = {
    "id": 12,
    "code": "50-0022",
    "short_name": "МБОУ СОШ № 22",
    "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 22»",
    "type": "СОШ",
    "municipality": {"id": 3, "name": "городской округ Королёв"},
    "region_id": 1,
    "settlement": "Королёв",
    "locality": "urban",
    "small_class": False,
    "remote": False,
    "address": "",
    "director": "",
    "is_archived": False,
}


@extend_schema_view(
    list=extend_schema(
        summary="Школы",
        description="Реестр школ области токена. Фильтры: регион, муниципалитет, тип, код ОО.",
        parameters=[FORMAT],
        responses={200: SchoolOut(many=True), **LIST_ERRORS},
        examples=[OpenApiExample("Школа в списке", value=SCHOOL_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(parameters=[ID], summary="Школа", responses={200: SchoolOut, **ERRORS, **NOT_FOUND}),
)
class SchoolViewSet(ReadOnlyApiViewSet):
    serializer_class = SchoolOut
    filterset_class = SchoolFilter
    ordering_fields = ["short_name", "code", "id", "municipality__name"]
    ordering = ["short_name", "id"]

    def get_queryset(self):
        return visible_schools(self.request.user).with_municipality()
