"""Upload files and form submissions shared by the network tests."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from schools.models import Tie, TieParty


def pdf_upload(name: str = "договор.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def exe_upload(name: str = "договор.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf")


def zip_upload(name: str, members: dict[str, bytes]) -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for member, data in members.items():
            z.writestr(member, data)
    return SimpleUploadedFile(name, buf.getvalue())


def docx_upload() -> SimpleUploadedFile:
    return zip_upload("приказ.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})


def odt_upload() -> SimpleUploadedFile:
    return zip_upload(
        "приказ.odt",
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
    )


def tie_post(world, **overrides) -> dict:
    """A valid create/edit form submission for a mentor pair A-2 → A-1."""
    data = {
        "kind": Tie.Kind.MENTOR_PAIR,
        "title": "Сетевая пара через форму",
        "status": Tie.Status.ACTIVE,
        "starts_on": "2025-09-01",
        "ends_on": "2026-05-31",
        "basis_type": "соглашение",
        "basis_number": "12",
        "basis_date": "2025-08-25",
        "description": "",
        f"party_s_{world.school_a2.pk}": TieParty.Role.LEAD,
        f"party_s_{world.school_a.pk}": TieParty.Role.SUPPORTED,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
