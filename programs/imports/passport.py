"""The passport of a program document: its approval lines, title and the two-column passport
table (or the labelled paragraphs where a document has no table), the stages table and the list
of participating schools."""

from __future__ import annotations

import re
from datetime import date

from .parsed import ParsedProgram, ParsedStage
from .reader import Block, Grid

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("январ",),
            ("феврал",),
            ("март",),
            ("апрел",),
            ("ма",),
            ("июн",),
            ("июл",),
            ("август",),
            ("сентябр",),
            ("октябр",),
            ("ноябр",),
            ("декабр",),
        ],
        start=1,
    )
    for m in names
}
DATE_DOTS = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
DATE_WORDS = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})", re.I)
YEARS = re.compile(r"(20\d\d)\s*[-–—]\s*(20\d\d)")
KINDS = {"дорожная карта": "roadmap", "муниципальная модель": "model", "модель": "model", "программа": "program"}
DOC_TYPES = ("Приказ", "Постановление", "Распоряжение", "Решение")
# Passport labels → keys, tried in order (the first matching wins).
LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("title", re.compile(r"^наименование")),
    ("kind", re.compile(r"^вид документа")),
    ("approval", re.compile(r"^утвержден|^кем утвержден|^принят")),
    ("signatory", re.compile(r"^подписант|^подписал")),
    ("legal_bases", re.compile(r"основани|нормативн")),
    ("developers", re.compile(r"разработчик")),
    ("partners", re.compile(r"партн[её]р|соисполнител")),
    ("executors", re.compile(r"исполнител")),
    ("goals", re.compile(r"^цел")),
    ("tasks", re.compile(r"^задач")),
    ("stages", re.compile(r"этап")),
    ("period", re.compile(r"срок|период")),
    ("results", re.compile(r"результат")),
    ("risks", re.compile(r"риск")),
    ("control", re.compile(r"контрол")),
]
ITEM_NUMBER = re.compile(r"^\s*(?:[-–—•·]\s*|(\d+(?:\.\d+)*)[.)]\s+)")


def _day(text: str) -> date | None:
    match = DATE_DOTS.search(text)
    if match:
        d, m, y = (int(g) for g in match.groups())
        try:
            return date(y, m, d)
        except ValueError:
            return None
    match = DATE_WORDS.search(text)
    if match:
        month = next((n for stem, n in MONTHS.items() if match.group(2).casefold().startswith(stem)), None)
        if month:
            try:
                return date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                return None
    return None


def dates_in(text: str) -> list[date]:
    found = []
    for part in re.split(r"\s[-–—]\s|\sпо\s|\sдо\s", text):
        d = _day(part)
        if d is not None:
            found.append(d)
    return found


def period_of(text: str) -> tuple[date, date] | None:
    days = dates_in(text)
    if len(days) >= 2:
        return days[0], days[1]
    years = YEARS.search(text)
    if years:
        return date(int(years.group(1)), 1, 1), date(int(years.group(2)), 12, 31)
    return None


def items(text: str, *, numbered: bool = False) -> list:
    """A passport cell's list: one item a line, numbering and list marks and the trailing «;»/«.»
    dropped (the seeds' own convention for list items). In a numbered list a line without a number
    continues the item above (an item with its own «- …» points), as does a «- …» line after one
    ending with a colon."""
    lines = [line for line in text.split("\n") if line.strip()]
    is_numbered = bool(lines) and bool(re.match(r"^\s*\d+(?:\.\d+)*[.)]\s+", lines[0]))
    raw: list[tuple[str | None, str]] = []
    for line in lines:
        match = ITEM_NUMBER.match(line)
        has_number = bool(match and match.group(1))
        point = line.lstrip().startswith(("-", "–", "•"))
        # «…стратегий:» opens a list of points that belong to the item, up to the next plain line.
        continues = raw and (
            (is_numbered and not has_number) or (point and (raw[-1][1].endswith(":") or "\n-" in raw[-1][1]))
        )
        if continues:
            raw[-1] = (raw[-1][0], f"{raw[-1][1]}\n{line.strip()}")
            continue
        raw.append(((match.group(1) if match else None), line[match.end() :] if match else line))
    out: list = []
    for n, (number, body) in enumerate(raw, start=1):
        body = body.strip().rstrip(";").strip()
        if body.endswith(".") and not body.endswith("г.") and not body.endswith(" т.д."):
            body = body[:-1]
        if body:
            out.append((number or str(n), body) if numbered else body)
    return out


def _approval(value: str, parsed: ParsedProgram) -> None:
    pattern = re.compile(
        r"^(?P<by>.*?)\s*(?P<type>"
        + "|".join(DOC_TYPES)
        + r")?\s*(?:№\s*(?P<num>\S+))?\s*(?:от\s+(?P<date>\d{2}\.\d{2}\.\d{4}))?\s*$",
        re.S,
    )
    match = pattern.match(value.strip())
    if not match:
        parsed.approved_by = value.strip()
        return
    if not (match.group("type") or match.group("num") or match.group("date")):
        parsed.approved_by = value.strip()
        return
    parsed.approved_by = parsed.approved_by or match.group("by").strip()
    parsed.approval_doc_type = match.group("type") or parsed.approval_doc_type
    parsed.approval_number = match.group("num") or parsed.approval_number
    if match.group("date"):
        day = _day(match.group("date"))
        parsed.approval_date = day.isoformat() if day else parsed.approval_date


def _field(key: str, value: str, parsed: ParsedProgram) -> None:
    if key == "title" and not parsed.title:
        parsed.title = value.replace("\n", " ")
    elif key == "kind":
        parsed.kind = next((k for word, k in KINDS.items() if word in value.casefold()), parsed.kind)
    elif key == "approval":
        _approval(value, parsed)
    elif key == "signatory":
        parsed.signatory = value.replace("\n", " ")
    elif key == "legal_bases":
        parsed.legal_bases += items(value)  # type: ignore[arg-type]
    elif key in ("developers", "executors", "partners"):
        getattr(parsed, key).extend(items(value))
    elif key == "goals":
        parsed.goals += items(value)  # type: ignore[arg-type]
    elif key == "tasks":
        parsed.tasks += items(value, numbered=True)  # type: ignore[arg-type]
    elif key == "period":
        found = period_of(value)
        if found:
            parsed.period_start, parsed.period_end = found[0].isoformat(), found[1].isoformat()
        parsed.period_end_assumed = "принят условно" in value
    elif key == "stages" and not parsed.stages:
        for number, line in items(value, numbered=True):  # type: ignore[misc]
            days = dates_in(line)
            title = re.sub(r"\s*\([^()]*\d{4}[^()]*\)\s*$", "", line).strip()
            if len(days) >= 2:
                parsed.stages.append(ParsedStage(number, title, days[0].isoformat(), days[1].isoformat()))
    elif key == "results":
        parsed.expected_results += items(value)  # type: ignore[arg-type]
    elif key == "risks":
        for line in items(value):
            risk, _sep, mitigation = str(line).partition(" — ")
            parsed.risks.append((risk.strip(), mitigation.strip()))
    elif key == "control":
        parsed.control = value


def _label(text: str) -> str | None:
    low = text.strip().casefold().rstrip(":")
    if len(low) > 80:
        return None
    return next((key for key, pattern in LABELS if pattern.search(low)), None)


def _stages_table(grid: Grid, parsed: ParsedProgram) -> bool:
    head = [c.text.casefold() for c in grid.rows[0]] if grid.rows else []
    if not (any("этап" in h for h in head) and any("начал" in h for h in head)):
        return False
    col = {
        k: next((i for i, h in enumerate(head) if w in h), None)
        for k, w in (("number", "№"), ("title", "этап"), ("start", "начал"), ("end", "оконч"), ("content", "содерж"))
    }
    parsed.stages = []
    for row in grid.rows[1:]:
        cells = [c.text for c in row]

        def get(key: str, cells: list[str] = cells) -> str:
            index = col[key]
            return cells[index] if index is not None and index < len(cells) else ""

        start, end = _day(get("start")), _day(get("end"))
        if start and end:
            parsed.stages.append(
                ParsedStage(get("number").rstrip("."), get("title"), start.isoformat(), end.isoformat(), get("content"))
            )
    return True


def _schools_table(grid: Grid, parsed: ParsedProgram) -> bool:
    head = [c.text.casefold() for c in grid.rows[0]] if grid.rows else []
    if not (any(h.startswith("школа") for h in head) and any("код" in h for h in head)):
        return False
    name = next(i for i, h in enumerate(head) if h.startswith("школа"))
    code = next(i for i, h in enumerate(head) if "код" in h)
    role = next((i for i, h in enumerate(head) if "роль" in h), None)
    for row in grid.rows[1:]:
        cells = [c.text for c in row]
        parsed.schools.append((cells[name], cells[code], cells[role] if role is not None else ""))
    return True


def _approval_lines(lines: list[str], parsed: ParsedProgram) -> set[int]:
    """Reads the approval block above the title; returns the indexes of the lines it took."""
    used: set[int] = set()
    for n, line in enumerate(lines):
        low = line.casefold()
        if low.startswith("приложение"):
            match = re.match(r"^(приложение(?:\s*№)?\s*\d*)\s*(?:к\s+(\w+))?(.*)$", line, re.I)
            if match:
                used.add(n)
                parsed.appendix_label = match.group(1).strip()
                doc = (match.group(2) or "").casefold()
                parsed.approval_doc_type = next((t for t in DOC_TYPES if doc.startswith(t.casefold()[:-1])), "")
                _approval(match.group(3), parsed)
        elif "утверждаю" in low:
            used.add(n)
            for k, r in enumerate(lines[n + 1 : n + 4], start=n + 1):
                if len(r) > 200:
                    break
                used.add(k)
                if r.startswith("_"):
                    parsed.signatory = r.lstrip("_ ").strip()
                elif DATE_DOTS.search(r) or "№" in r:
                    _approval(r, parsed)
                elif not parsed.approved_by:
                    parsed.approved_by = r
        elif low.startswith("принят"):
            match = re.match(
                r"^принята?\s+на\s+(.*?)\s*(?:от\s+_*(\d{2}\.\d{2}\.\d{4})_*)?\s*(?:№\s*_*(\S+?)_*)?\s*$", line, re.I
            )
            if match:
                used.add(n)
                body = match.group(1)
                first, _s, rest_ = body.partition(" ")
                nominative = {"совете": "Совет", "коллегии": "Коллегия", "педсовете": "педсовет"}.get(first.casefold())
                parsed.approved_by = f"{nominative} {rest_}".strip() if nominative else body
                if match.group(2):
                    day = _day(match.group(2))
                    parsed.approval_date = day.isoformat() if day else ""
                parsed.approval_number = match.group(3) or ""
    return used


def read_passport(blocks: list[Block], parsed: ParsedProgram, *, plan_index: int | None) -> None:
    """Fills ``parsed`` from the blocks before the measures table (all of them when there is none),
    the stages and schools tables wherever they stand."""
    head = blocks if plan_index is None else blocks[:plan_index]
    paragraphs = [b for b in head if isinstance(b, str)]
    for block in blocks:
        if isinstance(block, Grid) and (_stages_table(block, parsed) or _schools_table(block, parsed)):
            continue
    for block in head:
        if isinstance(block, Grid) and block.width == 2:  # label | value
            for row in block.rows:
                texts = [c.text for c in row]
                key = _label(texts[0]) if texts else None
                value = next((t for t in texts[1:] if t.strip() and t != texts[0]), "")
                if key and value:
                    _field(key, value, parsed)
    # Labelled paragraphs («Цель программы: …») where the document has no passport table.
    for n, text in enumerate(paragraphs):
        label, sep, value = text.partition(":")
        key = _label(label) if sep else None
        if key and key not in ("title",) and not _filled(key, parsed):
            if not value.strip():
                value = "\n".join(_following(paragraphs, n + 1))
            _field(key, value.strip(), parsed)
    used = _approval_lines(paragraphs[:8], parsed)
    if not parsed.title:
        parsed.title = _title_of([p for n, p in enumerate(paragraphs) if n not in used])
    lowered = parsed.title.casefold()
    if parsed.kind == "program":
        parsed.kind = next((k for word, k in KINDS.items() if lowered.startswith(word)), "program")
    if not parsed.period_start:
        found = period_of(" ".join(paragraphs[:12])) or period_of(parsed.title)
        if found:
            parsed.period_start, parsed.period_end = found[0].isoformat(), found[1].isoformat()


def _filled(key: str, parsed: ParsedProgram) -> bool:
    attr = {"results": "expected_results", "period": "period_start", "approval": "approved_by"}.get(key, key)
    return bool(getattr(parsed, attr, None))


def _following(paragraphs: list[str], start: int) -> list[str]:
    out = []
    for text in paragraphs[start:]:
        label, sep, _v = text.partition(":")
        if sep and _label(label):
            break
        if not ITEM_NUMBER.match(text) and out:
            break
        out.append(text)
    return out


APPROVAL_WORDS = re.compile(r"^(приложение|утверждаю|«утверждаю»|принята?\b|от\s|_|приказ|№)", re.I)


def _title_of(paragraphs: list[str]) -> str:
    """The title: the first paragraph that is not the approval block; a one-word heading
    («ПРОГРАММА», «ДОРОЖНАЯ КАРТА») is joined with the line after it."""
    candidates = [p for p in paragraphs[:12] if not APPROVAL_WORDS.match(p.strip("«» ").strip())]
    for n, text in enumerate(candidates):
        if len(text.split()) <= 3 and n + 1 < len(candidates):
            text = f"{text} {candidates[n + 1]}"
        text = text.replace("\n", " ")
        words = text.split(" ")
        # «ДОРОЖНАЯ КАРТА разработки …»: the capitals of a heading are not the title's spelling.
        lead = 0
        while lead < len(words) and words[lead].isupper() and len(words[lead]) > 1:
            lead += 1
        if lead and lead < len(words):
            text = " ".join([w.lower() for w in words[:lead]] + words[lead:])
            text = text[:1].upper() + text[1:]
        return text.strip()
    return ""
