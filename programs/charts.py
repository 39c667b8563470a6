"""The program's charts (reporting/charts.py): progress per task, counted as the progress bars
count it (programs/selectors/execution.py), and the program calendar — stages as bars, each task's
measures with their due dates as marks by state, today's line — for the calendar page and the
monitoring report's PDF alike."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from reporting.charts import Spec, base, grouped_bars
from reporting.document import long_date

from .selectors.execution import Counts, Execution

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


# --- the program calendar -------------------------------------------------------------------------

#: a due date's mark (Execution.marks) → its words, colour and shape: colour is never the only signal
MARKS = {
    "done": ("выполнено", "#198754", "circle"),
    "overdue": ("просрочено", "#b02a37", "diamond"),
    "waiting": ("ждёт проверки", "#b35c00", "square"),
    "future": ("предстоит", "#6c757d", "triangle-up"),
}
STAGE_COLOUR = "#0d6efd"
ROW_H = 22
LABEL_LIMIT = 300  # px of a row's label; the rest goes into the tooltip
QUARTERS = "utcmonth(datum.value) < 3 ? 'I кв.' : utcmonth(datum.value) < 6 ? 'II кв.' : utcmonth(datum.value) < 9 ? 'III кв.' : 'IV кв.'"


def _utc(day: date) -> Spec:
    return {"year": day.year, "month": day.month, "date": day.day, "utc": True}


def _ticks(start: date, end: date) -> tuple[list[Spec], str]:
    """Tick dates and the labels' expression, as fine as the period allows: every month (January
    named by its year), quarters for up to four years, else years. Ticks stand on month starts."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if months <= 18 else 3 if months <= 48 else 12
    ticks, year, month = [], start.year, start.month
    while date(year, month, 1) <= end:
        if date(year, month, 1) >= start and (month - 1) % step == 0:
            ticks.append(_utc(date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    year_label = "utcFormat(datum.value, '%Y')"
    if step == 1:
        label = f"utcmonth(datum.value) == 0 ? {year_label} : utcFormat(datum.value, '%b')"
    elif step == 3:
        label = f"utcmonth(datum.value) == 0 ? {year_label} : {QUARTERS}"
    else:
        label = year_label
    return ticks, label


def timeline_spec(*, program, groups: Sequence, work: Execution, today: date) -> Spec:
    """The calendar of ``groups`` (selectors/programs.py: TaskGroup; a PDF passes a page's share):
    the program's stages first, then each task (section) and its measures in order, one row each;
    a measure's due dates are marks coloured and shaped by state (``work.marks()``). A due date
    after the period (a report «до 10 числа» after the last quarter) stands at the period's end, its
    tooltip gives the date."""
    start, end = program.period_start, program.period_end
    marks = work.marks()
    rows: list[Spec] = []
    points: list[Spec] = []
    seen: set[str] = set()

    def row(label: str, kind: str, full: str) -> str:
        while label in seen:  # the y axis is keyed by label: two equal titles keep two rows
            label += "\u00a0"
        seen.add(label)
        rows.append({"row": label, "kind": kind, "full": full})
        return label

    for stage in program.stages.all():
        label = row(f"Этап {stage.number}. {stage.title}", "stage", f"Этап {stage.number}. {stage.title}")
        rows[-1].update(
            start=max(stage.start, start).isoformat(),
            end=min(stage.end, end).isoformat(),
            when=f"с {long_date(stage.start)} по {long_date(stage.end)}",
        )
    for group in groups:
        row(group.title, "group", group.title)
        for measure_row in group.rows:
            measure = measure_row.measure
            label = row(f"{measure.number}. {measure.title}", "measure", f"{measure.number}. {measure.title}")
            for due_date, state in marks.get(measure.pk, ()):
                words, _colour, _shape = MARKS[state]
                points.append(
                    {
                        "row": label,
                        "full": f"{measure.number}. {measure.title}",
                        "at": min(max(due_date, start), end).isoformat(),
                        "date": long_date(due_date),
                        "state": words,
                        "aria": f"{measure.number}: срок {long_date(due_date)}, {words}",
                    }
                )
    order = [r["row"] for r in rows]
    ticks, label_expr = _ticks(start, end)
    bold = [r["row"] for r in rows if r["kind"] != "measure"]
    x_scale = {"type": "utc", "domain": [_utc(start), _utc(end)]}
    y = {
        "field": "row",
        "type": "nominal",
        "sort": order,
        "title": None,
        "scale": {"domain": order},
        "axis": {
            "labelLimit": LABEL_LIMIT,
            "labelFontWeight": {
                "condition": {"test": f"indexof({_js(bold)}, datum.value) >= 0", "value": "bold"},
                "value": "normal",
            },
            "ticks": False,
            "domain": False,
        },
    }
    x = {
        "type": "temporal",
        "scale": x_scale,
        "title": None,
        "axis": {
            "orient": "top",
            "values": ticks,
            "labelExpr": label_expr,
            "labelOverlap": "greedy",
            "labelFlush": True,
            "grid": True,
        },
    }
    states = [words for words, _c, _s in MARKS.values()]
    by_state = {words: sum(p["state"] == words for p in points) for words in states}
    description = (
        f"Календарь программы с {long_date(start)} по {long_date(end)}: "
        + "; ".join(f"{r['full']} — {r['when']}" for r in rows if r["kind"] == "stage")
        + ("; " if any(r["kind"] == "stage" for r in rows) else "")
        + "сроки мероприятий: "
        + ", ".join(f"{words} — {n}" for words, n in by_state.items())
        + f"; сегодня {long_date(today)}."
    )
    spec = base(title="", description=description, width=560, height=ROW_H * max(len(rows), 1))
    layers: list[Spec] = [
        {  # a band under each task's title row, a transparent one under the others: hovering a
            # row shows its full title, cut on the axis when long
            "data": {"values": rows},
            "mark": {"type": "rect", "aria": False},
            "encoding": {
                "y": y,
                "x": {"value": 0},
                "x2": {"value": "width"},
                "color": {
                    "condition": {"test": "datum.kind == 'group'", "value": "#f1f3f5"},
                    "value": "transparent",
                },
                "tooltip": [{"field": "full", "type": "nominal", "title": "Строка"}],
            },
        },
        {
            "data": {"values": [r for r in rows if r["kind"] == "stage"]},
            "mark": {
                "type": "bar",
                "aria": False,
                "cornerRadius": 3,
                "opacity": 0.8,
                "height": 12,
                "color": STAGE_COLOUR,
            },
            "encoding": {
                "y": y,
                "x": {"field": "start", **x},
                "x2": {"field": "end"},
                "tooltip": [
                    {"field": "full", "type": "nominal", "title": "Этап"},
                    {"field": "when", "type": "nominal", "title": "Сроки"},
                ],
            },
        },
        {
            "data": {"values": points},
            "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1},
            "encoding": {
                "description": {"field": "aria"},
                "y": y,
                "x": {"field": "at", **x},
                "color": {
                    "field": "state",
                    "type": "nominal",
                    "title": "Сроки мероприятий",
                    "scale": {"domain": states, "range": [c for _w, c, _s in MARKS.values()]},
                    "legend": {"orient": "bottom", "direction": "horizontal", "columns": 4, "offset": 22},
                },
                "shape": {
                    "field": "state",
                    "type": "nominal",
                    "scale": {"domain": states, "range": [s for _w, _c, s in MARKS.values()]},
                },
                "tooltip": [
                    {"field": "full", "type": "nominal", "title": "Мероприятие"},
                    {"field": "date", "type": "nominal", "title": "Срок"},
                    {"field": "state", "type": "nominal", "title": "Состояние"},
                ],
            },
        },
    ]
    if start <= today <= end:  # today's line, when today falls within the program's period
        layers.insert(
            2,
            {
                "data": {"values": [{"at": today.isoformat(), "date": long_date(today)}]},
                "layer": [
                    {
                        "mark": {"type": "rule", "aria": False, "color": "#212529", "strokeDash": [4, 3]},
                        "encoding": {
                            "x": {"field": "at", **x},
                            "tooltip": [{"field": "date", "type": "nominal", "title": "Сегодня"}],
                        },
                    },
                    {
                        "mark": {
                            "type": "text",
                            "aria": False,
                            "text": "сегодня",
                            "baseline": "top",
                            "dy": 4,
                            "fontSize": 11,
                            "color": "#212529",
                        },
                        "encoding": {"x": {"field": "at", **x}, "y": {"value": "height"}},
                    },
                ],
            },
        )
    spec["layer"] = layers
    spec["resolve"] = {"scale": {"y": "shared", "x": "shared"}}
    return spec


def _js(value) -> str:
    """A value as a literal in a Vega expression (JSON is valid there)."""
    return json.dumps(value, ensure_ascii=False)
