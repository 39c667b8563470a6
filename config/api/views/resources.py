"""Read endpoints of the resources registers: methodological events, funding lines, trainings,
per-teacher plans and mentor–mentee pairs."""

from __future__ import annotations

import django_filters as df
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from resources.access import (
    visible_events,
    visible_funding,
    visible_mentor_pairs,
    visible_teacher_plans,
    visible_trainings,
)
from resources.models import (
    EventAttendance,
    FundingLine,
    MentorPair,
    MethodEvent,
    PlannedTraining,
    Source,
    TeacherPlan,
    Training,
)

from ..base import ReadOnlyApiViewSet
from ..filters import IdFilter, YearFilter
from ..serializers.resources import EventOut, FundingOut, MentorPairOut, TeacherPlanOut, TrainingOut
from .schema import read_only_schema


class EventFilter(df.FilterSet):
    program = IdFilter(field_name="program_id", label=_("Программа (id)"))
    measure = IdFilter(field_name="measure_id", label=_("Мероприятие программы (id)"))
    municipality = IdFilter(field_name="program__municipality_id", label=_("Муниципалитет (id)"))
    status = df.ChoiceFilter(choices=MethodEvent.Status.choices, label=_("Состояние"))

    class Meta:
        model = MethodEvent
        fields = ["program", "measure", "municipality", "status"]


class FundingFilter(df.FilterSet):
    program = IdFilter(field_name="program_id", label=_("Программа (id)"))
    year = YearFilter(field_name="year", label=_("Год"))
    source = df.ChoiceFilter(choices=Source.choices, label=_("Источник"))

    class Meta:
        model = FundingLine
        fields = ["program", "year", "source"]


class PlanFilter(df.FilterSet):
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    year = YearFilter(field_name="year", label=_("Год"))

    class Meta:
        model = TeacherPlan
        fields = ["school", "year"]


class PairFilter(df.FilterSet):
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))

    class Meta:
        model = MentorPair
        fields = ["school"]


class TrainingFilter(df.FilterSet):
    school = IdFilter(field_name="school_id", label=_("Школа (id)"))
    year = YearFilter(field_name="year", label=_("Год"))

    class Meta:
        model = Training
        fields = ["school", "year"]


@read_only_schema(
    EventOut,
    summary="Методические мероприятия",
    description="Семинары, вебинары, супервизии и другие мероприятия программ, которые видит токен: "
    "с посещаемостью по школам и отчётами о выполнении, которые подало проведённое мероприятие.",
    one="Методическое мероприятие",
)
class EventViewSet(ReadOnlyApiViewSet):
    serializer_class = EventOut
    filterset_class = EventFilter
    ordering_fields = ["starts_at", "id"]
    ordering = ["starts_at", "id"]

    def get_queryset(self):
        return visible_events(self.request.user).prefetch_related(
            "reports", Prefetch("attendance", queryset=EventAttendance.objects.order_by("school_id"))
        )


@read_only_schema(
    FundingOut,
    summary="Финансирование программ",
    description="Строки финансирования: год, источник, план и исполнение в рублях (точные суммы с копейками).",
    one="Строка финансирования",
)
class FundingViewSet(ReadOnlyApiViewSet):
    serializer_class = FundingOut
    filterset_class = FundingFilter
    ordering_fields = ["year", "id"]
    ordering = ["program_id", "year", "id"]

    def get_queryset(self):
        return visible_funding(self.request.user)


@read_only_schema(
    TrainingOut,
    summary="Повышение квалификации",
    description="Реестр повышения квалификации школ, которые видит токен.",
    one="Запись о повышении квалификации",
)
class TrainingViewSet(ReadOnlyApiViewSet):
    serializer_class = TrainingOut
    filterset_class = TrainingFilter
    ordering_fields = ["ends_on", "id"]
    ordering = ["school_id", "-ends_on", "id"]

    def get_queryset(self):
        return visible_trainings(self.request.user)


@read_only_schema(
    TeacherPlanOut,
    summary="Планы профессионального развития педагогов",
    description="Планы педагогов школ, которые видит токен: педагог (ФИО, должность, предмет) и "
    "запланированное обучение. Пройдено ли обучение, видно по реестру повышения квалификации.",
    one="План развития педагога",
)
class TeacherPlanViewSet(ReadOnlyApiViewSet):
    serializer_class = TeacherPlanOut
    filterset_class = PlanFilter
    ordering_fields = ["year", "id"]
    ordering = ["school_id", "year", "id"]

    def get_queryset(self):
        return visible_teacher_plans(self.request.user).prefetch_related(
            Prefetch("items", queryset=PlannedTraining.objects.order_by("planned_from", "pk"))
        )


@read_only_schema(
    MentorPairOut,
    summary="Пары «наставник — наставляемый»",
    description="Наставничество педагогов школ, которые видит токен: период, тема, результат.",
    one="Пара наставничества",
)
class MentorPairViewSet(ReadOnlyApiViewSet):
    serializer_class = MentorPairOut
    filterset_class = PairFilter
    ordering_fields = ["starts_on", "id"]
    ordering = ["school_id", "-starts_on", "id"]

    def get_queryset(self):
        return visible_mentor_pairs(self.request.user)
