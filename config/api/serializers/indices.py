from __future__ import annotations

import struct

from rest_framework import serializers

from indices.models import Run, SchoolResult

from .ladder import RefSerializer, SchoolRefSerializer


class MethodologyRef(serializers.Serializer):
    slug = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()


class RunOut(serializers.ModelSerializer):
    region = RefSerializer()
    municipality = RefSerializer(allow_null=True, help_text="Пусто — расчёт по всему региону.")
    methodology = MethodologyRef()

    class Meta:
        model = Run
        fields = [
            "id",
            "year",
            "region",
            "municipality",
            "methodology",
            "status",
            "created_at",
            "finished_at",
        ]


class RunDetailOut(RunOut):
    class Meta(RunOut.Meta):
        fields = [*RunOut.Meta.fields, "summary"]


class ResultOut(serializers.ModelSerializer):
    school = SchoolRefSerializer()

    class Meta:
        model = SchoolResult
        fields = [
            "school",
            "quality_index",
            "quality_se",
            "significantly_below",
            "quality_group",
            "wellbeing_index",
            "wellbeing_group",
            "residual",
            "category",
            "pilot",
            "stably_low",
            "missing_reason",
        ]

    def to_representation(self, instance: SchoolResult) -> dict:
        # Pages of 1,000 rows: DRF's generic field-by-field walk costs ~0.1 ms a row, more than the
        # query. The same dictionary written out (tests/api/test_fast_serializers.py holds it equal
        # to the generic one); the declared fields above still describe it to the schema.
        r, school = instance, instance.school
        return {
            "school": {
                "id": school.id,
                "code": school.code,
                "short_name": school.short_name,
                "municipality_id": school.municipality_id,
            },
            "quality_index": _float(r.quality_index),
            "quality_se": _float(r.quality_se),
            "significantly_below": r.significantly_below,
            "quality_group": r.quality_group,
            "wellbeing_index": _float(r.wellbeing_index),
            "wellbeing_group": r.wellbeing_group,
            "residual": _float(r.residual),
            "category": r.category,
            "pilot": r.pilot,
            "stably_low": r.stably_low,
            "missing_reason": r.missing_reason,
        }

    #: The columns of a row read with values_list() (config/api/rows.py), the row's id first.
    ROW_COLUMNS = (
        "id",
        "school_id",
        "school__code",
        "school__short_name",
        "school__municipality_id",
        "quality_index",
        "quality_se",
        "significantly_below",
        "quality_group",
        "wellbeing_index",
        "wellbeing_group",
        "residual",
        "category",
        "pilot",
        "stably_low",
        "missing_reason",
    )

    #: The result's float columns: on PostgreSQL read as one value, eight bytes each (PACKED_COLUMNS).
    FLOAT_COLUMNS = ("quality_index", "quality_se", "wellbeing_index", "residual")
    #: ROW_COLUMNS with the four floats as one column in their place (config/api/views/indices.py).
    PACKED_COLUMNS = (*ROW_COLUMNS[:5], "numbers", "significantly_below", "quality_group", "wellbeing_group",
                      "category", "pilot", "stably_low", "missing_reason")  # fmt: skip

    @staticmethod
    def packed_row_out(row: tuple) -> dict:
        """``row_out`` of a row of PACKED_COLUMNS: the four floats unpacked from their bytes, NaN
        (how a missing one is sent) as None. The same dictionary, number for number: the doubles
        are the stored ones, not decimal text parsed back (tests/api/test_rows.py)."""
        (
            _id,
            school_id,
            code,
            short_name,
            municipality_id,
            numbers,
            significantly_below,
            quality_group,
            wellbeing_group,
            category,
            pilot,
            stably_low,
            missing_reason,
        ) = row
        quality_index, quality_se, wellbeing_index, residual = _four_doubles(numbers)
        return {
            "school": {"id": school_id, "code": code, "short_name": short_name, "municipality_id": municipality_id},
            # x == x is False only for NaN.
            "quality_index": quality_index if quality_index == quality_index else None,
            "quality_se": quality_se if quality_se == quality_se else None,
            "significantly_below": significantly_below,
            "quality_group": quality_group,
            "wellbeing_index": wellbeing_index if wellbeing_index == wellbeing_index else None,
            "wellbeing_group": wellbeing_group,
            "residual": residual if residual == residual else None,
            "category": category,
            "pilot": pilot,
            "stably_low": stably_low,
            "missing_reason": missing_reason,
        }

    @staticmethod
    def row_out(row: tuple) -> dict:
        """``to_representation`` of a values_list() row of ROW_COLUMNS: the same dictionary (the
        float columns come from the database as floats or None already)."""
        (
            _id,
            school_id,
            code,
            short_name,
            municipality_id,
            quality_index,
            quality_se,
            significantly_below,
            quality_group,
            wellbeing_index,
            wellbeing_group,
            residual,
            category,
            pilot,
            stably_low,
            missing_reason,
        ) = row
        return {
            "school": {"id": school_id, "code": code, "short_name": short_name, "municipality_id": municipality_id},
            "quality_index": quality_index,
            "quality_se": quality_se,
            "significantly_below": significantly_below,
            "quality_group": quality_group,
            "wellbeing_index": wellbeing_index,
            "wellbeing_group": wellbeing_group,
            "residual": residual,
            "category": category,
            "pilot": pilot,
            "stably_low": stably_low,
            "missing_reason": missing_reason,
        }


# Four big-endian doubles, as PostgreSQL's float8send writes each.
_four_doubles = struct.Struct(">4d").unpack


def _float(value) -> float | None:
    return None if value is None else float(value)
