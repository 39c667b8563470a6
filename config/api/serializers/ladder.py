from __future__ import annotations

from rest_framework import serializers

from schools.models import Municipality, Region, School


class RefSerializer(serializers.Serializer):
    """A referenced row in one level: its id and name (flattened to two CSV columns)."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class RegionOut(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class MunicipalityOut(serializers.ModelSerializer):
    region = RefSerializer()

    class Meta:
        model = Municipality
        fields = ["id", "code", "name", "region"]


class SchoolRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    short_name = serializers.CharField()
    municipality_id = serializers.IntegerField()


class SchoolOut(serializers.ModelSerializer):
    municipality = RefSerializer()
    region_id = serializers.IntegerField()

    class Meta:
        model = School
        fields = [
            "id",
            "code",
            "short_name",
            "name",
            "type",
            "municipality",
            "region_id",
            "settlement",
            "locality",
            "small_class",
            "remote",
            "address",
            "director",
            "is_archived",
        ]
