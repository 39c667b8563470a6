"""The PDF formatter: the document as HTML (templates/reports/pdf/document.html) printed by WeasyPrint.

A4 with margins of an official document, DejaVu (Debian's fonts-dejavu-core, found through
fontconfig, so Cyrillic never falls back to boxes), «Страница N из M» through the @page
counters, table headers repeated on every page (thead is a table-header-group), wide tables on
landscape pages and the app's SVG charts inline. Cells get generous side padding on purpose:
text extraction (pdftotext, screen readers, search) then keeps each cell's lines together
instead of interleaving neighbouring columns.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .document import DATE, Document, Fields, Figure, Group, Table, Text, display

FORMAT = "pdf"
TEMPLATE = "reports/pdf/document.html"


_COMPOUND_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def keep_hyphens(text: str) -> str:
    """A WORD JOINER after the hyphen of a compound word («психолого-педагогической»): the line is
    not broken there, because text extraction (pdftotext, copy, search) reads a hyphen at the end
    of a line as a soft hyphen and glues the compound into a word that does not exist. The joiner
    is invisible and leaves no trace in the extracted text."""
    return _COMPOUND_HYPHEN.sub("-\u2060", text)


# A column at most this share of the table's width is narrow: its long words are hyphenated
# (style.css) rather than broken anywhere. Wider columns wrap between words only, as a reader
# (and text extraction, which keeps a hyphen of a raw reading) expects.
NARROW = 0.2


def _css(column) -> str:
    if column.numeric:
        return "num"
    return "nowrap" if column.kind == DATE or column.nowrap else ""


def _narrow(css: str, share: float) -> str:
    """The cell's classes plus «narrow» for a text cell of a narrow column (numbers and dates are
    never broken)."""
    return f"{css} narrow".strip() if share <= NARROW and not css else css


def _table(table: Table) -> dict[str, Any]:
    visible = table.visible(FORMAT)
    total = sum(c.width for _i, c in visible) or 1
    css = [_narrow(_css(c), c.width / total) for _i, c in visible]
    rows: list[dict[str, Any]] = []
    for row in table.rows:
        if isinstance(row, Group):
            rows.append({"group": row.title})
        else:
            rows.append(
                {
                    "cells": [
                        {"text": keep_hyphens(display(row[i], c)), "css": css[n]} for n, (i, c) in enumerate(visible)
                    ]
                }
            )
    return {
        "kind": "table",
        "title": table.title,
        "level": table.level,
        "wide": table.wide,
        "note": table.note,
        "empty": table.empty,
        "columns": [
            {"title": c.title, "width": f"{100 * c.width / total:.1f}", "css": css[n]}
            for n, (_i, c) in enumerate(visible)
        ],
        "rows": rows,
    }


_SVG_ID = re.compile(r'\b(id|aria-labelledby)="([^"]+)"')


def _unique_ids(svg: str, n: int) -> str:
    """Several figures from the same chart code share element ids (a chart drawn twice);
    suffix them per figure so the document's anchors stay unique."""
    return _SVG_ID.sub(lambda m: f'{m.group(1)}="{m.group(2)}-{n}"', svg)


def _section(section, n: int = 0) -> dict[str, Any]:
    if isinstance(section, Table):
        return _table(section)
    if isinstance(section, Fields):
        items = [
            {
                "label": label,
                "lines": [keep_hyphens(str(v)) for v in value] if isinstance(value, list | tuple) else None,
                "value": keep_hyphens(display(value)),
            }
            for label, value in section.items
        ]
        return {"kind": "fields", "title": section.title, "level": section.level, "items": items}
    if isinstance(section, Text):
        return {
            "kind": "text",
            "title": section.title,
            "level": section.level,
            "paragraphs": [keep_hyphens(p) for p in section.paragraphs],
            "numbered": section.numbered,
        }
    if isinstance(section, Figure):
        # The SVG comes from the app's own chart code, which escapes every text it draws.
        return {
            "kind": "figure",
            "title": section.title,
            "level": section.level,
            "svg": mark_safe(_unique_ids(section.svg, n)),  # noqa: S308
            "caption": section.caption,
            "wide": section.wide,
        }
    raise TypeError(f"unknown section {type(section).__name__}")


def html(document: Document) -> str:
    return render_to_string(
        TEMPLATE, {"doc": document, "sections": [_section(s, n) for n, s in enumerate(document.sections)]}
    )


def render(document: Document) -> bytes:
    # WeasyPrint narrates every layout step at INFO (some already on import); a log needs none of it.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # heavy import: only where a PDF is really made

    return HTML(string=html(document), base_url=str(settings.BASE_DIR)).write_pdf()
