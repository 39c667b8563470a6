"""The DOCX formatter (python-docx): the document as a committee specialist would type it in Word.

Times New Roman 12 on A4, the approval block indented to the right, the passport as a
two-column table, tables whose header row repeats on every page (w:tblHeader), group rows
merged across the table, wide tables in landscape sections, «Страница N из M» in the footer
(PAGE / NUMPAGES fields, which Word fills in). SVG figures are left out (Word cannot show them
portably); their data are in the tables and the PDF carries the picture.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .document import Document, Fields, Figure, Group, Table, Text, display

FORMAT = "docx"
FONT = "Times New Roman"
MARGINS = {"top": 18, "bottom": 18, "left": 25, "right": 12}  # mm


def _field(paragraph, instruction: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _page(section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])


def _usable_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


def _setup(d) -> None:
    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(3)
    section = d.sections[0]
    _page(section, landscape=False)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Страница ")).font.size = Pt(9)
    _field(footer, "PAGE")
    footer.add_run(_(" из ")).font.size = Pt(9)
    _field(footer, "NUMPAGES")


def _heading(d, text: str, level: int) -> None:
    p = d.add_paragraph()
    p.paragraph_format.space_before = Pt(10 if level <= 2 else 6)
    p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(13 if level <= 2 else 12)


def _shade(cell, colour: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _set_cell(cell, text: str, *, bold: bool = False, size: int = 10, right: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)  # python-docx turns "\n" into line breaks
    run.bold = bold
    run.font.size = Pt(size)


def _fields(d, section: Fields) -> None:
    table = d.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    width = _usable_width(d.sections[-1])
    for label, value in section.items:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = int(width * 0.3), int(width * 0.7)
        _set_cell(cells[0], str(label), bold=True, size=11)
        if isinstance(value, list | tuple):
            text = "\n".join(str(v) for v in value) or "—"
        else:
            text = display(value)
        _set_cell(cells[1], text, size=11)


def _table(d, section: Table) -> None:
    visible = section.visible(FORMAT)
    if not visible:
        return
    width = _usable_width(d.sections[-1])
    total = sum(c.width for _i, c in visible) or 1
    widths = [int(width * c.width / total) for _i, c in visible]
    rows = list(section.rows)
    if not rows:
        d.add_paragraph(str(section.empty))
        return
    table = d.add_table(rows=1, cols=len(visible))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    _repeat_header(header)
    for cell, (_i, column), w in zip(header.cells, visible, widths, strict=True):
        cell.width = w
        _set_cell(cell, column.title, bold=True)
        _shade(cell, "E9ECEF")
    for row in rows:
        cells = table.add_row().cells
        for cell, w in zip(cells, widths, strict=True):
            cell.width = w
        if isinstance(row, Group):
            merged = cells[0].merge(cells[-1])
            _set_cell(merged, row.title, bold=True)
            _shade(merged, "F3F4F6")
            continue
        for cell, (i, column) in zip(cells, visible, strict=True):
            _set_cell(cell, display(row[i], column), right=column.numeric)
    if section.note:
        d.add_paragraph(section.note)


def render(document: Document) -> bytes:
    d = DocxDocument()
    _setup(d)
    if document.approval:
        for line in document.approval.lines:
            p = d.add_paragraph(line)
            p.paragraph_format.left_indent = Mm(95)
            p.paragraph_format.space_after = Pt(0)
        d.add_paragraph()
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(document.title)
    run.bold = True
    run.font.size = Pt(14)
    if document.subtitle:
        d.add_paragraph(document.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    landscape = False
    for section in document.sections:
        wide = isinstance(section, Table) and section.wide
        if wide != landscape:
            _page(d.add_section(WD_SECTION.NEW_PAGE), landscape=wide)
            landscape = wide
        _heading(d, section.title, section.level)
        if isinstance(section, Fields):
            _fields(d, section)
        elif isinstance(section, Text):
            for n, paragraph in enumerate(section.paragraphs, start=1):
                d.add_paragraph(f"{n}. {paragraph}" if section.numbered else paragraph)
        elif isinstance(section, Table):
            _table(d, section)
        elif isinstance(section, Figure):
            d.add_paragraph(_("Рисунок приведён в PDF-версии отчёта; его данные — в таблицах."))
    if document.meta:
        d.add_paragraph()
        for label, value in document.meta:
            p = d.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            r = p.add_run(f"{label}: {value}")
            r.font.size = Pt(9)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
