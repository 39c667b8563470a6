"""The program page's chart: progress per task (reporting/charts.py), counted as the progress bars
count it (programs/selectors/execution.py): the targets of each task's measures by state."""

from __future__ import annotations

from collections.abc import Sequence

from reporting.charts import Spec, grouped_bars

from .selectors.execution import Counts

# The states grouped as a reader asks about them, each with its colour (the portal's status colours).
PARTS = (
    ("выполнено", ("done",), "#198754"),
    ("ждёт проверки", ("waiting",), "#0d6efd"),
    ("просрочено или не выполнено в срок", ("overdue", "missed"), "#b02a37"),
    ("срок ещё не наступил", ("due", "upcoming", "open"), "#adb5bd"),
)


def task_progress_spec(groups: Sequence) -> Spec | None:
    """Stacked bars, one per task, of the measures' targets by state; measures bound to no task
    make a bar «Без задачи». None when the program has no targets yet."""
    by_task: dict[str, Counts] = {}
    for group in groups:
        for row in group.rows:
            task = row.measure.task
            label = f"Задача {task.number}" if task is not None else "Без задачи"
            counts = by_task.setdefault(label, Counts())
            for name in ("total", "done", "waiting", "overdue", "missed", "due", "upcoming", "open"):
                setattr(counts, name, getattr(counts, name) + getattr(row.counts, name))
    if not any(c.total for c in by_task.values()):
        return None
    order = sorted(by_task, key=lambda label: (label == "Без задачи", _number(label)))
    rows = [
        (label, part, sum(getattr(by_task[label], state) for state in states))
        for label in order
        for part, states, _colour in PARTS
    ]
    spec = grouped_bars(
        rows,
        title="Выполнение по задачам",
        value_title="Сроков мероприятий (по школам и исполнителям)",
        series_title="Состояние",
        series_order=[part for part, _s, _c in PARTS],
        colours=[colour for _p, _s, colour in PARTS],
        stacked=True,
        counts=True,
    )
    if spec is not None:
        spec["description"] = "Выполнение по задачам: " + "; ".join(
            f"{label} — выполнено {by_task[label].done} из {by_task[label].total} ({by_task[label].percent} %)"
            for label in order
        )
    return spec


def _number(label: str) -> tuple:
    """«Задача 10» after «Задача 2»."""
    tail = label.rsplit(" ", 1)[-1]
    return tuple(int(p) if p.isdigit() else 0 for p in tail.split("."))
