"""The network picture as server-side SVG: no JavaScript, no fonts or files fetched, the same
markup inline in a page, downloaded as a file or embedded in a WeasyPrint PDF.

Layout is deterministic, in three columns — schools that lead (mentors, internship sites),
schools that are supported or simply take part, other organisations — ordered by one
barycentre pass to keep lines from crossing. Edges are coloured and dashed by the kind of tie
(colour is never the only signal: every kind has its own dash pattern, and the legend names
them). Every piece of text is escaped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..models import Tie
from .selectors import GraphNode, NetworkGraph

WIDTH = 1000
BOX_W = 250
BOX_H = 40
STEP = 52
TOP = 64
SIDE = 60
GAP = (WIDTH - 2 * SIDE - 3 * BOX_W) // 2
COLUMN_X = {"lead": SIDE, "supported": SIDE + BOX_W + GAP, "organisation": SIDE + 2 * (BOX_W + GAP)}
FONT = "'DejaVu Sans', 'Segoe UI', Arial, sans-serif"


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    dash: str
    width: float


# Colours keep at least 3:1 contrast on white (WCAG non-text contrast).
STYLES: dict[str, EdgeStyle] = {
    Tie.Kind.MENTOR_PAIR: EdgeStyle("#0b5ed7", "", 2.5),
    Tie.Kind.INTERNSHIP_SITE: EdgeStyle("#146c43", "9 4", 2.5),
    Tie.Kind.PARTNER_AGREEMENT: EdgeStyle("#6f42c1", "2 4", 2.5),
    Tie.Kind.PROFESSIONAL_COMMUNITY: EdgeStyle("#b35300", "10 4 2 4", 2.0),
}
FADED_STATUSES = {Tie.Status.COMPLETED, Tie.Status.TERMINATED}


def _wrap(text: str, width: int = 34, lines: int = 2) -> list[str]:
    """Greedy word wrap into at most ``lines`` lines; an ellipsis marks what did not fit (the
    full name is in the node's <title>)."""
    out: list[str] = []
    line = ""
    cut = False
    words = text.split()
    i = 0
    while i < len(words) and len(out) < lines:
        word = words[i]
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line, i = candidate, i + 1
        elif line:
            out.append(line)
            line = ""
        else:  # one word longer than a line
            out.append(word[:width])
            cut, i = True, i + 1
    if line and len(out) < lines:
        out.append(line)
    if (cut or i < len(words)) and out:
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out or [""]


def _layout(graph: NetworkGraph) -> tuple[dict[str, tuple[int, int]], int]:
    columns: dict[str, list[GraphNode]] = defaultdict(list)
    for node in graph.nodes:  # already sorted by label
        columns[node.column].append(node)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in graph.edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)

    def order(nodes: list[GraphNode], ref: dict[str, int]) -> list[GraphNode]:
        def centre(n: GraphNode) -> tuple[float, str]:
            idx = [ref[k] for k in neighbours[n.key] if k in ref]
            return (sum(idx) / len(idx) if idx else float("inf"), n.label.casefold())

        return sorted(nodes, key=centre)

    middle = columns["supported"]
    index = {n.key: i for i, n in enumerate(middle)}
    for side in ("lead", "organisation"):
        columns[side] = order(columns[side], index)
    outer = {n.key: i for side in ("lead", "organisation") for i, n in enumerate(columns[side])}
    columns["supported"] = order(middle, outer) if outer else middle
    tallest = max((len(c) for c in columns.values()), default=0)
    pos: dict[str, tuple[int, int]] = {}
    for col, nodes in columns.items():
        offset = (tallest - len(nodes)) * STEP // 2  # centre short columns
        for i, n in enumerate(nodes):
            pos[n.key] = (COLUMN_X[col], TOP + offset + i * STEP)
    return pos, TOP + tallest * STEP


def _edge_path(a: tuple[int, int], b: tuple[int, int], shift: int) -> str:
    (ax, ay), (bx, by) = a, b
    y1, y2 = ay + BOX_H // 2 + shift, by + BOX_H // 2 + shift
    if ax == bx:  # same column: an arc in the margin beside it
        x = ax + BOX_W if ax == COLUMN_X["organisation"] else ax
        bulge = min(SIDE - 6 if ax != COLUMN_X["supported"] else GAP - 8, 18 + abs(y2 - y1) // 4)
        cx = x + bulge if ax == COLUMN_X["organisation"] else x - bulge
        return f"M{x},{y1} C{cx},{y1} {cx},{y2} {x},{y2}"
    if ax < bx:
        x1, x2 = ax + BOX_W, bx
    else:
        x1, x2 = ax, bx + BOX_W
    dx = (x2 - x1) / 2
    return f"M{x1},{y1} C{x1 + dx:.0f},{y1} {x2 - dx:.0f},{y2} {x2},{y2}"


def _legend(y: int, prefix: str) -> tuple[list[str], int]:
    parts = [
        f'<g class="legend" font-size="12" transform="translate({SIDE},{y})">',
        f'<text x="0" y="0" font-weight="bold">{escape(_("Условные обозначения"))}</text>',
    ]
    for i, (kind, style) in enumerate(STYLES.items()):
        col, row = i % 2, i // 2
        x, yy = col * 440, 22 + row * 22
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<line x1="{x}" y1="{yy - 4}" x2="{x + 44}" y2="{yy - 4}" stroke="{style.colour}" '
            f'stroke-width="{style.width}"{dash}/>'
            f'<text x="{x + 54}" y="{yy}">{escape(Tie.Kind(kind).label)}</text>'
        )
    yy = 22 + 2 * 22
    parts.append(
        f'<rect x="0" y="{yy - 13}" width="28" height="18" rx="3" fill="#ffffff" stroke="#343a40"/>'
        f'<text x="36" y="{yy}">{escape(_("школа"))}</text>'
        f'<rect x="120" y="{yy - 13}" width="28" height="18" rx="9" fill="#e9ecef" '
        f'stroke="#6c757d" stroke-dasharray="4 2"/>'
        f'<text x="156" y="{yy}">{escape(_("организация"))}</text>'
        f'<line x1="290" y1="{yy - 4}" x2="330" y2="{yy - 4}" stroke="#343a40" stroke-width="2" '
        f'marker-end="url(#{prefix}-arrow-plain)"/>'
        f'<text x="340" y="{yy}">{escape(_("от ведущей стороны к получающей поддержку"))}</text>'
    )
    yy += 22
    parts.append(
        f'<text x="0" y="{yy}" fill="#495057">'
        f"{escape(_('Бледные линии — завершённые или расторгнутые связи.'))}</text></g>"
    )
    return parts, yy + 16


def render_network_svg(
    graph: NetworkGraph,
    *,
    id_prefix: str = "net",
    responsive: bool = True,
    href_for: Callable[[GraphNode], str | None] | None = None,
) -> SafeString:
    """The SVG markup of ``graph``. ``href_for`` may link a node (e.g. to its school page)."""
    p = escape(id_prefix)
    pos, body_bottom = _layout(graph)
    legend, legend_h = _legend(body_bottom + 28, p)
    height = body_bottom + 28 + legend_h
    size = 'width="100%"' if responsive else f'width="{WIDTH}" height="{height}"'
    title = graph.title or _("Сетевые связи")
    # With links inside, role="img" would hide them from screen readers; a group keeps them.
    role = "group" if href_for else "img"
    desc = _("Участников: %(n)s, линий связей: %(e)s.") % {
        "n": len(graph.nodes),
        "e": len(graph.edges),
    }
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" {size} '
        f'role="{role}" aria-labelledby="{p}-title {p}-desc" font-family="{escape(FONT)}">',
        f'<title id="{p}-title">{escape(title)}</title><desc id="{p}-desc">{escape(desc)}</desc>',
        "<defs>",
    ]
    for kind, style in [*STYLES.items(), ("plain", EdgeStyle("#343a40", "", 2))]:
        out.append(
            f'<marker id="{p}-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
            f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{style.colour}"/></marker>'
        )
    out.append("</defs>")
    heads = {
        "lead": _("Ведущие школы"),
        "supported": _("Школы, получающие поддержку,"),
        "organisation": _("Организации"),
    }
    subs = {
        "lead": _("(наставники, площадки)"),
        "supported": _("и школы-участники"),
        "organisation": _("и сообщества"),
    }
    for col, x in COLUMN_X.items():
        out.append(
            f'<text x="{x + BOX_W // 2}" y="22" text-anchor="middle" font-size="13" '
            f'font-weight="bold">{escape(heads[col])}</text>'
            f'<text x="{x + BOX_W // 2}" y="40" text-anchor="middle" font-size="12" '
            f'fill="#495057">{escape(subs[col])}</text>'
        )
    if not graph.nodes:
        out.append(
            f'<text x="{WIDTH // 2}" y="{TOP + 20}" text-anchor="middle" font-size="14" '
            f'fill="#495057">{escape(_("Связей для отображения нет."))}</text>'
        )
    out.append('<g class="edges" fill="none">')
    seen: dict[frozenset, int] = defaultdict(int)
    shifts = (0, 8, -8, 14, -14)
    for e in graph.edges:
        pair = frozenset((e.source, e.target))
        shift = shifts[seen[pair] % len(shifts)]
        seen[pair] += 1
        style = STYLES.get(e.kind, EdgeStyle("#343a40", "", 2))
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        # opacity, not stroke-opacity: the arrowhead fades with its line
        faded = ' opacity="0.4"' if e.status in FADED_STATUSES else ""
        marker = f' marker-end="url(#{p}-arrow-{escape(e.kind)})"' if e.directed else ""
        out.append(
            f'<path d="{_edge_path(pos[e.source], pos[e.target], shift)}" stroke="{style.colour}" '
            f'stroke-width="{style.width}"{dash}{faded}{marker}>'
            f"<title>{escape(e.title)} — {escape(e.kind_label)}, "
            f"{escape(e.status_label)}</title></path>"
        )
    out.append('</g><g class="nodes" font-size="12">')
    for n in graph.nodes:
        x, y = pos[n.key]
        shape = (
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="#ffffff" stroke="#343a40"/>'
            if n.is_school
            else f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="16" fill="#e9ecef" '
            f'stroke="#6c757d" stroke-dasharray="4 2"/>'
        )
        lines = _wrap(n.label)
        first_y = y + (BOX_H // 2 + 4 if len(lines) == 1 else BOX_H // 2 - 3)
        text = "".join(
            f'<tspan x="{x + BOX_W // 2}" y="{first_y + i * 14}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        body = f'<title>{escape(n.full_name)}</title>{shape}<text text-anchor="middle" fill="#212529">{text}</text>'
        href = href_for(n) if href_for else None
        out.append(f'<a href="{escape(href)}">{body}</a>' if href else f"<g>{body}</g>")
    out.append("</g>")
    out.extend(legend)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped above
