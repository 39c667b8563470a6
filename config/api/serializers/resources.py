from __future__ import annotations

from rest_framework import serializers

from resources.models import (
    EventAttendance,
    FundingLine,
    MentorPair,
    MethodEvent,
    PlannedTraining,
    TeacherPlan,
    Training,
)
from resources.models.training import RECORD_FIELDS


class AttendanceOut(serializers.ModelSerializer):
    school = serializers.IntegerField(source="school_id", help_text="Школа (id).")
    planned = serializers.IntegerField(help_text="Ожидалось участников.")
    actual = serializers.IntegerField(allow_null=True, help_text="Пришло (вносит организатор после мероприятия).")

    class Meta:
        model = EventAttendance
        fields = ["school", "planned", "actual"]


class EventOut(serializers.ModelSerializer):
    program = serializers.IntegerField(source="program_id", help_text="Программа (id).")
    measure = serializers.IntegerField(source="measure_id", help_text="Мероприятие программы (id).")
    occurrence = serializers.IntegerField(
        source="occurrence_id", allow_null=True, help_text="Срок исполнения, который выполняет мероприятие (id)."
    )
    hours = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Продолжительность, ч.")
    host_school = serializers.IntegerField(
        source="host_school_id", allow_null=True, help_text="Школа-организатор (id)."
    )
    host_organisation = serializers.IntegerField(
        source="host_organisation_id", allow_null=True, help_text="Организация-организатор (id)."
    )
    reports = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Отчёты о выполнении, поданные проведённым мероприятием (id)."
    )
    attendance = AttendanceOut(many=True, read_only=True)

    class Meta:
        model = MethodEvent
        fields = [
            "id",
            "program",
            "measure",
            "occurrence",
            "title",
            "kind",
            "format",
            "starts_at",
            "hours",
            "host_school",
            "host_organisation",
            "audience",
            "audience_size",
            "status",
            "outcome",
            "reports",
            "attendance",
        ]


class FundingOut(serializers.ModelSerializer):
    program = serializers.IntegerField(source="program_id", help_text="Программа (id).")
    measure = serializers.IntegerField(
        source="measure_id", allow_null=True, help_text="Мероприятие (id); пусто — программа в целом."
    )
    planned = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="План, руб. (точно, с копейками).")
    actual = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, help_text="Исполнено, руб.")
    recipient_school = serializers.IntegerField(
        source="recipient_school_id", allow_null=True, help_text="Получатель гранта: школа (id)."
    )

    class Meta:
        model = FundingLine
        fields = ["id", "program", "measure", "year", "source", "planned", "actual", "grant_title", "recipient_school"]


class TrainingOut(serializers.ModelSerializer):
    school = serializers.IntegerField(source="school_id", help_text="Школа (id).")
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Часов.")

    class Meta:
        model = Training
        fields = ["id", "school", *RECORD_FIELDS]


class PlannedTrainingOut(serializers.ModelSerializer):
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Часов.")

    class Meta:
        model = PlannedTraining
        fields = ["id", "topic", "form", "hours", "planned_from", "planned_to"]


class TeacherPlanOut(serializers.ModelSerializer):
    school = serializers.IntegerField(source="school_id", help_text="Школа (id).")
    items = PlannedTrainingOut(many=True, read_only=True, help_text="Запланированное обучение.")

    class Meta:
        model = TeacherPlan
        fields = ["id", "school", "year", "full_name", "position", "subject", "items"]


class MentorPairOut(serializers.ModelSerializer):
    school = serializers.IntegerField(source="school_id", help_text="Школа (id).")

    class Meta:
        model = MentorPair
        fields = ["id", "school", "mentor", "mentee", "topic", "starts_on", "ends_on", "result"]
