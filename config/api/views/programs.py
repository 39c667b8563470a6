from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from programs.access import visible_programs
from programs.models import Measure, MeasureAssignment, Occurrence, ProgressReport
from programs.selectors.programs import programs_progress
from programs.services.errors import StaleVersion
from programs.services.measures import AssignmentChange, measure_assignments_save
from programs.services.progress import ProgressTarget, progress_file
from schools.access import visible_schools
from schools.models import Organisation

from ..base import ApiViewMixin, Conflict, Forbidden, ReadOnlyApiViewSet, rule_error
from ..errors import error_response
from ..filters import MeasureFilter, ProgramFilter
from ..serializers.programs import AssignmentOut, AssignmentsIn, MeasureOut, ProgramOut, ProgressIn, ReportOut
from .schema import BODY_ERRORS, ERRORS, FORMAT, ID, LIST_ERRORS, NOT_FOUND, id_parameter


@extend_schema_view(
    list=extend_schema(
        summary="Программы",
        description=(
            "Программы, которые видит токен: своего муниципалитета (органу управления — и проекты), "
            "а школе — утверждённые программы, в которых она участвует. С ходом выполнения."
        ),
        parameters=[FORMAT],
        responses={200: ProgramOut(many=True), **LIST_ERRORS},
        examples=[
            OpenApiExample(
                "Программа в списке",
                response_only=True,
                value={
                    "id": 1,
                    "title": "Программа поддержки школ с низкими результатами обучения",
                    "short_title": "Программа поддержки ШНОР",
                    "kind": "program",
                    "status": "active",
                    "municipality": {"id": 3, "name": "городской округ Королёв"},
                    "period_start": "2018-06-01",
                    "period_end": "2020-12-31",
                    "approval": "Приказ № 267-ОД от 17.09.2018",
                    "is_public": True,
                    "schools": [12, 14],
                    "progress": {
                        "targets": 120,
                        "done": 48,
                        "waiting": 6,
                        "due": 9,
                        "overdue": 12,
                        "missed": 0,
                        "late": 5,
                        "percent": 40,
                    },
                },
            )
        ],
    ),
    retrieve=extend_schema(parameters=[ID], summary="Программа", responses={200: ProgramOut, **ERRORS, **NOT_FOUND}),
)
class ProgramViewSet(ReadOnlyApiViewSet):
    serializer_class = ProgramOut
    filterset_class = ProgramFilter
    ordering_fields = ["period_start", "title", "id"]
    ordering = ["-period_start", "id"]

    def get_queryset(self):
        return visible_programs(self.request.user).select_related("municipality").prefetch_related("participants")

    def get_serializer(self, *args, **kwargs):
        if args:
            items = args[0] if isinstance(args[0], list | tuple) else [args[0]]
            context = self.get_serializer_context()
            # Two queries for the whole page (programs/selectors.py), never one per program.
            context["progress"] = programs_progress([p.pk for p in items])
            kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary="Мероприятия",
        description=(
            "Мероприятия видимых программ со сроками исполнения и ходом выполнения по каждому сроку. "
            "Отчёты показываются тем, кто вправе их открыть (школе — свои, органу управления — все)."
        ),
        parameters=[FORMAT],
        responses={200: MeasureOut(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(parameters=[ID], summary="Мероприятие", responses={200: MeasureOut, **ERRORS, **NOT_FOUND}),
)
class MeasureViewSet(ReadOnlyApiViewSet):
    serializer_class = MeasureOut
    filterset_class = MeasureFilter
    ordering_fields = ["sort_key", "id"]
    ordering = ["program_id", "sort_key", "id"]

    def get_queryset(self):
        occurrences = Occurrence.objects.order_by("due_date").prefetch_related(
            Prefetch("reports", queryset=ProgressReport.objects.order_by("pk"))
        )
        return (
            Measure.objects.filter(program__in=visible_programs(self.request.user), is_archived=False)
            # program.municipality joined: the rules predicates on reports read it without a query.
            .select_related("program__municipality", "task", "section")
            .prefetch_related("schools", "assignments", Prefetch("occurrences", queryset=occurrences))
        )


ASSIGNMENTS_EXAMPLE = {
    "assignments": [
        {"id": 31, "level": "authority", "organisation": 5, "text": "Издать приказ о координаторе проекта."},
        {
            "level": "methodological_service",
            "organisation": 7,
            "text": "Создать творческую группу поддержки школ.",
        },
    ],
    "expected_version": 3,
}


@extend_schema(
    summary="Исполнители дорожной карты мероприятия",
    description=(
        "Заменяет список исполнителей мероприятия по уровням (орган управления, методическая служба, МСОКО): "
        "строка с id меняет этого исполнителя, строка без id добавляет нового, исполнители, которых нет в "
        "списке, удаляются. Всё сохраняется вместе или не сохраняется ничего. Те же проверки и права, что в "
        "форме мероприятия на портале: меняет орган управления образованием, утверждённая программа — только "
        "в открытой новой редакции; у каждого уровня одна строка; исполнителя, по которому поданы отчёты, "
        "удалить нельзя."
    ),
    parameters=[id_parameter("id", "Мероприятие (id).")],
    request=AssignmentsIn,
    responses={
        200: OpenApiResponse(AssignmentOut(many=True), description="Исполнители мероприятия после изменения."),
        400: error_response("Изменение не прошло проверки; причины — в поле «assignments» раздела errors."),
        409: error_response("Мероприятие уже изменил кто-то другой (expected_version)."),
        **ERRORS,
        **NOT_FOUND,
        **BODY_ERRORS,
    },
    examples=[OpenApiExample("Два исполнителя", value=ASSIGNMENTS_EXAMPLE, request_only=True)],
)
class MeasureAssignmentsView(ApiViewMixin, generics.GenericAPIView):
    serializer_class = AssignmentsIn
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Measure.objects.select_related("program__municipality").filter(
            program__in=visible_programs(self.request.user), is_archived=False
        )

    def put(self, request, pk: int):
        measure = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("programs.change_program", measure.program):
            raise Forbidden(
                _(
                    "Менять исполнителей может орган управления образованием, у утверждённой программы — в новой редакции."
                )
            )
        data = AssignmentsIn(data=request.data)
        data.is_valid(raise_exception=True)
        rows = data.validated_data["assignments"]
        wanted = {row["organisation"] for row in rows if row.get("organisation") is not None}
        organisations = Organisation.objects.in_bulk(wanted)
        missing = sorted(wanted - set(organisations))
        if missing:
            raise rule_error(DjangoValidationError({"assignments": [_("Нет организации с id %s.") % missing[0]]}))
        sent = {row["id"] for row in rows if row.get("id") is not None}
        current = MeasureAssignment.objects.filter(measure=measure).values_list("pk", "level", "text")
        changes = [
            AssignmentChange(
                level=row["level"],
                text=row["text"],
                organisation=organisations.get(row["organisation"]) if row.get("organisation") is not None else None,
                pk=row.get("id"),
            )
            for row in rows
        ]
        # Executors left out of the list are deleted (refused by the service if they have reports).
        changes += [
            AssignmentChange(level=level, text=text, pk=pk, delete=True)
            for pk, level, text in current
            if pk not in sent
        ]
        try:
            saved = measure_assignments_save(
                measure=measure, changes=changes, expected_version=data.validated_data.get("expected_version")
            )
        except StaleVersion as exc:
            raise Conflict(detail=exc.messages[0]) from None
        except DjangoValidationError as exc:
            raise rule_error(exc) from None
        saved.sort(key=lambda a: list(MeasureAssignment.Level.values).index(a.level))
        return Response(AssignmentOut(saved, many=True).data)


PROGRESS_EXAMPLE = {
    "school": 12,
    "status": "done",
    "narrative": "Семинар проведён 14 сентября, 23 участника.",
    "expected_version": None,
}


@extend_schema(
    summary="Отчитаться о ходе выполнения",
    description=(
        "Отчёт школы или исполнителя дорожной карты о выполнении мероприятия к сроку (повторная отправка "
        "заменяет отчёт, пока он не принят). Те же проверки и права, что в интерфейсе портала. Отчитаться "
        "может токен (не только для чтения) учётной записи: проектной команды школы — за свою школу (токен "
        "школы или её муниципалитета); сотрудника организации-исполнителя — за свою строку дорожной карты "
        "(«assignment» — id из assignments мероприятия) или как ответственная организация, в программах "
        "муниципалитета токена; органа управления — за любого исполнителя (отчёт «от имени»). Учётная "
        "запись, у которой есть только роль «внешняя система (API)», отчёты читает, но не подаёт. "
        "Файлы — multipart, поле «files»."
    ),
    parameters=[id_parameter("id", "Срок исполнения (id).")],
    request=ProgressIn,
    responses={
        201: OpenApiResponse(ReportOut, description="Отчёт подан впервые."),
        200: OpenApiResponse(ReportOut, description="Отчёт подан повторно."),
        400: error_response("Отчёт не прошёл проверки; причины по полям."),
        409: error_response("Отчёт уже изменил кто-то другой (expected_version)."),
        **ERRORS,
        **NOT_FOUND,
        **BODY_ERRORS,
    },
    examples=[OpenApiExample("Выполнено", value=PROGRESS_EXAMPLE, request_only=True)],
)
class OccurrenceProgressView(ApiViewMixin, generics.GenericAPIView):
    serializer_class = ProgressIn
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return Occurrence.objects.select_related("measure__program__municipality").filter(
            measure__program__in=visible_programs(self.request.user), measure__is_archived=False
        )

    def post(self, request, pk: int):
        occurrence = get_object_or_404(self.get_queryset(), pk=pk)
        data = ProgressIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        school = None
        if d.get("school") is not None:
            school = visible_schools(request.user).filter(pk=d["school"]).first()
            if school is None:
                raise Forbidden(_("Нет прав отчитываться за эту школу."))
        assignment = None
        if d.get("assignment") is not None:
            assignment = (
                MeasureAssignment.objects.select_related("organisation")
                .filter(measure_id=occurrence.measure_id, pk=d["assignment"])
                .first()
            )
            if assignment is None:
                raise rule_error(
                    DjangoValidationError({"assignment": [_("У мероприятия нет исполнителя с таким id.")]})
                )
        target = ProgressTarget(occurrence=occurrence, school=school, assignment=assignment)
        if not request.user.has_perm("programs.file_progress", target):
            raise Forbidden(
                _("Нет прав отчитываться по этому мероприятию за этого исполнителя.")
                if assignment is not None
                else _("Нет прав отчитываться по этому мероприятию за эту школу.")
            )
        try:
            report = progress_file(
                target=target,
                user=request.user,
                status=d["status"],
                narrative=d.get("narrative", ""),
                files=d.get("files") or [],
                expected_version=d.get("expected_version"),
            )
        except StaleVersion as exc:
            raise Conflict(detail=exc.messages[0]) from None
        except DjangoValidationError as exc:
            raise rule_error(exc) from None
        return Response(
            ReportOut(report).data, status=status.HTTP_201_CREATED if report.version == 1 else status.HTTP_200_OK
        )
