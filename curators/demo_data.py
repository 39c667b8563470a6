"""The curators' demo data: the demo's ``methodologist`` becomes, by the region's order, the curator
of three schools of the live Korolyov program; a plan for each, past visits with recommendations
(the first closes its plan item), one item left overdue so the committee's load is not empty.

Everything goes through the services the pages use (the assignment opens the methodologist's
right through schools' assignment; a visit closes its item)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.utils import timezone

from programs.models import Program
from schools.models import User

from .models import CuratorAssignment, PlanItem, Visit
from .services.assignments import OrderData, curator_assign
from .services.visits import VisitData, plan_item_add, visit_record

# (days after the start, kind, topic, visit: (format, purpose, observed, recommendations, next steps) or None)
PLANS: list[list[tuple[int, str, str, tuple[str, str, str, str, str] | None]]] = [
    [
        (
            14,
            PlanItem.Kind.VISIT,
            "Установочный визит: знакомство с командой, самодиагностика рисков",
            (
                Visit.Format.ONSITE,
                "Знакомство с управленческой командой, обсуждение рискового профиля",
                "Команда школы сформирована; анализ результатов ВПР проведён формально, без выводов по классам.",
                "Провести поклассный анализ ВПР по математике и русскому языку; выделить учащихся группы риска.",
                "До следующего визита школа готовит проект антирисковой программы по мотивации учащихся.",
            ),
        ),
        (
            45,
            PlanItem.Kind.LESSONS,
            "Посещение уроков математики в 5–6 классах",
            (
                Visit.Format.ONSITE,
                "Наблюдение уроков математики, обратная связь учителям",
                "На трёх из четырёх уроков нет дифференцированных заданий; высокая доля фронтальной работы.",
                "Ввести уровневые задания на каждом уроке; организовать взаимопосещения учителей математики.",
                "Методическое объединение составит банк уровневых заданий к концу четверти.",
            ),
        ),
        (-10, PlanItem.Kind.MONITORING, "Мониторинг антирисковой программы по мотивации учащихся", None),
        (20, PlanItem.Kind.SEMINAR, "Семинар для учителей: формирующее оценивание", None),
    ],
    [
        (
            21,
            PlanItem.Kind.VISIT,
            "Установочный визит: рисковый профиль и программа развития",
            (
                Visit.Format.ONSITE,
                "Обсуждение рискового профиля и концепции развития школы",
                "Школа подтвердила риски нехватки кадров и низкой вовлечённости родителей.",
                "Включить в среднесрочную программу меры по привлечению молодых специалистов и родительский клуб.",
                "Школа направит проект среднесрочной программы на экспертизу в течение месяца.",
            ),
        ),
        (12, PlanItem.Kind.CONSULTATION, "Консультация по среднесрочной программе", None),
    ],
    [
        (
            30,
            PlanItem.Kind.CONSULTATION,
            "Дистанционная консультация: показатели антирисковых программ",
            (
                Visit.Format.REMOTE,
                "Консультация заместителя директора по целевым показателям",
                "Показатели антирисковой программы сформулированы без базовых значений.",
                "Указать базовые значения по данным прошлого учебного года и плановые значения по годам.",
                "Школа исправит показатели и повторно подаст программу.",
            ),
        ),
        (35, PlanItem.Kind.VISIT, "Визит: посещение уроков русского языка", None),
    ],
]


def demo_load_curators(context: Mapping[str, Any]) -> str:
    if CuratorAssignment.objects.exists():
        return "уже загружены"
    users = User.objects.in_bulk(["methodologist", "region"], field_name="username")
    program = Program.objects.filter(title__endswith="(демонстрационная)").first()
    curator, region = users.get("methodologist"), users.get("region")
    if program is None or curator is None or region is None:
        return "нет живой программы или учётных записей"
    schools = [p.school for p in program.participants.select_related("school").order_by("school__short_name")][:3]
    today = timezone.localdate()
    order_date = today - timedelta(days=100)
    starts_on = order_date + timedelta(days=3)
    order = OrderData(number="214-р", date=order_date, starts_on=starts_on, ends_on=today + timedelta(days=365))
    assignments = curator_assign(curator=curator, schools=schools, order=order, user=region)
    visits = 0
    for assignment, plan in zip(assignments, PLANS, strict=False):
        for offset, kind, topic, visit in plan:
            # A visited item is dated from the start of the assignment; an open one from today
            # (a negative offset: overdue).
            planned = starts_on + timedelta(days=offset) if visit is not None else today + timedelta(days=offset)
            item = plan_item_add(assignment=assignment, planned_on=planned, kind=kind, topic=topic, user=curator)
            if visit is None:
                continue
            fmt, purpose, observed, recommendations, next_steps = visit
            visit_record(
                assignment=assignment,
                data=VisitData(planned, fmt, purpose, observed, recommendations, next_steps),
                plan_item=item,
                user=curator,
            )
            visits += 1
    return f"куратор закреплён за {len(assignments)} школами, визитов: {visits}"
