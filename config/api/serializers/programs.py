from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from programs.models import Measure, MeasureAssignment, Program, ProgressReport
from programs.selectors.execution import Execution, execution
from schools import text as text_limits

from ..selectors import measure_occurrences
from .ladder import RefSerializer

# Ids fit the database's bigint and versions its integer: a larger number is a 400, not a 500.
ID_BOUNDS = {"min_value": 1, "max_value": 2**63 - 1}
VERSION_MAX = 2**31 - 1


class ProgramProgressOut(serializers.Serializer):
    targets = serializers.IntegerField(
        help_text="Сколько отчётов ожидается: сроки × школы (или исполнители) мероприятий; мероприятие без "
        "сроков — один отчёт о выполнении от каждой школы (исполнителя)."
    )
    done = serializers.IntegerField(help_text="Закрыто принятыми отчётами «выполнено» или «отменено».")
    waiting = serializers.IntegerField(help_text="Отчёт подан и ждёт проверки.")
    due = serializers.IntegerField(help_text="Срок в ближайшие 30 дней, отчёта ещё нет.")
    overdue = serializers.IntegerField(
        help_text="Срок прошёл, программа реализуется, отчёт не принят и не ждёт проверки."
    )
    missed = serializers.IntegerField(help_text="Срок прошёл в программе, которая уже не реализуется (история).")
    late = serializers.IntegerField(help_text="Выполнено, но отчёт подан после срока.")
    percent = serializers.IntegerField(help_text="Процент выполнения: done / targets.")


class ProgramOut(serializers.ModelSerializer):
    municipality = RefSerializer()
    approval = serializers.CharField(source="approval_label", help_text="Документ об утверждении.")
    schools = serializers.SerializerMethodField(help_text="Школы — участники программы (id).")
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "id",
            "title",
            "short_title",
            "kind",
            "status",
            "municipality",
            "period_start",
            "period_end",
            "approval",
            "is_public",
            "schools",
            "progress",
        ]

    def get_schools(self, program: Program) -> list[int]:
        return sorted(p.school_id for p in program.participants.all())

    @extend_schema_field(ProgramProgressOut)
    def get_progress(self, program: Program) -> dict:
        progress = self.context.get("progress", {}).get(program.pk)
        fields = ("done", "waiting", "due", "overdue", "missed", "late", "percent")
        if progress is None:
            return {"targets": 0, **dict.fromkeys(fields, 0)}
        return {"targets": progress.total, **{f: getattr(progress, f) for f in fields}}


class ReportOut(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "occurrence",
            "school",
            "assignment",
            "organisation",
            "status",
            "narrative",
            "review",
            "review_comment",
            "version",
            "filed_at",
            "updated_at",
            "reviewed_at",
        ]


class OccurrenceProgressOut(serializers.Serializer):
    targets = serializers.IntegerField(help_text="Сколько отчётов ожидается: по школе мероприятия (или один).")
    closed = serializers.IntegerField(help_text="Принятых отчётов «выполнено» или «отменено».")
    submitted = serializers.IntegerField(help_text="Отчётов на проверке.")
    returned = serializers.IntegerField(help_text="Отчётов, возвращённых на доработку.")
    overdue = serializers.IntegerField(help_text="Ожидаемых отчётов, не закрытых после срока.")


class OccurrenceOut(serializers.Serializer):
    id = serializers.IntegerField()
    due_date = serializers.DateField()
    off_schedule = serializers.BooleanField(help_text="Срок выпал из текущего расписания, но по нему есть отчёты.")
    progress = OccurrenceProgressOut()
    reports = ReportOut(
        many=True, help_text="Отчёты, которые вправе видеть вызывающий (своей школы или все — органу управления)."
    )


class AssignmentOut(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", help_text="Уровень исполнителя словами.")
    organisation = serializers.IntegerField(
        source="organisation_id", allow_null=True, help_text="Организация-исполнитель (id); её сотрудники отчитываются."
    )

    class Meta:
        model = MeasureAssignment
        fields = ["id", "level", "level_label", "organisation", "text"]
        extra_kwargs = {
            "level": {"help_text": "Уровень исполнителя дорожной карты."},
            "text": {"help_text": "Что делает исполнитель этого уровня."},
        }


class MeasureOut(serializers.ModelSerializer):
    task = serializers.CharField(
        source="task.number", default=None, allow_null=True, help_text="Номер задачи программы."
    )
    section = serializers.CharField(
        source="section.number", default=None, allow_null=True, help_text="Номер раздела таблицы мероприятий."
    )
    schools = serializers.SerializerMethodField(help_text="Школы, которых касается мероприятие (id).")
    assignments = AssignmentOut(
        many=True,
        read_only=True,
        help_text="Исполнители дорожной карты по уровням (каждый отчитывается о своей части); пусто — "
        "отчитываются школы или ответственные организации.",
    )
    occurrences = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "id",
            "program",
            "number",
            "title",
            "task",
            "section",
            "timing_text",
            "responsible_text",
            "planned_result",
            "schools",
            "assignments",
            "occurrences",
            "version",
        ]
        extra_kwargs = {"version": {"help_text": "Версия мероприятия: для expected_version при изменении."}}

    def get_schools(self, measure: Measure) -> list[int]:
        return sorted(s.pk for s in measure.schools.all())

    @extend_schema_field(OccurrenceOut(many=True))
    def get_occurrences(self, measure: Measure) -> list[dict]:
        request = self.context["request"]
        return OccurrenceOut(
            measure_occurrences(measure=measure, user=request.user, work=self._work(measure)), many=True
        ).data

    def _work(self, measure: Measure) -> Execution:
        """The execution of every measure on the page, read once (six queries) for the page."""
        work = self.context.get("work")
        if work is None:
            page = getattr(self.parent, "instance", None) or [measure]
            work = execution(program_ids={m.program_id for m in page}, measure_ids=[m.pk for m in page])
            self.context["work"] = work
        return work


class ProgressIn(serializers.Serializer):
    """Filing progress on one occurrence, for one school, for one roadmap executor («assignment»),
    or — where the measure names neither — for the responsible organisation (leave both empty)."""

    school = serializers.IntegerField(required=False, allow_null=True, **ID_BOUNDS, help_text="Школа (id).")
    assignment = serializers.IntegerField(
        required=False,
        allow_null=True,
        **ID_BOUNDS,
        help_text="Исполнитель дорожной карты (id из assignments мероприятия): у мероприятия с исполнителями "
        "каждый отчитывается о своей части.",
    )
    status = serializers.ChoiceField(choices=ProgressReport.Status.choices, help_text="Ход выполнения.")
    narrative = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=text_limits.LONG,
        help_text="Что сделано (обязательно для «выполнено»).",
    )
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=VERSION_MAX,
        help_text="Версия отчёта, на которой основано изменение; при расхождении — 409.",
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, help_text="Подтверждающие файлы (multipart)."
    )

    def validate(self, data):
        if data.get("school") is not None and data.get("assignment") is not None:
            raise serializers.ValidationError(
                {"assignment": "Укажите либо школу, либо исполнителя дорожной карты, а не обоих."}
            )
        return data


class AssignmentIn(serializers.Serializer):
    id = serializers.IntegerField(
        required=False,
        allow_null=True,
        **ID_BOUNDS,
        help_text="Исполнитель мероприятия (id), которого меняют; пусто — новый.",
    )
    level = serializers.ChoiceField(choices=MeasureAssignment.Level.choices, help_text="Уровень исполнителя.")
    organisation = serializers.IntegerField(
        required=False, allow_null=True, **ID_BOUNDS, help_text="Организация-исполнитель (id) из региона программы."
    )
    text = serializers.CharField(max_length=text_limits.SHORT, help_text="Что делает исполнитель этого уровня.")


class AssignmentsIn(serializers.Serializer):
    """The whole list of a measure's roadmap executors: rows with an id change those executors,
    rows without one add executors, executors left out are deleted."""

    assignments = AssignmentIn(many=True, help_text="Все исполнители мероприятия после изменения.")
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=VERSION_MAX,
        help_text="Версия мероприятия, на которой основано изменение; при расхождении — 409.",
    )
