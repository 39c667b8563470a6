"""The program calendar as a Gantt-like SVG: stages as bars, then each task (or section) with the
due dates of its measures as marks coloured by state — done, overdue, future.

Drawn on the server as plain SVG so it works offline and the same picture can go into a PDF."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from django.utils import timezone

from .selectors import TaskGroup
from .selectors_execution import Execution

MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
COLOURS = {"done": "#198754", "overdue": "#b02a37", "waiting": "#b35c00", "future": "#6c757d", "stage": "#0d6efd"}
LABELS = {"done": "выполнено", "overdue": "просрочено", "waiting": "ждёт проверки", "future": "предстоит"}
LABEL_W, ROW_H, WIDTH = 260, 26, 1100


def _x(day: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    return LABEL_W + (WIDTH - LABEL_W - 10) * (day - start).days / span


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def timeline_svg(*, program, groups: list[TaskGroup], work: Execution, today: date | None = None) -> str:
    """`work`: the program's execution (selectors_execution), whose marks colour the due dates."""
    today = today or timezone.localdate()
    marks = work.marks()
    start, end = program.period_start, program.period_end
    stages = list(program.stages.all())
    rows = len(stages) + sum(1 + len(g.rows) for g in groups)
    height = 40 + ROW_H * rows + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="tl-title" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<title id="tl-title">{escape("Календарь программы: этапы и сроки мероприятий")}</title>',
    ]
    # Axis: a tick per month, a label per quarter and per year.
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        x = _x(max(date(year, month, 1), start), start, end)
        strong = month == 1
        out.append(
            f'<line x1="{x:.1f}" y1="28" x2="{x:.1f}" y2="{height - 30}" stroke="{"#adb5bd" if strong else "#e9ecef"}"/>'
        )
        if month in (1, 4, 7, 10) or (year, month) == (start.year, start.month):
            out.append(
                f'<text x="{x + 2:.1f}" y="22" fill="#495057">{MONTHS[month - 1]}{" " + str(year) if month == 1 or (year, month) == (start.year, start.month) else ""}</text>'
            )
        month += 1
        if month == 13:
            year, month = year + 1, 1
    if start <= today <= end:
        x = _x(today, start, end)
        out.append(
            f'<line x1="{x:.1f}" y1="28" x2="{x:.1f}" y2="{height - 30}" stroke="#212529" stroke-dasharray="4 3"/>'
        )
        out.append(f'<text x="{x + 3:.1f}" y="{height - 16}" fill="#212529">сегодня</text>')
    y = 36
    for stage in stages:
        x1, x2 = _x(max(stage.start, start), start, end), _x(min(stage.end, end), start, end)
        out.append(
            f'<text x="4" y="{y + 16}" font-weight="bold">{escape(_short(f"Этап {stage.number}. {stage.title}"))}</text>'
        )
        out.append(
            f'<rect x="{x1:.1f}" y="{y + 5}" width="{max(x2 - x1, 2):.1f}" height="14" rx="3" fill="{COLOURS["stage"]}" opacity="0.75">'
            f"<title>{escape(stage.title)}: {stage.start:%d.%m.%Y}–{stage.end:%d.%m.%Y}</title></rect>"
        )
        y += ROW_H
    for group in groups:
        out.append(f'<rect x="0" y="{y + 2}" width="{WIDTH}" height="{ROW_H - 4}" fill="#f8f9fa"/>')
        out.append(f'<text x="4" y="{y + 17}" font-weight="bold">{escape(_short(group.title, 150))}</text>')
        y += ROW_H
        for row in group.rows:
            measure = row.measure
            out.append(
                f'<text x="12" y="{y + 16}"><title>{escape(measure.title)}</title>{escape(_short(f"{measure.number}. {measure.title}", 40))}</text>'
            )
            for due_date, state in marks.get(measure.pk, ()):
                # a report due after the period (a lag: "до 10 числа" after the last quarter)
                # is drawn at the period's end rather than off the chart; its title gives the date
                x = _x(min(due_date, end), start, end)
                shape = (
                    f'<rect x="{x - 4:.1f}" y="{y + 8}" width="8" height="8" transform="rotate(45 {x:.1f} {y + 12})"'
                    if state == "overdue"
                    else f'<circle cx="{x:.1f}" cy="{y + 12}" r="4.5"'
                )
                out.append(
                    f'{shape} fill="{COLOURS[state]}"><title>{due_date:%d.%m.%Y} — {LABELS[state]}</title>'
                    f"{'</rect>' if state == 'overdue' else '</circle>'}"
                )
            y += ROW_H
    legend_y = height - 12
    for i, (state, label) in enumerate(
        (("done", "выполнено"), ("overdue", "просрочено (ромб)"), ("waiting", "ждёт проверки"), ("future", "предстоит"))
    ):
        out.append(
            f'<circle cx="{LABEL_W + i * 160}" cy="{legend_y - 4}" r="4.5" fill="{COLOURS[state]}"/>'
            f'<text x="{LABEL_W + 8 + i * 160}" y="{legend_y}">{label}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
