"""The identification scatter as SVG: quality index against ИСБШ, with the category quadrants
and the group boundaries. Server-side, escaped, no JavaScript: the same picture serves the page
and the PDF report. Each point links to its school."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from schools.formats import format_number

W, H, PAD_L, PAD_B, PAD_T, PAD_R = 760, 520, 60, 50, 20, 20
QUADRANTS = {
    "low_on_both": ("адресное сопровождение", "#f8d7da"),
    "resilient": ("адресная поддержка (резильентные)", "#d1e7dd"),
    "not_coping": ("адресное наставничество", "#fff3cd"),
    "stable": ("стабильные", "#e2e3e5"),
}
POINT = {
    "low_on_both": "#b02a37",
    "resilient": "#198754",
    "not_coping": "#b7791f",
    "stable": "#495057",
    "no_data": "#adb5bd",
}


MUTED = "#ced4da"  # the population around the highlighted schools
# The quadrants' names: bold 11 px DejaVu Sans is at most about 7.5 px a character (Cyrillic).
CHAR_W, LINE, LABEL_INSET, LEGEND_ROW = 7.5, 14, 6, 18


def _text_width(text: str) -> float:
    return CHAR_W * len(text)


def _fit_label(label: str, width: float, height: float) -> list[str] | None:
    """The quadrant's name as the lines that fit inside it (one, else two split at the space
    nearest the middle), or None when even two lines do not fit: then it goes to the legend.
    Each name stays inside its own quadrant, so names of neighbouring quadrants never meet."""
    room = width - 2 * LABEL_INSET
    if _text_width(label) <= room and height >= LINE + 10:
        return [label]
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    if spaces and height >= 2 * LINE + 10:
        cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
        lines = [label[:cut], label[cut + 1 :]]
        if max(_text_width(line) for line in lines) <= room:
            return lines
    return None


def _num(value: float, digits: int = 2) -> str:
    """A number in labels and tooltips the portal's way (SVG coordinates keep the point)."""
    return format_number(value, digits)


def _edge(boundaries: list, group: int) -> float | None:
    """Where group `group + 1` begins (boundaries[g − 1] is the start of group g + 1)."""
    if 1 <= group <= len(boundaries):
        value = boundaries[group - 1]
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else value
    return None


def scatter_svg(*, points: list[dict], summary: dict, thresholds: dict, url_for=None) -> str:
    """points: dicts with x (ИСБШ), y (quality), category, label, school_id; optionally
    ``highlight`` (a ringed point: the schools the page is about) or ``muted`` (a small grey
    point underneath; without a label it is an anonymous school of the population)."""
    pts = [p for p in points if p["x"] is not None and p["y"] is not None]
    if not pts:
        return '<p class="text-muted">Нет школ с обоими индексами.</p>'
    xs, ys = [p["x"] for p in pts], [p["y"] for p in pts]
    x_edge = _edge(summary["wellbeing_groups"]["boundaries"], thresholds["unfavourable_max_wellbeing_group"])
    y_edge = _edge(summary["quality_groups"]["boundaries"], thresholds["low_quality_max_group"])
    lo_x, hi_x = min(xs + [x_edge or xs[0]]), max(xs + [x_edge or xs[0]])
    lo_y, hi_y = min(ys + [y_edge or ys[0], 1.0]), max(ys + [y_edge or ys[0], 1.0])
    pad_x, pad_y = (hi_x - lo_x) * 0.06 or 0.05, (hi_y - lo_y) * 0.06 or 0.05
    lo_x, hi_x, lo_y, hi_y = lo_x - pad_x, hi_x + pad_x, lo_y - pad_y, hi_y + pad_y

    def sx(v: float) -> float:
        return PAD_L + (W - PAD_L - PAD_R) * (v - lo_x) / (hi_x - lo_x)

    def sy(v: float) -> float:
        return H - PAD_B - (H - PAD_B - PAD_T) * (v - lo_y) / (hi_y - lo_y)

    legend: list[tuple[str, str]] = []
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" role="img" '
        f'aria-labelledby="sc-title" font-family="DejaVu Sans, sans-serif" font-size="11">',
        '<title id="sc-title">Индекс качества и ИСБШ школ: категории адресной поддержки</title>',
    ]
    if x_edge is not None and y_edge is not None:
        ex, ey = sx(x_edge), sy(y_edge)
        boxes = {
            "low_on_both": (PAD_L, ey, ex - PAD_L, H - PAD_B - ey),
            "resilient": (PAD_L, PAD_T, ex - PAD_L, ey - PAD_T),
            "not_coping": (ex, ey, W - PAD_R - ex, H - PAD_B - ey),
            "stable": (ex, PAD_T, W - PAD_R - ex, ey - PAD_T),
        }
        for key, (x, y, w, h) in boxes.items():
            label, colour = QUADRANTS[key]
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{colour}" opacity="0.55"/>'
            )
            lines = _fit_label(label, max(w, 0), max(h, 0))
            if lines is None:
                legend.append((label, colour))  # too small a quadrant: named under the chart
                continue
            left = key in ("low_on_both", "resilient")
            tx = x + LABEL_INSET if left else x + max(w, 0) - LABEL_INSET
            anchor = "start" if left else "end"
            top = key in ("resilient", "stable")
            first = y + 16 if top else y + max(h, 0) - 8 - LINE * (len(lines) - 1)
            for i, line in enumerate(lines):
                out.append(
                    f'<text x="{tx:.1f}" y="{first + LINE * i:.1f}" text-anchor="{anchor}" fill="#212529" '
                    f'font-weight="bold" data-zone="{key}">{escape(line)}</text>'
                )
    # Group boundaries as thin lines.
    for b in summary["quality_groups"]["boundaries"]:
        if b is not None and lo_y < b < hi_y:
            out.append(
                f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{sy(b):.1f}" y2="{sy(b):.1f}" stroke="#6c757d" stroke-width="0.4" stroke-dasharray="2 3"/>'
            )
    for b in summary["wellbeing_groups"]["boundaries"]:
        if b is not None and lo_x < b < hi_x:
            out.append(
                f'<line y1="{PAD_T}" y2="{H - PAD_B}" x1="{sx(b):.1f}" x2="{sx(b):.1f}" stroke="#6c757d" stroke-width="0.4" stroke-dasharray="2 3"/>'
            )
    # Axes.
    out.append(f'<line x1="{PAD_L}" y1="{H - PAD_B}" x2="{W - PAD_R}" y2="{H - PAD_B}" stroke="#212529"/>')
    out.append(f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{H - PAD_B}" stroke="#212529"/>')
    for i in range(6):
        vx = lo_x + (hi_x - lo_x) * i / 5
        vy = lo_y + (hi_y - lo_y) * i / 5
        out.append(f'<text x="{sx(vx):.1f}" y="{H - PAD_B + 16}" text-anchor="middle">{_num(vx)}</text>')
        out.append(f'<text x="{PAD_L - 6}" y="{sy(vy) + 4:.1f}" text-anchor="end">{_num(vy)}</text>')
    out.append(
        f'<text x="{(W + PAD_L) / 2:.1f}" y="{H - 10}" text-anchor="middle">ИСБШ (ожидаемый по социальному составу результат)</text>'
    )
    out.append(
        f'<text transform="rotate(-90)" x="{-(H - PAD_B + PAD_T) / 2:.1f}" y="16" text-anchor="middle">Индекс качества</text>'
    )
    # Muted points first, underneath: the rest of the population, without names or links.
    for p in pts:
        if p.get("muted") and not p.get("label"):
            out.append(
                f'<circle cx="{sx(p["x"]):.1f}" cy="{sy(p["y"]):.1f}" r="3.5" fill="{MUTED}" '
                f'stroke="#fff" stroke-width="0.5" data-muted="1"/>'
            )
    for p in sorted(pts, key=lambda p: (bool(p.get("muted")), p["category"], p["school_id"])):
        if p.get("muted") and not p.get("label"):
            continue
        if p.get("muted"):
            circle = (
                f'<circle cx="{sx(p["x"]):.1f}" cy="{sy(p["y"]):.1f}" r="3.5" fill="{MUTED}" stroke="#fff" '
                f'stroke-width="0.5" data-muted="1"><title>{escape(p["label"])}: качество {_num(p["y"], 3)}, '
                f"ИСБШ {_num(p['x'], 3)}</title></circle>"
            )
            if url_for:
                circle = f'<a href="{escape(url_for(p["school_id"]))}">{circle}</a>'
            out.append(circle)
            continue
        highlight = (
            ' stroke="#0d6efd" stroke-width="2.5" data-highlight="1"'
            if p.get("highlight")
            else ' stroke="#fff" stroke-width="1"'
        )
        circle = (
            f'<circle cx="{sx(p["x"]):.1f}" cy="{sy(p["y"]):.1f}" r="{6 if p.get("highlight") else 5}" '
            f'fill="{POINT.get(p["category"], "#000")}"{highlight}><title>{escape(p["label"])}: качество {_num(p["y"], 3)}, '
            f"ИСБШ {_num(p['x'], 3)}</title></circle>"
        )
        if url_for:
            circle = f'<a href="{escape(url_for(p["school_id"]))}">{circle}</a>'
        out.append(circle)
    if legend:
        # The quadrants too small to hold their name are named in a strip under the axis title.
        out[0] = out[0].replace(f"0 0 {W} {H}", f"0 0 {W} {H + LEGEND_ROW * len(legend)}")
        for i, (label, colour) in enumerate(legend):
            y = H + LEGEND_ROW * i
            out.append(
                f'<rect x="{PAD_L}" y="{y:.1f}" width="14" height="12" fill="{colour}" opacity="0.55" stroke="#6c757d" stroke-width="0.5"/>'
            )
            out.append(f'<text x="{PAD_L + 20}" y="{y + 10:.1f}" data-zone-legend="1">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out)
