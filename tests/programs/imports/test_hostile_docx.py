"""Hostile .docx files: an external entity (XXE), a zip bomb, random bytes and damaged archives.
The reader refuses them in Russian (``DocxRefused``) or reads them; it never fails otherwise."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.demo.seed_programs import PROGRAMS
from programs.imports.parse import read_program
from programs.imports.reader import DocxRefused

from .builder import build

GOOD = build(PROGRAMS[3], "classic")


def _replace(data: bytes, name: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, content if item.filename == name else src.read(item.filename))
    return out.getvalue()


def test_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("СЕКРЕТ")
    body = zipfile.ZipFile(io.BytesIO(GOOD)).read("word/document.xml").decode()
    head, rest = body.split("?>", 1)
    xxe = f'{head}?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>' + rest.replace(
        "<w:body>", "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>", 1
    )
    data = _replace(GOOD, "word/document.xml", xxe.encode())
    try:
        parsed = read_program(data)
    except DocxRefused:
        return
    assert not any("СЕКРЕТ" in line for line in parsed.text)


def test_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in zipfile.ZipFile(io.BytesIO(GOOD)).infolist():
            z.writestr(item, zipfile.ZipFile(io.BytesIO(GOOD)).read(item.filename))
        z.writestr("word/media/padding.bin", b"\0" * (160 * 1024 * 1024))
    with pytest.raises(DocxRefused, match="слишком большой после распаковки"):
        read_program(out.getvalue())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.integers(min_value=0, max_value=len(GOOD)))
def test_damaged_files_are_refused_or_read_never_crash(noise, cut):
    for data in (noise, GOOD[:cut] + noise, b"PK\x03\x04" + noise):
        try:
            read_program(data)
        except DocxRefused as refused:
            assert any("а" <= ch <= "я" for ch in str(refused))
