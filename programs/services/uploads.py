"""Checks of uploaded evidence: a file must be what its name says, and not too large."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ProgramRuleError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Magic numbers of the formats a report's evidence may be in. Office formats are ZIP containers
# (docx/xlsx/pptx/odt) or the old OLE container (doc/xls).
SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0"],
    ".xls": [b"\xd0\xcf\x11\xe0"],
}


def check_evidence_file(upload) -> None:
    limit = min(MAX_EVIDENCE_BYTES, getattr(settings, "PORTAL_MAX_UPLOAD_BYTES", MAX_EVIDENCE_BYTES))
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in SIGNATURES:
        raise ProgramRuleError(
            _("Файл «%(name)s»: допустимы PDF, JPG, PNG, DOC(X), XLS(X), PPTX, ODT.") % {"name": name}
        )
    if upload.size > limit:
        raise ProgramRuleError(_("Файл «%(name)s» больше %(mb)s МБ.") % {"name": name, "mb": limit // (1024 * 1024)})
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
        raise ProgramRuleError(
            _("Файл «%(name)s» не является файлом %(ext)s: его содержимое не соответствует расширению.")
            % {"name": name, "ext": suffix.lstrip(".").upper()}
        )
