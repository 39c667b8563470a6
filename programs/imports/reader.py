"""A .docx as paragraphs and tables, read safely: nothing of the file is trusted.

Checked before python-docx sees it: the size, the ZIP container (an encrypted Word file is an OLE
container, not a ZIP), the unpacked size (a ZIP bomb), macros (.docm content types, a VBA part)
and external relationships other than hyperlinks (linked templates, OLE links, linked pictures:
things Word would fetch). Tables come out as grids: a cell spanning columns repeats its text in
each, a cell merged vertically gives its text to every row it covers and is marked so."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 150 * 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HYPERLINK = "relationships/hyperlink"


class DocxRefused(ValueError):
    """The file cannot be read as a program document; the message is for the user."""


@dataclass(frozen=True)
class Cell:
    text: str
    merged_down: bool = False  # continues a vertical merge: the text is the cell's above
    spanned: bool = False  # repeats a cell spanning several columns


@dataclass
class Grid:
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0  # rows Word repeats on each page (w:tblHeader)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = str | Grid


def _check_container(data: bytes, limit: int) -> zipfile.ZipFile:
    if len(data) > limit:
        raise DocxRefused(
            _("Файл слишком большой: больше %(mb)s МБ. Уберите из документа рисунки или разделите его.")
            % {"mb": limit // (1024 * 1024)}
        )
    if data.startswith(OLE):
        raise DocxRefused(
            _(
                "Файл защищён паролем или сохранён в старом формате Word (.doc). Снимите пароль и "
                "сохраните документ как «Документ Word (.docx)»."
            )
        )
    if not data.startswith(b"PK"):
        raise DocxRefused(_("Это не документ Word (.docx). Сохраните программу в Word как «Документ Word (.docx)»."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocxRefused(
            _("Файл повреждён: Word-документ не читается. Откройте его в Word и сохраните заново.")
        ) from exc
    if unpacked > MAX_UNPACKED:
        raise DocxRefused(_("Файл слишком большой после распаковки: документ не принят."))
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise DocxRefused(_("Это не документ Word (.docx): в файле нет текста документа."))
    try:
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        if "macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
            raise DocxRefused(
                _(
                    "Документ содержит макросы (.docm): такие файлы не принимаются. Сохраните его как «Документ Word (.docx)»."
                )
            )
        for name in names:
            if not name.endswith(".rels"):
                continue
            rels = archive.read(name).decode("utf-8", "replace")
            for rel in re.findall(r"<Relationship\b[^>]*>", rels):
                if 'TargetMode="External"' in rel and HYPERLINK not in rel:
                    raise DocxRefused(
                        _(
                            "Документ ссылается на внешние файлы (связанный шаблон, объект или рисунок): такие "
                            "документы не принимаются. Разорвите связи в Word (Файл → Сведения → Связи) и "
                            "сохраните заново."
                        )
                    )
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError) as exc:
        raise DocxRefused(
            _("Файл повреждён: Word-документ не читается. Откройте его в Word и сохраните заново.")
        ) from exc
    return archive


def _cell_text(tc) -> str:
    from docx.text.paragraph import Paragraph

    lines = [Paragraph(p, None).text for p in tc.iter(f"{W}p")]
    return clean("\n".join(lines))


def clean(text: str) -> str:
    """Spaces normalised inside each line (tabs, non-breaking spaces, runs), empty lines dropped."""
    lines = [re.sub(r"[ \t\u00a0\u2007\u202f]+", " ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _grid(tbl) -> Grid:
    grid = Grid()
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(f"{W}tr"):
        trpr = tr.find(f"{W}trPr")
        if trpr is not None and trpr.find(f"{W}tblHeader") is not None and len(grid.rows) == grid.header_rows:
            grid.header_rows += 1
        row: list[Cell] = []
        for tc in tr.iterchildren(f"{W}tc"):
            tcpr = tc.find(f"{W}tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(f"{W}gridSpan")
                if gs is not None:
                    span = max(int(gs.get(f"{W}val", "1") or 1), 1)
                vm = tcpr.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val", "continue")
            column = len(row)
            if vmerge == "continue":
                text, merged = above.get(column, ""), True
            else:
                text, merged = _cell_text(tc), False
            for i in range(span):
                row.append(Cell(text, merged_down=merged, spanned=i > 0))
                above[column + i] = text
        grid.rows.append(row)
    return grid


def read_blocks(data: bytes, *, limit: int = MAX_BYTES) -> list[Block]:
    """The document's body in order: paragraphs as text, tables as grids (nested tables are read
    as the text of their cell)."""
    _check_container(data, limit)
    try:
        from docx import Document

        body = Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx raises many kinds on a damaged part
        raise DocxRefused(
            _("Файл повреждён: Word-документ не читается. Откройте его в Word и сохраните заново.")
        ) from exc
    from docx.text.paragraph import Paragraph

    blocks: list[Block] = []
    for child in body.iterchildren():
        if child.tag == f"{W}p":
            text = clean(Paragraph(child, None).text)
            if text:
                blocks.append(text)
        elif child.tag == f"{W}tbl":
            blocks.append(_grid(child))
    return blocks
