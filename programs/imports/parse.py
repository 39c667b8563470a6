"""A program document → :class:`ParsedProgram`: the passport, the measures and their doubts.
Pure: reads bytes, writes nothing."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from programs.timing import Kind, parse_timing

from .parsed import ParsedProgram
from .passport import read_passport
from .plan import read_plan
from .reader import MAX_BYTES, Grid, read_blocks

PREVIEW_LINES = 400  # the document's own text beside the preview


def read_program(data: bytes, *, limit: int = MAX_BYTES) -> ParsedProgram:
    """Raises :class:`reader.DocxRefused` for a file that is not a readable, safe .docx."""
    blocks = read_blocks(data, limit=limit)
    parsed = ParsedProgram()
    # The passport first: its task numbers tell a task heading from a section heading.
    read_passport(blocks, parsed, plan_index=None)
    plan = read_plan(blocks, task_numbers={n for n, _t in parsed.tasks})
    for block in blocks:
        if isinstance(block, str):
            parsed.text.append(block)
        else:
            for row in block.rows:
                texts = [c.text for i, c in enumerate(row) if c.text and not c.spanned and not c.merged_down]
                if texts:
                    parsed.text.append(" | ".join(t.replace("\n", " ") for t in texts))
    parsed.text = parsed.text[:PREVIEW_LINES]
    if plan is None:
        parsed.notes.append(
            _(
                "Таблица мероприятий не найдена: нет таблицы со столбцами «Мероприятие» (или «Наименование "
                "мероприятия») и «Сроки» / «Ответственные». Паспорт прочитан — мероприятия добавьте после "
                "создания черновика."
            )
        )
    else:
        parsed.measures = plan.measures
        known_tasks = {n for n, _t in parsed.tasks}
        for kind, number, text in plan.headings:
            if kind == "task" and number not in known_tasks:
                parsed.tasks.append((number, text))
                known_tasks.add(number)
            elif kind == "section" and number not in {n for n, _t in parsed.sections}:
                parsed.sections.append((number, text))
        parsed.numbers_assigned = plan.assigned_note or any("no_number" in m.doubts for m in parsed.measures)
        if (
            any(m.assignments for m in parsed.measures)
            and parsed.kind == "program"
            and not any(m.timing for m in parsed.measures)
        ):
            parsed.kind = "roadmap"
    if not parsed.title:
        parsed.notes.append(_("Наименование программы не найдено — впишите его."))
    if not parsed.period_start:
        parsed.notes.append(_("Сроки реализации не найдены — укажите начало и окончание периода."))
    mark_timing_doubts(parsed)
    return parsed


def mark_timing_doubts(parsed: ParsedProgram) -> None:
    """Flags the timings the portal's parser does not read (within the program's period)."""
    if not parsed.period_start or not parsed.period_end:
        return
    start, end = date.fromisoformat(parsed.period_start), date.fromisoformat(parsed.period_end)
    for measure in parsed.measures:
        measure.doubts = [d for d in measure.doubts if d != "timing"]
        if (
            measure.timing.strip()
            and parse_timing(measure.timing, period_start=start, period_end=end).kind is Kind.UNPARSED
        ):
            measure.doubts.append("timing")


__all__ = ["Grid", "read_program"]
