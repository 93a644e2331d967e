"""The player's one layout: the graph laid out once by ``dot`` (through :func:`viz.draw`),
with boxes wide enough for every frame's numbers, and the elements frames change tagged
for the page's script (``data-tg`` keys: ``v3`` a box, ``op5`` an op, ``v0->op5`` an
edge; ``data-tg-cell`` the data and grad texts). Frame 0 is written into it, so the
diagram reads right before the script runs, or where scripts are blocked.
"""

from __future__ import annotations

import functools
import re

from autograd import Graph

from .captions import number
from .draw import Style, draw, fit_width, pipe
from .player_page import MARK

__all__ = ["layout"]

SVG_NS = "http://www.w3.org/2000/svg"
_S = f"{{{SVG_NS}}}"


_NARROW = {"-": 0.333, ".": 0.278, "i": 0.222, "f": 0.278, "+": 0.584}


def _em(text: str) -> float:
    """The width of a number's text in Helvetica, in ems (digits are 0.556 em)."""
    return sum(_NARROW.get(c, 0.556) for c in text)


@functools.lru_cache(maxsize=32)
def _placeholders(digits: int) -> list[tuple[float, float]]:
    """(width in ems, number) for numbers of 8s as draw writes them at ``digits``
    significant digits, narrowest first."""
    found: dict[float, float] = {}
    for k in range(1, digits + 1):
        for exponent in range(-300, 300):
            for sign in (1.0, -1.0):
                x = sign * float(f"{'8' * k}e{exponent}")
                found.setdefault(round(_em(f"{x:.{digits}g}"), 3), x)
    return sorted(found.items())


def _placeholder(texts, digits: int) -> float:
    """A number that draw writes at least as wide as the widest of ``texts``, so every
    frame's text fits the box laid out once for all of them."""
    width = max((_em(t) for t in texts if t is not None), default=0.556)
    options = _placeholders(digits)
    return next((x for w, x in options if w >= width - 1e-9), options[-1][1])


def layout(graph: Graph, frames: list, backward: bool, places: int,
            options: dict) -> str:
    """Lay the graph out once (one ``dot`` run) with boxes wide enough for every frame's
    numbers; tag the elements frames change; write frame 0 into it."""
    texts: dict[str, list[tuple]] = {}
    for f in frames:
        for key, row in f.rows.items():
            texts.setdefault(key, []).append(row)
    digits = options.get("digits", 4)
    data = {int(k[1:]): _placeholder([r[0] for r in rows], digits)
            for k, rows in texts.items()}
    grad = {int(k[1:]): _placeholder([r[1] for r in rows], digits)
            for k, rows in texts.items()}
    options.setdefault("show_grad", backward)
    style = Style(data=data.get, grad=grad.get, number=lambda x: number(x, places))
    dot = draw(graph, style=style, colour=False, **options)
    text = pipe(dot, "svg").decode("utf-8")
    import xml.etree.ElementTree as ET  # here, not at import: `import viz` stays light

    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    svg = ET.fromstring(text[text.index("<svg"):])
    for g in svg.iter(f"{_S}g"):
        title = g.find(f"{_S}title")
        if title is None or g.get("class") not in ("node", "edge"):
            continue
        key = title.text or ""
        g.set("data-tg", key)
        shapes = [c for c in g if c.tag in (f"{_S}path", f"{_S}polygon", f"{_S}ellipse")]
        for shape in shapes:
            shape.set("data-tg-stroke", shape.get("stroke", "black"))
            shape.set("data-tg-width", shape.get("stroke-width", "1"))
        cells = g.findall(f"{_S}text")
        shown = ["".join(c.itertext()) for c in cells]
        end = len(cells)
        if backward:       # the last "grad ..." text is the grad cell; a label comes first
            end = next((i for i in reversed(range(end)) if shown[i].startswith("grad ")), end)
            if end < len(cells):
                cells[end].set("data-tg-cell", "grad")
        data_at = next((i for i in reversed(range(end)) if shown[i].startswith("data ")), None)
        if data_at is not None:
            cells[data_at].set("data-tg-cell", "data")
        _centre_cells(g, shapes)
    _join_labelled_edges(svg)
    _apply(svg, frames[0].rows, frames[0].marks)
    # as wide as the page at most, but never with boxes' type below 10 px: then it scrolls
    return fit_width(ET.tostring(svg, encoding="unicode"))


def _centre_cells(g, shapes) -> None:
    """Anchor the texts frames change at the middle of their box: dot places each line's
    start for the widest number of the pass (the placeholder), so a shorter number
    (``grad 0`` before ``grad -1.5``) would otherwise sit left of centre."""
    cells = [c for c in g.findall(f"{_S}text") if c.get("data-tg-cell")]
    if not cells or not shapes:
        return
    outline = shapes[0]
    xs = [float(x) for x in re.findall(r"(-?[\d.]+),-?[\d.]+",
                                         outline.get("d") or outline.get("points") or "")]
    if xs:
        for cell in cells:
            cell.set("text-anchor", "middle")
            cell.set("x", f"{(min(xs) + max(xs)) / 2:.2f}")


def _join_labelled_edges(svg) -> None:
    """draw runs a labelled edge through its label (``v0->d3``, ``d3->op5``): both halves
    get the key of the edge they draw (``v0->op5``), so the step highlights both."""
    edges = [g for g in svg.iter(f"{_S}g") if g.get("class") == "edge" and g.get("data-tg")]
    leaving = {g.get("data-tg").partition("->")[0]: g for g in edges}
    for g in edges:
        tail, _, head = g.get("data-tg").partition("->")
        second = leaving.get(head) if re.fullmatch(r"d\d+", head) else None
        if second is not None:
            key = f"{tail}->{second.get('data-tg').partition('->')[2]}"
            g.set("data-tg", key)
            second.set("data-tg", key)


def _apply(svg, rows: dict, marks: list[str]) -> None:
    """Frame 0 written into the SVG (the page's script does the same for every frame),
    so the player reads right before its script runs or where scripts are blocked."""
    groups: dict[str, list] = {}
    for g in svg.iter(f"{_S}g"):
        if g.get("data-tg"):
            groups.setdefault(g.get("data-tg"), []).append(g)
    for key, (data, grad, fill, ink) in rows.items():
        for g in groups.get(key, ())[:1]:
            _apply_row(g, data, grad, fill, ink)
    for key in marks:
        for g in groups.get(key, ()):
            for shape in g:
                if shape.get("data-tg-stroke"):
                    shape.set("stroke", MARK)
                    shape.set("stroke-width", "3")
                    if shape.tag == f"{_S}polygon" and g.get("class") == "edge":
                        shape.set("fill", MARK)


def _apply_row(g, data, grad, fill, ink) -> None:
    for cell in g.findall(f"{_S}text"):
        which = cell.get("data-tg-cell")
        if which == "data" and data is not None:
            cell.text = f"data {data}"
        elif which == "grad" and grad is not None:
            cell.text = f"grad {grad}"
        if ink is not None:
            cell.set("fill", ink)
    shape = next((c for c in g if c.get("data-tg-stroke")), None)
    if shape is not None and fill is not None:
        shape.set("fill", fill)
