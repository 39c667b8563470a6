"""The basis document: extension AND content signature, at most 10 MB."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from schools.networks.validators import prepare_basis_file, validate_basis_file

from .helpers import docx_upload, exe_upload, odt_upload, pdf_upload, zip_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32


@pytest.mark.parametrize(
    "upload",
    [
        pdf_upload(),
        SimpleUploadedFile("скан.PNG", PNG),
        SimpleUploadedFile("скан.jpeg", JPEG),
        SimpleUploadedFile("скан.jpg", JPEG),
        SimpleUploadedFile("приказ.doc", DOC),
        docx_upload(),
        odt_upload(),
    ],
    ids=["pdf", "png", "jpeg", "jpg", "doc", "docx", "odt"],
)
def test_allowed_documents_pass(upload):
    validate_basis_file(upload)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (exe_upload("договор.pdf"), "file_signature"),
        (SimpleUploadedFile("скан.png", JPEG), "file_signature"),
        (zip_upload("приказ.docx", {"readme.txt": b"not a document"}), "file_signature"),
        (zip_upload("приказ.odt", {"mimetype": b"application/zip"}), "file_signature"),
        (SimpleUploadedFile("приказ.docx", b"PK\x03\x04broken"), "file_signature"),
        (SimpleUploadedFile("script.svg", b"<svg/>"), "file_type"),
        (SimpleUploadedFile("без_расширения", b"%PDF-1.4"), "file_type"),
        (pdf_upload(size=10 * 1024 * 1024 + 1), "file_too_large"),
    ],
)
def test_disallowed_files_are_refused(upload, code):
    with pytest.raises(ValidationError) as exc:
        validate_basis_file(upload)
    assert exc.value.code == code


def test_exactly_ten_megabytes_is_accepted():
    validate_basis_file(pdf_upload(size=10 * 1024 * 1024))


def test_stored_name_is_random_and_keeps_a_normalised_extension():
    upload = prepare_basis_file(SimpleUploadedFile("Скан договора № 5.JPEG", JPEG))
    assert upload.name.endswith(".jpg") and "Скан" not in upload.name and len(upload.name) == 36
