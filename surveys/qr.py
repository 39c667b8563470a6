"""QR codes of survey links, drawn on the server as SVG (segno): printed on the school's sheet,
scanned by a parent's phone. Nothing is fetched and no script draws them."""

from __future__ import annotations

import segno


def qr_svg(url: str, *, scale: int = 4) -> str:
    """An inline <svg> of ``url`` (medium error correction: survives a crumpled printout)."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=scale, title="QR-код ссылки на анкету")
