"""The basis document of a tie: which files are accepted.

A file is accepted only when its extension is allowed AND its first bytes match that extension,
so an executable renamed ``.pdf`` is refused. The check lives here, not in the form, because the
service calls it too: an API or an import must not be able to bypass it.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

MAX_BASIS_FILE_BYTES = 10 * 1024 * 1024

_PDF = (b"%PDF-",)
_OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy .doc (Compound File Binary)
_ZIP = (b"PK\x03\x04",)
_JPEG = (b"\xff\xd8\xff",)
_PNG = (b"\x89PNG\r\n\x1a\n",)

# extension -> accepted leading signatures
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": _PDF,
    ".doc": _OLE2,
    ".docx": _ZIP,
    ".odt": _ZIP,
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".png": _PNG,
}
ALLOWED_LABEL = "PDF, DOC, DOCX, ODT, JPG, PNG"
ACCEPT_ATTR = ",".join(_SIGNATURES)  # for <input accept=…>: a hint only, never trusted

_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zip_kind(fh: IO[bytes]) -> str | None:
    """'docx' or 'odt' when the ZIP container really is one; only the directory and the tiny
    ``mimetype`` member are read, so a zip bomb is never inflated."""
    try:
        with zipfile.ZipFile(fh) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return "docx"
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                if archive.read("mimetype").strip() == _ODT_MIMETYPE:
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def validate_basis_file(file: File) -> str:
    """Raise a Russian ValidationError unless the file is an allowed document; return its
    normalised extension."""
    size = file.size or 0
    if size > MAX_BASIS_FILE_BYTES:
        raise ValidationError(
            _("Файл слишком большой: %(size)s МБ. Допустимо не больше 10 МБ.") % {"size": _megabytes(size)},
            code="file_too_large",
        )
    ext = os.path.splitext(file.name or "")[1].lower()
    if ext not in _SIGNATURES:
        raise ValidationError(
            _("Недопустимый тип файла «%(ext)s». Разрешены: %(allowed)s.")
            % {"ext": ext or _("без расширения"), "allowed": ALLOWED_LABEL},
            code="file_type",
        )
    file.seek(0)
    head = file.read(16)
    ok = any(head.startswith(sig) for sig in _SIGNATURES[ext])
    if ok and ext in (".docx", ".odt"):
        file.seek(0)
        ok = _zip_kind(file) == ext[1:]
    file.seek(0)
    if not ok:
        raise ValidationError(
            _(
                "Содержимое файла не соответствует расширению «%(ext)s»: файл повреждён "
                "или это файл другого типа. Разрешены: %(allowed)s."
            )
            % {"ext": ext, "allowed": ALLOWED_LABEL},
            code="file_signature",
        )
    return ".jpg" if ext == ".jpeg" else ext


def prepare_basis_file(file: File) -> File:
    """Validate and give the file an unguessable storage name: documents are served only through
    the permission-checked download view, and a random name keeps a leaked media URL from being
    enumerable. The original name is not kept (it may carry personal data)."""
    ext = validate_basis_file(file)
    file.name = f"{uuid.uuid4().hex}{ext}"
    return file
