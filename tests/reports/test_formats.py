"""The formatters on a hand-made document: how the same rows look in XLSX, PDF and DOCX."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from decimal import Decimal

import docx
from openpyxl import load_workbook

from reporting import docx as docx_format
from reporting import pdf, xlsx
from reporting.document import (
    DATE,
    INT,
    NUMBER,
    PERCENT,
    Approval,
    Column,
    Document,
    Fields,
    Figure,
    Group,
    Table,
    Text,
    display,
)

from .conftest import norm, pdf_pages, pdf_text

ROWS = 150  # enough for several pages


def _document() -> Document:
    rows = []
    for n in range(1, ROWS + 1):
        if n % 50 == 1:
            rows.append(Group(f"Задача {n // 50 + 1}. Повысить качество образования"))
        rows.append(
            [
                f"1.{n}",
                f"Семинар по психолого-педагогическому сопровождению № {n}",
                n,
                n / 4,
                n / ROWS,
                dt.date(2025, 9, 1) + dt.timedelta(days=n),
            ]
        )
    return Document(
        title="Проверочный отчёт",
        subtitle="городской округ Королёв",
        filename="check",
        approval=Approval(["Приложение 1 к приказу № 722 от 20.06.2018"]),
        sections=[
            Fields(
                "Паспорт программы", [("Наименование программы", "Программа А"), ("Задачи", ["1. Первая", "2. Вторая"])]
            ),
            Text("Ожидаемые результаты", ["Рост качества", "Снижение доли «2»"], numbered=True),
            Figure(
                "Рисунок",
                '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 40"><text x="5" y="20">Этап подготовительный</text></svg>',
            ),
            Table(
                "План мероприятий",
                [
                    Column("№", width=6),
                    Column("Мероприятие", width=40),
                    Column("Школ", INT, width=8),
                    Column("Балл", NUMBER, width=8),
                    Column("Выполнение", PERCENT, width=10),
                    Column("Срок", DATE, width=12, only=("xlsx",)),
                ],
                rows,
                sheet="Мероприятия",
                group_column="Задача",
            ),
            Table(
                "Опасный текст",
                [Column("Текст", width=40), Column("Число", INT)],
                [
                    ['=HYPERLINK("http://evil.example","нажми")', 1],
                    ["+7 (495) 123-45-67", 2],
                    ["-2+3", 3],
                    ["@SUM(A1:A2)", 4],
                    ["- пункт списка", 5],
                    ["обычный текст", 6],
                ],
                sheet="Текст",
            ),
        ],
        meta=[("Сформирован", "1 сентября 2025 г.")],
    )


def test_display_writes_russian_numbers_and_dates():
    assert display(1234567, Column("", INT)) == "1\u00a0234\u00a0567"
    assert display(Decimal("12.5"), Column("", NUMBER, digits=1)) == "12,5"
    assert display(0.456, Column("", PERCENT)) == "46\u00a0%"
    assert display(dt.date(2025, 9, 1), Column("", DATE)) == "01.09.2025"
    assert display(None, Column("", INT)) == "—"


def test_xlsx_numbers_are_numbers_with_a_frozen_header_widths_and_formats():
    workbook = load_workbook(io.BytesIO(xlsx.render(_document())))
    assert workbook.sheetnames == ["Отчёт", "Мероприятия", "Текст"]
    sheet = workbook["Мероприятия"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["Задача", "№", "Мероприятие", "Школ", "Балл", "Выполнение", "Срок"]
    assert all(c.font.b for c in sheet[1])
    first = sheet[2]
    assert first[0].value.startswith("Задача 1") and first[1].value == "1.1"
    assert first[3].value == 1 and first[3].data_type == "n" and first[3].number_format == "#,##0"
    assert first[4].value == 0.25 and first[4].number_format == "#,##0.00"
    assert first[5].number_format == "0%"
    assert first[6].value == dt.datetime(2025, 9, 2) and first[6].number_format == "DD.MM.YYYY"
    assert sheet.max_row == ROWS + 1  # group titles go into the first column, not into rows
    assert sheet.column_dimensions["C"].width == 40 and sheet.column_dimensions["A"].width == 40
    assert sheet.auto_filter.ref == f"A1:G{ROWS + 1}"
    summary = workbook["Отчёт"]
    values = [c.value for row in summary.iter_rows() for c in row if c.value is not None]
    assert "Проверочный отчёт" in values and "Программа А" in values and "Рост качества" in values


def test_xlsx_never_stores_text_as_a_formula():
    content = xlsx.render(_document())
    sheet = load_workbook(io.BytesIO(content))["Текст"]
    cells = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=1) for r in range(2, 8)}
    for text in ['=HYPERLINK("http://evil.example","нажми")', "+7 (495) 123-45-67", "-2+3", "@SUM(A1:A2)"]:
        cell = cells[text]  # the text itself is kept exactly …
        assert cell.data_type == "s" and cell.quotePrefix  # … as a string cell flagged as quoted text
    assert not cells["обычный текст"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in s or "<f " in s for s in sheets)  # no formula anywhere in the workbook


def test_pdf_is_a4_with_cyrillic_font_page_numbers_and_repeated_headers(tmp_path):
    content = pdf.render(_document())
    path = tmp_path / "check.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info  # A4
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu" in fonts
    pages = pdf_pages(content)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Страница {number} из {len(pages)}" in page
    table_pages = [p for p in pages if "Семинар по" in p]
    assert len(table_pages) >= 2
    assert all("Мероприятие" in p and "Балл" in p for p in table_pages)  # thead on every page
    text = norm(pdf_text(content))
    assert "Приложение 1 к приказу № 722 от 20.06.2018" in text
    assert "Этап подготовительный" in text  # the inline SVG is drawn as text
    assert "1,5" in text and "1,50" not in text and "100 %" in text.replace("\u00a0", " ")  # Russian number formats
    for n in (1, 77, ROWS):  # hyphenated compounds come out whole (no dehyphenation by pdftotext)
        assert f"Семинар по психолого-педагогическому сопровождению № {n}" in text
    assert "01.09.2025" not in text  # the XLSX-only column is not printed


def test_docx_repeats_the_header_row_and_keeps_the_text():
    content = docx_format.render(_document())
    document = docx.Document(io.BytesIO(content))
    measures = next(t for t in document.tables if t.rows[0].cells[0].text == "№")
    header_flags = measures.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert header_flags, "the header row repeats on every page"
    texts = [norm(c.text) for row in measures.rows for c in row.cells]
    assert "Семинар по психолого-педагогическому сопровождению № 150" in texts
    assert "Задача 1. Повысить качество образования" in texts  # a merged group row
    assert "150" in texts and "1,5" in texts  # no trailing zeros
    paragraphs = [p.text for p in document.paragraphs]
    assert "Приложение 1 к приказу № 722 от 20.06.2018" in paragraphs and "Проверочный отчёт" in paragraphs
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_pdf_narrow_columns_hyphenate_russian_words_and_text_extraction_keeps_them_whole():
    long_words = "Общеобразовательные организации муниципалитета"
    document = Document(
        title="Проверка переносов",
        filename="hyphens",
        sections=[
            Table(
                "Узкие столбцы",
                [
                    Column("Ответственные", width=4),
                    Column("Мероприятие", width=30),
                    Column("Количество участников", INT, width=4),
                ],
                [[long_words, "Семинар", 123456]],
            )
        ],
    )
    content = pdf.render(document)
    assert '<html lang="ru">' in pdf.html(document)
    raw = pdf_text(content, raw=True)
    # Broken where Russian allows it, with an ASCII hyphen at the end of the line…
    assert any(line.endswith("-") and line[-2].isalpha() for line in raw.splitlines())
    # …which pdftotext glues back: every word comes out whole; the number is never broken.
    text = norm(pdf_text(content))
    for word in long_words.split():
        assert word in text
    assert "123 456" in text.replace("\u00a0", " ") or "123456" in text
