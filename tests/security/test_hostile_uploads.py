"""Hostile input to the import parsers: property tests of the cell normaliser and the reader, an
XLSX with an external entity (XXE), a zip bomb, an executable renamed .xlsx."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from schools.imports.kinds import CONTEXT as CONTEXT_KIND
from schools.imports.normalise import normalise_cell, normalise_number, normalise_title
from schools.imports.reader import ImportFileError, read_sheet
from schools.imports.registry import CellKind

CELL = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(CELL, st.sampled_from(list(CellKind)))
def test_normalising_a_cell_never_raises(value, kind):
    normalise_cell(value, kind)
    normalise_title(value)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=0, max_value=99))
def test_numbers_written_as_russian_text_are_read_back(whole, cents):
    text = f"{whole:,}".replace(",", "\u00a0") + f",{cents:02d}"
    assert Decimal(str(normalise_number(text))) == Decimal(f"{whole}.{cents:02d}")


def _xlsx_with(sheet_xml_tail: str) -> bytes:
    book = Workbook()
    book.active.append(["Код ОО", "Учебный год", "Обучающихся всего"])
    book.active.append(["X", "2024", 10])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                data = sheet_xml_tail.encode() + body
            target.writestr(item, data)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_in_russian(blob):
    with pytest.raises(ImportFileError):
        read_sheet(io.BytesIO(blob), CONTEXT_KIND)


@pytest.mark.django_db
def test_external_entities_are_not_resolved():
    xxe = '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    with pytest.raises(ImportFileError) as exc:
        read_sheet(io.BytesIO(_xlsx_with(xxe)), CONTEXT_KIND)
    assert "root:" not in str(exc.value) and "Excel" in str(exc.value)


def test_zip_bomb_is_refused_before_unpacking(settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (200 * 1024 * 1024))  # 200 MB of zeros
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(ImportFileError, match="слишком велика после распаковки"):
        read_sheet(io.BytesIO(out.getvalue()), CONTEXT_KIND)


def test_executable_renamed_xlsx_is_refused():
    with pytest.raises(ImportFileError, match="не является книгой Excel"):
        read_sheet(io.BytesIO(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500), CONTEXT_KIND)
