"""The tolerant reader: header anywhere in the first rows, normalised cells, clear Russian
messages for files that cannot be read at all. No database involved."""

from __future__ import annotations

import io
import zipfile

import pytest

from schools.imports.kinds import CONTEXT, SCHOOLS
from schools.imports.normalise import normalise_number, normalise_text, normalise_title
from schools.imports.reader import ImportFileError, read_sheet

from .workbooks import CONTEXT_HEADER, SCHOOL_HEADER, context_row, school_row, xlsx


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Населённый пункт", "населенный пункт"),
        ("  Код  ОО: ", "код оо"),
        ("Городская / сельская", "городская/сельская"),
        ("Обучающихся\u00a0всего*", "обучающихся всего"),
        ("ГИМНАЗИЯ", "гимназия"),
    ],
)
def test_titles_are_compared_normalised(raw, expected):
    assert normalise_title(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1\u202f234", 1234),
        ("12,0", 12.0),
        ("12,5", 12.5),
        ("45 %", 45),
        ("45%", 45),
        (" 7 ", 7),
        ("−3", -3),
        ("", None),
        ("   ", None),
        (None, None),
        (17, 17),
        (2.5, 2.5),
        ("много", "много"),
    ],
)
def test_numbers_written_as_text_become_numbers(raw, expected):
    assert normalise_number(raw) == expected


def test_text_cells_are_trimmed_and_codes_keep_their_digits():
    assert normalise_text("  МБОУ\u00a0 СОШ  № 1 ") == "МБОУ СОШ № 1"
    assert normalise_text(12345.0) == "12345"
    assert normalise_text("") is None


def test_header_below_a_merged_title_is_found_and_rows_keep_excel_numbers():
    data = xlsx(
        CONTEXT_HEADER,
        [context_row("A-1"), [], context_row("A-2")],
        sheet="Данные 2024",
        title="Контекстные данные школ за 2023/2024 учебный год",
        notes=2,
    )
    parsed = read_sheet(io.BytesIO(data), CONTEXT)
    assert parsed.sheet == "Данные 2024"
    assert parsed.header_row == 4  # title, two blank lines, header
    assert [row.number for row in parsed.rows] == [5, 7]  # the blank row 6 is skipped
    assert parsed.rows[0].values["school_code"] == "A-1"


def test_unknown_columns_are_listed_not_fatal():
    data = xlsx([*SCHOOL_HEADER, "Примечание"], [school_row("A-9") + ["проверить"]])
    parsed = read_sheet(io.BytesIO(data), SCHOOLS)
    assert parsed.ignored == ["Примечание"]


def test_the_sheet_with_the_header_is_chosen_among_several():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Обложка"
    workbook.active.append(["Отчёт для комитета"])
    data_sheet = workbook.create_sheet("Школы 2024")
    data_sheet.append(SCHOOL_HEADER)
    data_sheet.append(school_row("A-9"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_sheet(buffer, SCHOOLS).sheet == "Школы 2024"


def test_missing_required_columns_are_named():
    header = [t for t in CONTEXT_HEADER if t not in ("Учебный год", "Обучающихся всего")]
    with pytest.raises(ImportFileError) as exc:
        read_sheet(io.BytesIO(xlsx(header, [["A-1", "Школа"]])), CONTEXT)
    assert "нет обязательных столбцов «Учебный год», «Обучающихся всего»" in exc.value.message


def test_no_header_at_all():
    data = xlsx(["Фамилия", "Имя"], [["Иванов", "Иван"]])
    with pytest.raises(ImportFileError) as exc:
        read_sheet(io.BytesIO(data), CONTEXT)
    assert exc.value.message.startswith("Не найдена строка заголовков")
    assert "«Код ОО»" in exc.value.message


def test_repeated_column_is_reported():
    data = xlsx([*CONTEXT_HEADER, "Код ОО"], [context_row("A-1") + ["A-1"]])
    with pytest.raises(ImportFileError) as exc:
        read_sheet(io.BytesIO(data), CONTEXT)
    assert "столбец «Код ОО» повторяется" in exc.value.message


def test_empty_workbook():
    with pytest.raises(ImportFileError) as exc:
        read_sheet(io.BytesIO(xlsx(None, [])), CONTEXT)
    assert exc.value.message == "Файл пуст: в книге нет данных."


def test_header_without_data_rows():
    with pytest.raises(ImportFileError) as exc:
        read_sheet(io.BytesIO(xlsx(CONTEXT_HEADER, [])), CONTEXT)
    assert "нет строк с данными" in exc.value.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4000, "Файл не является книгой Excel (.xlsx)."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000, "старый формат .xls"),
        (b"", "Файл пуст (0 байт)."),
        (b"Code;Name\nA-1;School\n", "Файл не является книгой Excel (.xlsx)."),
    ],
)
def test_files_that_are_not_xlsx(content, message):
    with pytest.raises(ImportFileError) as exc:
        read_sheet(io.BytesIO(content), SCHOOLS)
    assert message in exc.value.message


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(ImportFileError) as exc:
        read_sheet(buffer, SCHOOLS)
    assert exc.value.message == "Файл не является книгой Excel (.xlsx)."


def test_a_50_mb_file_is_refused_before_parsing(settings):
    big = io.BytesIO(b"\x00" * (50 * 1024 * 1024))
    with pytest.raises(ImportFileError) as exc:
        read_sheet(big, SCHOOLS)
    assert exc.value.message.startswith("Файл слишком большой: 50,0 МБ, допускается не больше 20,0 МБ")
