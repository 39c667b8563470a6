from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace-normalised text: pdftotext breaks lines where the PDF does."""
    return SPACES.sub(" ", text).strip()


def pdf_text(content: bytes | Path, *, raw: bool = False) -> str:
    """The text of a PDF as poppler's pdftotext extracts it (Debian's poppler-utils)."""
    data = content.read_bytes() if isinstance(content, Path) else content
    args = ["pdftotext", *(["-raw"] if raw else []), "-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return pdf_text(content).split("\f")[:-1]


def xlsx_values(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return [norm(str(c.value)) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]


def docx_cells(content: bytes) -> list[str]:
    import docx

    document = docx.Document(io.BytesIO(content))
    return [norm(cell.text) for table in document.tables for row in table.rows for cell in row.cells]


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def eager_celery():
    """`make test` points Celery at a real Redis; these tests build in-process, as the embedded
    default does (the worker test starts a real worker instead)."""
    from config.celery_app import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before


@pytest.fixture
def program(world):
    """An approved program of municipality A with two measures (tests/programs' helper)."""
    from tests.programs.conftest import make_program

    return make_program(world)
