"""Program documents as committees type them in Word, built from the seeds' text
(programs/demo/seed_programs.py keeps it as data) in several layouts.

``classic``: approval lines, a passport table, the plan as «№ п/п | Наименование мероприятия |
Сроки | Ответственные | Планируемый результат» with a row of column numbers, headings merged
across the table, numbers «1.1.», cells of several paragraphs, the table split in two by a page
break with its header repeated.
``reordered``: the passport as labelled paragraphs, the columns in another order and wording
(«Мероприятия | № | Ответственные исполнители | Срок исполнения | Источник финансирования |
Ожидаемый результат»), numbers without the dot, soft line breaks, a header row repeated inside the
table (Word's «повторять как заголовок»), headings in one cell only, and equal neighbouring cells
merged vertically.
A roadmap (executor levels) gets its own two layouts: unnumbered rows under merged headings, and
numbered rows with headings in the first cell."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LEVEL_HEADINGS = {
    "authority": "Городское управление народного образования Администрации г.Дубны",
    "methodological_service": "Муниципальная методическая служба",
    "quality_assessment": "МСОКО",
}


def _put(cell, text: str, *, soft: bool = False) -> None:
    """Lines as separate paragraphs, or (``soft``) as line breaks inside one paragraph."""
    cell.text = ""
    lines = text.split("\n") if text else [""]
    if soft:
        run = cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            run.add_break(WD_BREAK.LINE)
            run.add_text(line)
        return
    cell.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line)


def _header_flag(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _period_words(spec: dict) -> str:
    return f"{spec['period_start'][:4]}-{spec['period_end'][:4]} годы"


def _approval(d, spec: dict) -> None:
    a = spec["approval"]
    date = "" if not a.get("date") else "{2}.{1}.{0}".format(*a["date"].split("-"))
    if a.get("appendix"):
        d.add_paragraph(f"{a['appendix']} к приказу № {a['number']} от {date}")
    elif a.get("signatory"):
        d.add_paragraph("«УТВЕРЖДАЮ»")
        d.add_paragraph(a["approved_by"])
        d.add_paragraph(f"____________ {a['signatory']}")
    elif a.get("approved_by"):
        d.add_paragraph(f"Принята на Совете по развитию общего образования от {date} № {a['number']}")


def _passport_rows(spec: dict) -> list[tuple[str, str]]:
    rows = [("Наименование программы", spec["title"])]
    if spec["legal_bases"]:
        rows.append(("Основания для разработки программы", "\n".join(f"{b};" for b in spec["legal_bases"])))
    if spec["developers"]:
        rows.append(("Разработчики программы", "\n".join(spec["developers"])))
    if spec["executors"]:
        rows.append(("Исполнители программы", "\n".join(spec["executors"])))
    if spec["goals"]:
        rows.append(("Цель программы", "\n".join(spec["goals"])))
    if spec["tasks"]:
        rows.append(("Задачи программы", "\n".join(f"{t['number']}. {t['text']};" for t in spec["tasks"])))
    rows.append(("Сроки реализации программы", _period_words(spec)))
    return rows


def _plan_classic(d, spec: dict, *, split_at: int) -> None:
    header = ["№ п/п", "Наименование мероприятия", "Сроки", "Ответственные", "Планируемый результат"]

    def table():
        t = d.add_table(rows=2, cols=5)
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = text
        _header_flag(t.rows[0])
        for n, cell in enumerate(t.rows[1].cells, start=1):
            cell.text = str(n)
        return t

    t = table()
    group = None
    for i, m in enumerate(spec["measures"]):
        if i == split_at:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            t = table()
        heading = _group_heading(spec, m)
        if heading != group:
            group = heading
            if heading:
                cells = t.add_row().cells
                merged = cells[0].merge(cells[-1])
                merged.text = heading
        cells = t.add_row().cells
        for cell, text in zip(
            cells, [f"{m['number']}.", m["title"], m["timing"], ", ".join(m["responsible"]), m["result"]], strict=True
        ):
            _put(cell, text)


def _group_heading(spec: dict, m: dict) -> str:
    if m.get("section"):
        s = next(s for s in spec["sections"] if s["number"] == m["section"])
        return f"{s['number']}. {s['title']}"
    if m.get("task"):
        t = next(t for t in spec["tasks"] if t["number"] == m["task"])
        return f"Задача {t['number']}. {t['text']}"
    return ""


def _plan_reordered(d, spec: dict) -> None:
    header = [
        "Мероприятия",
        "№",
        "Ответственные исполнители",
        "Срок исполнения",
        "Источник финансирования",
        "Ожидаемый результат",
    ]
    t = d.add_table(rows=1, cols=6)
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header, strict=True):
        cell.text = text
    _header_flag(t.rows[0])
    group = None
    previous = None  # (row, responsible) of the row above, to merge equal cells vertically
    for i, m in enumerate(spec["measures"]):
        if i and i % 20 == 0:
            again = t.add_row()  # the header as Word repeats it at a page break of a copied table
            for cell, text in zip(again.cells, header, strict=True):
                cell.text = text
            previous = None
        heading = _group_heading(spec, m)
        if heading != group:
            group = heading
            if heading:
                cells = t.add_row().cells
                if m.get("section") and spec["sections"][0]["number"].isalpha():
                    cells[1].text = m["section"]  # a Roman section number in the «№» column
                    cells[0].text = heading.split(". ", 1)[1]
                else:
                    cells[0].text = heading if heading.startswith("Задача") else f"Раздел {heading}"
                previous = None
        row = t.add_row()
        cells = row.cells
        responsible = ", ".join(m["responsible"])
        values = [m["title"], m["number"], responsible, m["timing"], "Без финансирования", m["result"]]
        for n, (cell, text) in enumerate(zip(cells, values, strict=True)):
            if n == 2 and previous is not None and previous[1] == responsible and responsible:
                previous[0].cells[2].merge(cell)  # python-docx keeps the upper cell's text
                continue
            _put(cell, text, soft=True)
        previous = (row, responsible) if previous is None or previous[1] != responsible else previous
    d.add_paragraph("Руководитель ____________")


def _roadmap(d, spec: dict, *, numbered: bool) -> None:
    levels = list(LEVEL_HEADINGS)
    header = (["№"] if numbered else []) + [LEVEL_HEADINGS[level] for level in levels]
    t = d.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header, strict=True):
        cell.text = text
    seen: set[str] = set()
    for m in spec["measures"]:
        for kind, number in (("section", m["section"]), ("task", m["task"])):
            if not number or (kind, number) in seen:
                continue
            seen.add((kind, number))
            source = spec["sections"] if kind == "section" else spec["tasks"]
            text = next(x.get("title") or x.get("text") for x in source if x["number"] == number)
            cells = t.add_row().cells
            if numbered:
                cells[0].text = f"{'Раздел' if kind == 'section' else 'Задача'} {number}. {text}"
            else:
                cells[0].merge(cells[-1]).text = f"{number}. {text}"
        cells = t.add_row().cells
        by_level = {a["level"]: a["text"] for a in m["assignments"]}
        if numbered:
            cells[0].text = m["number"]
        for cell, level in zip(cells[1:] if numbered else cells, levels, strict=True):
            _put(cell, by_level.get(level, ""), soft=numbered)


def build(spec: dict, layout: str) -> bytes:
    d = Document()
    _approval(d, spec)
    if layout == "classic":
        d.add_paragraph(spec["kind"] == "roadmap" and "ДОРОЖНАЯ КАРТА" or "ПРОГРАММА")
        d.add_paragraph(spec["title"])
        passport = d.add_table(rows=0, cols=2)
        for label, value in _passport_rows(spec):
            cells = passport.add_row().cells
            cells[0].text = label
            _put(cells[1], value)
        d.add_paragraph("План мероприятий")
        if spec["kind"] == "roadmap":
            _roadmap(d, spec, numbered=False)
        else:
            _plan_classic(d, spec, split_at=len(spec["measures"]) // 2)
    else:
        d.add_paragraph(spec["title"])
        for label, value in _passport_rows(spec)[1:]:
            d.add_paragraph(f"{label}: {value}")
        d.add_paragraph("Мероприятия по реализации программы")
        if spec["kind"] == "roadmap":
            _roadmap(d, spec, numbered=True)
        else:
            _plan_reordered(d, spec)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
