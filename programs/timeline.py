"""The program calendar as a Gantt-like SVG: stages as bars, then each task (or section) with the
due dates of its measures as marks coloured by state — done, overdue, future.

Drawn on the server as plain SVG so it works offline and the same picture can go into a PDF."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from django.utils import timezone

from .selectors.execution import Execution
from .selectors.programs import TaskGroup

MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
COLOURS = {"done": "#198754", "overdue": "#b02a37", "waiting": "#b35c00", "future": "#6c757d", "stage": "#0d6efd"}
LABELS = {"done": "выполнено", "overdue": "просрочено", "waiting": "ждёт проверки", "future": "предстоит"}
QUARTERS = ["I", "II", "III", "IV"]
LABEL_W, ROW_H, WIDTH = 260, 26, 1100
FOOT = 46  # under the rows: the «сегодня» mark, then the legend on a line of its own
# Axis labels in 11 px DejaVu Sans: at most about 7 px a letter or digit, 3.5 px the narrow
# «I», space and full stop; labels keep a gap between them.
AXIS_CHAR_W, AXIS_NARROW_W, AXIS_GAP = 7.0, 3.5, 5


def _text_w(text: str) -> float:
    return sum(AXIS_NARROW_W if ch in "I ." else AXIS_CHAR_W for ch in text)


def _x(day: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    return LABEL_W + (WIDTH - LABEL_W - 10) * (day - start).days / span


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _months(start: date, end: date):
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        yield year, month
        month += 1
        if month == 13:
            year, month = year + 1, 1


def _fits(x: float, following: date, text: str, start: date, end: date) -> bool:
    return following > end or _x(following, start, end) - max(x, LABEL_W) >= _text_w(text) + AXIS_GAP + 2


def _axis(start: date, end: date, height: int) -> list[str]:
    """Month ticks and the labels that fit: every month when a month is wide enough for its
    name, else quarters («II кв.»), else years (every one that has room). Years stand on their own
    row above months and quarters. Labels are placed left to right and one that would run into
    the previous one on its row is left out, so none ever overlap (a short first month, say)."""
    px_month = (WIDTH - LABEL_W - 10) * 30.44 / max((end - start).days, 1)
    if px_month >= _text_w("сен") + AXIS_GAP:
        unit = "month"
    elif 3 * px_month >= _text_w("III кв.") + AXIS_GAP:
        unit = "quarter"
    else:
        unit = "year"
    out, rows = [], {10: -1e9, 22: -1e9}  # row baseline → where its last label ends
    year_row = 22 if unit == "year" else 10

    def label(x: float, row: int, text: str, kind: str) -> None:
        x = max(x, LABEL_W) + 2
        if x < rows[row] + AXIS_GAP or x + _text_w(text) > WIDTH:
            return
        out.append(f'<text x="{x:.1f}" y="{row}" fill="#495057" data-axis="{kind}">{text}</text>')
        rows[row] = x + _text_w(text)

    for year, month in _months(start, end):
        x = _x(max(date(year, month, 1), start), start, end)
        first = (year, month) == (start.year, start.month)
        out.append(
            f'<line x1="{x:.1f}" y1="28" x2="{x:.1f}" y2="{height - FOOT}" stroke="{"#adb5bd" if month == 1 else "#e9ecef"}"/>'
        )
        # A part of a year or quarter at the start is labelled only when its label ends before the
        # next full one begins; otherwise the full one (January, the next quarter) keeps its label.
        if month == 1 or (first and _fits(x, date(year + 1, 1, 1), str(year), start, end)):
            label(x, year_row, str(year), "year")
        if unit == "month":
            label(x, 22, MONTHS[month - 1], "month")
        elif unit == "quarter":
            text = f"{QUARTERS[(month - 1) // 3]} кв."
            next_quarter = date(year + (month > 9), (month - 1) // 3 * 3 % 12 + 4 if month <= 9 else 1, 1)
            if month in (1, 4, 7, 10) or (first and _fits(x, next_quarter, text, start, end)):
                label(x, 22, text, "quarter")
    return out


def timeline_svg(*, program, groups: list[TaskGroup], work: Execution, today: date | None = None) -> str:
    """`work`: the program's execution (selectors/execution.py), whose marks colour the due dates."""
    today = today or timezone.localdate()
    marks = work.marks()
    start, end = program.period_start, program.period_end
    stages = list(program.stages.all())
    rows = len(stages) + sum(1 + len(g.rows) for g in groups)
    height = 40 + ROW_H * rows + FOOT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="tl-title" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f'<title id="tl-title">{escape("Календарь программы: этапы и сроки мероприятий")}</title>',
    ]
    # Axis: a tick per month; labels as fine as there is room for (months, else quarters, else years).
    out += _axis(start, end, height)
    if start <= today <= end:
        x = _x(today, start, end)
        out.append(
            f'<line x1="{x:.1f}" y1="28" x2="{x:.1f}" y2="{height - FOOT}" stroke="#212529" stroke-dasharray="4 3"/>'
        )
        near_end = x + 3 + _text_w("сегодня") > WIDTH  # then the word stands left of the line
        anchor = ' text-anchor="end"' if near_end else ""
        out.append(
            f'<text x="{x - 3 if near_end else x + 3:.1f}" y="{height - FOOT + 13}" fill="#212529"{anchor}>сегодня</text>'
        )
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
