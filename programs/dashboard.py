"""What programs contribute to the dashboards: progress, overdue measures, what is due."""

from __future__ import annotations

from collections import defaultdict

from reporting.dashboards import Column, Panel

from .access import visible_programs
from .models import Program
from .selectors.execution import RUNNING, Counts, State, execution
from .selectors.programs import school_work, work_items


def panels(*, level: str, obj, user) -> list[Panel]:
    if level == "municipality":
        programs = list(
            visible_programs(user)
            .filter(municipality=obj)
            .exclude(status=Program.Status.ARCHIVED)
            .order_by("-period_start")
        )
        work = execution(program_ids=[p.pk for p in programs])
        progress = work.by_program()
        overdue = sorted(work.in_state(State.OVERDUE), key=lambda t: (t.due_date, t.measure_id))
        return [
            Panel(
                "programs",
                "Программы и их выполнение",
                "programs/dashboard/_programs.html",
                {"rows": [(p, progress.get(p.pk, Counts())) for p in programs]},
                order=10,
            ),
            Panel(
                "overdue",
                "Просроченные мероприятия",
                "programs/dashboard/_overdue.html",
                {"total": len(overdue), "items": work_items(overdue[:10])},
                order=20,
            ),
        ]
    if level == "school":
        return [
            Panel(
                "measures",
                "Мероприятия школы",
                "programs/dashboard/_due.html",
                {"items": school_work(school_ids={obj.pk}).items, "compact": True},
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
    progress = execution(program_ids=[pk for pk, _ in programs]).by_program()
    count, done, targets, overdue = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int)
    for pk, municipality_id in programs:
        p = progress.get(pk, Counts())
        count[municipality_id] += 1
        done[municipality_id] += p.done
        targets[municipality_id] += p.total
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
