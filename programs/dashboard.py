"""What programs contribute to the dashboards: progress, overdue measures, what is due."""

from __future__ import annotations

from collections import defaultdict

from monitoring.dashboards import Column, Panel

from .access import visible_programs
from .models import Program
from .selectors import RUNNING, Progress, due_for_schools, overdue_occurrences, programs_progress


def panels(*, level: str, obj, user) -> list[Panel]:
    if level == "municipality":
        programs = list(
            visible_programs(user)
            .filter(municipality=obj)
            .exclude(status=Program.Status.ARCHIVED)
            .order_by("-period_start")
        )
        progress = programs_progress([p.pk for p in programs])
        running = [p.pk for p in programs if p.status in RUNNING]
        return [
            Panel(
                "programs",
                "Программы и их выполнение",
                "programs/dashboard/_programs.html",
                {"rows": [(p, progress.get(p.pk, Progress())) for p in programs]},
                order=10,
            ),
            Panel(
                "overdue",
                "Просроченные мероприятия",
                "programs/dashboard/_overdue.html",
                {
                    "overdue": list(overdue_occurrences(program_ids=running, limit=10)),
                    "total": sum(progress.get(pk, Progress()).overdue for pk in running),
                },
                order=20,
            ),
        ]
    if level == "school":
        return [
            Panel(
                "measures",
                "Мероприятия школы",
                "programs/dashboard/_due.html",
                {"items": due_for_schools(school_ids={obj.pk}, days=30)},
                order=30,
                width="col-12",
            )
        ]
    return []


def region_columns(*, municipalities, user) -> list[Column]:
    ids = [m.pk for m in municipalities]
    programs = list(
        visible_programs(user).filter(municipality_id__in=ids, status__in=RUNNING).values_list("pk", "municipality_id")
    )
    progress = programs_progress([pk for pk, _ in programs])
    count, done, targets, overdue = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int)
    for pk, municipality_id in programs:
        p = progress.get(pk, Progress())
        count[municipality_id] += 1
        done[municipality_id] += p.done
        targets[municipality_id] += p.targets
        overdue[municipality_id] += p.overdue
    percent = {m: round(100 * done[m] / targets[m]) if targets[m] else None for m in ids}
    return [
        Column("Программ реализуется", {m: count[m] for m in ids}, order=10),
        Column(
            "Выполнение, %",
            percent,
            {
                m: (
                    "nodata"
                    if percent[m] is None
                    else "done"
                    if percent[m] >= 80
                    else "partly"
                    if percent[m] >= 50
                    else "overdue"
                )
                for m in ids
            },
            order=11,
        ),
        Column(
            "Просрочено сроков",
            {m: overdue[m] for m in ids},
            {m: "overdue" if overdue[m] else "done" for m in ids},
            order=12,
        ),
    ]
