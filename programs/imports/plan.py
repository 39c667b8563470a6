"""The measures table (план мероприятий) of a program document.

The columns are found by their headings, in any order and wording; a row spanning the table (or
with text in one cell only) is a task or section heading; a header repeated on each page and a
table split in two by a page break are read as one table. Dubna's roadmap has no column of
measures but one per executor level: its rows become measures with roadmap assignments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .parsed import ParsedMeasure
from .reader import Block, Grid

# Heading patterns, tried in this order; the first column matching a key takes it.
COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(№|n\b|номер)|п/п", re.I)),
    ("timing", re.compile(r"срок|период исполнения|дата", re.I)),
    ("responsible", re.compile(r"ответствен|исполнител", re.I)),
    ("result", re.compile(r"результат|показател", re.I)),
    ("title", re.compile(r"мероприят|наименование|действи", re.I)),
]
LEVELS: list[tuple[str, re.Pattern[str]]] = [
    ("quality_assessment", re.compile(r"мсоко|оценки качества", re.I)),
    ("methodological_service", re.compile(r"методическ", re.I)),
    ("authority", re.compile(r"управлени|орган", re.I)),
]
LOOKS_LIKE_HEADING = re.compile(r"^(задача|раздел|этап|направление)\b|^([IVXLC]+|\d+(\.\d+)*)[.)]?\s+\S", re.I)
ROMAN = re.compile(r"^[IVXLC]+$")
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\*?$")
HEADING = re.compile(
    r"^(?:(?P<word>задача|раздел|этап|направление)\s*(?:№\s*)?)?"
    r"(?P<num>[IVXLC]+|\d+(?:\.\d+)*)?[.)]?\s*(?P<text>.*)$",
    re.I | re.S,
)


@dataclass
class Columns:
    keys: dict[int, str]  # grid column → key (number, title, timing, responsible, result, level:…)
    extra: dict[int, str] = field(default_factory=dict)  # grid column → its heading
    header: list[str] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.keys.values()

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(i, k.split(":", 1)[1]) for i, k in self.keys.items() if k.startswith("level:")]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _columns(row: list[str]) -> Columns | None:
    if len(row) < 3 or any(len(t) > 120 for t in row):
        return None  # a passport (label | value) or a row of text, not a header
    keys: dict[int, str] = {}
    extra: dict[int, str] = {}
    for i, text in enumerate(row):
        if not text.strip() or (i > 0 and text == row[i - 1]):
            continue  # empty, or the same cell spanning columns
        key = next((k for k, pattern in COLUMNS if pattern.search(text) and k not in keys.values()), None)
        if key is None:
            level = next((lv for lv, pattern in LEVELS if pattern.search(text)), None)
            key = f"level:{level}" if level and f"level:{level}" not in keys.values() else None
        if key is None:
            extra[i] = text
        else:
            keys[i] = key
    found = Columns(keys, extra, row)
    if found.has("title") and len(keys) >= 2:
        return found
    if len(found.levels) >= 2:
        return found
    return None


def _numbering_row(row: list[str]) -> bool:
    """«1 | 2 | 3 | 4 | 5» under the header: the columns' numbers, not a measure."""
    texts = [t for i, t in enumerate(row) if t and (i == 0 or t != row[i - 1])]
    return (
        len(texts) >= 3
        and all(t.rstrip(".").isdigit() for t in texts)
        and [int(t.rstrip(".")) for t in texts] == list(range(1, len(texts) + 1))
    )


def first_sentence(text: str) -> str:
    """A roadmap row's title: the first statement of its first executor's text."""
    first = re.split(r"(?<=[.;])\s+|\n", text.strip(), maxsplit=1)[0]
    return first.rstrip(".;").strip()


@dataclass
class _State:
    task: str = ""
    section: str = ""
    counters: dict[str, int] = field(default_factory=dict)
    headings: list[tuple[str, str, str]] = field(default_factory=list)  # kind, number, text


def _heading(text: str, state: _State, task_numbers: set[str]) -> None:
    match = HEADING.match(text.strip())
    word = (match.group("word") or "").casefold() if match else ""
    number = (match.group("num") or "") if match else ""
    body = (match.group("text") or "").strip() if match else text.strip()
    if not number or not body:
        state.task = state.section = ""
        return
    is_task = word == "задача" or (
        word != "раздел"
        and not ROMAN.match(number)
        and (number in task_numbers or (state.section and number.startswith(state.section + ".")))
    )
    if is_task:
        state.task = number
    else:
        state.section, state.task = number, ""
    state.headings.append(("task" if is_task else "section", number, body))


def _roadmap_level_texts(cells: list[str], columns: Columns) -> dict[str, str]:
    return {level: cells[i] for i, level in columns.levels if i < len(cells) and cells[i].strip()}


EMPTY_MARKS = {"—", "–", "-", "х", "x"}


def _row_measure(row: list, columns: Columns, state: _State, task_numbers: set[str]) -> ParsedMeasure | None:
    # «—» is how a table (the portal's own export too) says a cell is empty.
    texts = ["" if c.text.strip() in EMPTY_MARKS else c.text for c in row]
    values = {key: texts[i] for i, key in columns.keys.items() if i < len(texts)}
    distinct = {t for t in texts if t.strip()}
    if not distinct:
        return None
    number_text = values.get("number", "").strip()
    others = [v for k, v in values.items() if k not in ("number", "title") and v.strip()]
    title = values.get("title", "")
    heading_text = None
    if len(distinct) == 1 and (not number_text or number_text == title or not columns.has("title")):
        only = next(iter(distinct))
        merged_across = sum(1 for c in row if c.text == only) > 1
        # Text in one cell only is a heading when it reads as one («Задача 2. …», «II. …»); a
        # roadmap row with one executor's text is a measure.
        if (merged_across or LOOKS_LIKE_HEADING.match(only)) and not NUMBER.match(number_text):
            heading_text = only
    elif ROMAN.match(number_text.rstrip(".")) and not others:
        heading_text = f"{number_text.rstrip('.')}. {title}"
    elif not number_text and not others and re.match(r"^(задача|раздел)\b", title.strip(), re.I):
        heading_text = title
    if heading_text is not None:
        _heading(heading_text, state, task_numbers)
        return None
    doubts: list[str] = []
    number = number_text.rstrip("*").strip().rstrip(".").strip()
    assigned = number_text.endswith("*")
    levels = _roadmap_level_texts(texts, columns)
    if not title.strip() and levels:
        title = first_sentence(next(iter(levels.values())))
    if not title.strip():
        doubts.append("no_title")
    if not number or not NUMBER.match(number):
        parent = state.task or state.section
        key = parent or "_"
        state.counters[key] = state.counters.get(key, 0) + 1
        number = f"{parent}.{state.counters[key]}" if parent else str(state.counters[key])
        doubts.append("no_number")
    elif assigned:
        doubts.append("no_number")
    if any(c.merged_down for c in row if c.text.strip()):
        doubts.append("merged")
    task = state.task
    if not task:
        # A roadmap groups its rows by section only; the task is the one whose number begins theirs.
        task = max((t for t in task_numbers if number.startswith(t + ".")), key=len, default="")
    return ParsedMeasure(
        number=number,
        title=title,
        timing=values.get("timing", ""),
        responsible=values.get("responsible", ""),
        result=values.get("result", ""),
        task=task,
        section=state.section,
        assignments=levels,
        extra={columns.extra[i]: texts[i] for i in columns.extra if i < len(texts) and texts[i].strip()},
        doubts=doubts,
        source=" | ".join(t.replace("\n", " ") for i, t in enumerate(texts) if i == 0 or t != texts[i - 1]),
    )


@dataclass
class Plan:
    measures: list[ParsedMeasure]
    headings: list[tuple[str, str, str]]
    assigned_note: bool  # the export's «номера присвоены порталом» under the table


def read_plan(blocks: list[Block], *, task_numbers: set[str]) -> Plan | None:
    """The measures of the first table whose header names the measures (and of the tables that
    continue it), or None when the document has no such table."""
    state = _State()
    measures: list[ParsedMeasure] = []
    columns: Columns | None = None
    started = False
    note = False
    between = 0  # paragraphs since the last table of the plan
    for block in blocks:
        if isinstance(block, str):
            if started:
                between += 1
                note = note or "присвоены порталом" in block
            continue
        grid: Grid = block
        start = None
        for r, row in enumerate(grid.rows[:4]):
            found = _columns([c.text for c in row])
            if found is not None:
                start, columns = r + 1, found
                break
        if start is None:
            if not started or columns is None or grid.width != len(columns.header) or between > 2:
                continue
            start = 0  # a table split by a page break, its header not repeated
        started = True
        between = 0
        assert columns is not None
        header = [_norm(t) for t in columns.header]
        for row in grid.rows[start:]:
            texts = [c.text for c in row]
            if [_norm(t) for t in texts] == header or _numbering_row(texts):
                continue  # the header repeated on a new page, or the columns' numbers
            measure = _row_measure(row, columns, state, task_numbers)
            if measure is not None:
                measures.append(measure)
    if not started:
        return None
    return Plan(measures=measures, headings=state.headings, assigned_note=note)
