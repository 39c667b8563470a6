from __future__ import annotations

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
