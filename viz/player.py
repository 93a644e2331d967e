"""The step-through player: every step of the forward or backward pass on one diagram,
with Prev/Next buttons, a slider and arrow keys, in one self-contained HTML block (no
CDN, no network). Backward captions spell out the chain rule::

    do/dx1 += do/d%5 · d%5/dx1 = 0.5 · (-3) = -1.5

The graph is laid out once (one ``dot`` run); each frame only changes the numbers,
colours and highlights of that one SVG in the page's script, so boxes never move. The
colour scale is fixed for the whole pass. With ``quiz=True`` the student types each
step's number before it is revealed. The numbers come from ``Graph.forward_steps()``
and ``Graph.backward_steps()``.
"""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from autograd import Graph
from autograd.ops import FLOAT

from . import palette
from .captions import adds_up, applied, number, parse, times
from .draw import Style, _as_graph, draw, pipe
from .player_page import MARK, page, player_html

__all__ = ["step_through", "StepThrough", "Frame"]

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
_S = f"{{{SVG_NS}}}"
UNKNOWN_FILL = "#eeeeee"  # forward pass: a box not computed yet


@dataclass
class Frame:
    """One step: ``rows`` are the boxes it changes (key -> data text, grad text, fill,
    text colour; None keeps what is there), ``marks`` the highlighted elements, and in
    quiz mode the ``question``, its ``answer`` and ``tolerance``."""

    caption: str
    rows: dict[str, tuple] = field(default_factory=dict)
    marks: list[str] = field(default_factory=list)
    question: str = ""
    answer: float | None = None
    tolerance: float = 0.0


class StepThrough:
    """A player: one SVG and its frames; shows itself in Jupyter, ``save()`` writes a page.

    ``captions``: each frame's caption; ``scale``: the |gradient| at which the colour
    scale saturates (fixed for the pass); ``places``: decimals shown."""

    def __init__(self, svg: str, frames: list[Frame], title: str, *, legend: list | None,
                 quiz: bool, places: int, scale: float) -> None:
        self.svg, self.frames, self.title = svg, frames, title
        self.legend, self.quiz, self.places, self.scale = legend, quiz, places, scale

    @property
    def captions(self) -> list[str]:
        return [f.caption for f in self.frames]

    def __len__(self) -> int:
        return len(self.frames)

    def _repr_html_(self) -> str:
        return self.html_block()

    def html_block(self, focus: bool = False) -> str:
        """The player as one HTML block (a div with its style, SVG and script)."""
        return player_html(self, focus)

    def save(self, path: str | Path) -> Path:
        """Write a self-contained page (works offline: nothing is fetched)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(self.title, self.html_block(focus=True)), encoding="utf-8")
        return path


def step_through(root, mode: str = "backward", *, quiz: bool = False,
                 colour: bool | str = True, places: int = 4, tolerance: float = 0.01,
                 max_steps: int = 2000, **options) -> StepThrough:
    """A player over every step of the ``mode`` pass ("backward" or "forward") of the
    graph behind ``root``; ``options`` go to :func:`viz.draw` (``rankdir``,
    ``group_scopes``, ...).

    ``colour``: backward boxes filled by gradient on one scale for the whole pass
    (``"log"`` for a log-magnitude scale, False for none). ``places``: decimals shown
    (more are used where needed so that every caption's arithmetic adds up as shown).
    ``quiz``: before each step is revealed, the student types its number (the node's
    value forward, the gradient contribution backward), checked within ``tolerance``
    (absolute, relative above 1). More than ``max_steps`` frames raises ValueError.

    >>> from autograd.examples import neuron
    >>> o, _ = neuron(); o.backward()
    >>> player = step_through(o)
    >>> player.captions[1]
    'do/dn += do/do · do/dn = 1 · 0.5 = 0.5'
    """
    if mode not in ("backward", "forward"):
        raise ValueError(f"step_through: mode is 'backward' or 'forward', got {mode!r}")
    if colour not in (True, False, "linear", "log"):
        raise ValueError(f"step_through: colour is True, False, 'linear' or 'log', "
                         f"got {colour!r}")
    if not isinstance(places, int) or not 0 <= places <= 12:
        raise ValueError(f"step_through: places must be an int from 0 to 12, got {places!r}")
    if not (isinstance(tolerance, (int, float)) and tolerance > 0):
        raise ValueError(f"step_through: tolerance must be a positive number, "
                         f"got {tolerance!r}")
    if "style" in options or "colour" in options:
        raise TypeError("step_through: the player sets draw's style and colour itself")
    graph = _as_graph(root)
    backward = mode == "backward"
    steps = list(graph.backward_steps() if backward else
                 [s for s in graph.forward_steps() if s.op is not None])
    if len(steps) + 1 > max_steps:
        raise ValueError(f"step_through: {len(steps) + 1} frames, more than max_steps="
                         f"{max_steps}; step through a smaller graph or raise max_steps")
    places = _places_that_add_up(graph, steps, backward, places)
    scale_mode = "log" if colour == "log" else "linear"
    if backward:
        scale = _scale(graph, steps)
        frames = _backward_frames(graph, steps, places, scale if colour else 0.0, scale_mode,
                                  tolerance)
    else:
        scale = 0.0
        frames = _forward_frames(graph, steps, places, tolerance)
    svg = _layout(graph, frames, backward, places, options)
    legend = None
    if backward and colour and scale:
        legend = [(f"{t:.3g}", palette.fill(t, scale, scale_mode))
                  for t in palette.ticks(scale, scale_mode)]
    kind = "quiz" if quiz else "pass"
    title = f"{mode} {kind}, {len(frames)} frames"
    return StepThrough(svg, frames, title, legend=legend, quiz=quiz, places=places,
                       scale=scale)


# --- the numbers of each frame ------------------------------------------------------------

def _name(node) -> str:
    return palette.node_name(node)


def _scale(graph: Graph, steps: list) -> float:
    """The largest |gradient| any box shows during the pass."""
    seen = [1.0 for _ in graph.outputs] + [abs(s.parent_grad) for s in steps]
    finite = [g for g in seen if math.isfinite(g)]
    return max(finite, default=0.0)


def _box(grad: float, scale: float, mode: str) -> tuple[str, str]:
    fill = palette.fill(grad, scale, mode) if scale else "#ffffff"
    return fill, palette.text_colour(fill)


def _tolerance(answer: float, tolerance: float) -> float:
    return tolerance * max(1.0, abs(answer)) if math.isfinite(answer) else 0.0


def _backward_frames(graph: Graph, steps: list, places: int, scale: float, mode: str,
                     tolerance: float) -> list[Frame]:
    out = graph.outputs[0]
    loss = _name(out)
    grads = {n.id: 0.0 for n in graph}
    touched: set[int] = set()
    for n in graph.outputs:
        grads[n.id] += 1.0
        touched.add(n.id)
    rows = {f"v{n.id}": (number(n.data, places), number(grads[n.id], places),
                         *_box(grads[n.id], scale, mode)) for n in graph}
    frames = [Frame(f"start: d{loss}/d{loss} = 1", rows, [f"v{out.id}"])]
    for s in steps:
        node, parent = _name(s.node), _name(s.parent)
        up, local, c = (number(x, places) for x in (s.upstream, s.local, s.contribution))
        caption = (f"d{loss}/d{parent} += d{loss}/d{node} · d{node}/d{parent} = "
                   f"{times([up, local])} = {c}")
        if s.parent.id in touched:     # a second path into the parent: the grads add up
            before = number(grads[s.parent.id], places)
            caption += f"; d{loss}/d{parent} = {before} + {_op(c)} = " \
                       f"{number(s.parent_grad, places)}"
        touched.add(s.parent.id)
        grads[s.parent.id] = s.parent_grad
        row = {f"v{s.parent.id}": (None, number(s.parent_grad, places),
                                   *_box(s.parent_grad, scale, mode))}
        marks = [f"v{s.node.id}", f"op{s.node.id}", f"v{s.parent.id}",
                 f"v{s.parent.id}->op{s.node.id}", f"op{s.node.id}->v{s.node.id}"]
        question = (f"d{loss}/d{node} · d{node}/d{parent} = ? "
                    f"(what {node} passes back to {parent})")
        frames.append(Frame(caption, row, marks, question, s.contribution,
                            _tolerance(s.contribution, tolerance)))
    return frames


def _op(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def _shown_args(graph: Graph, node, places: int) -> list[str]:
    return [_name(graph[a]) if type(a) is int else number(a, places) for a in node.args]


def _forward_frames(graph: Graph, steps: list, places: int, tolerance: float) -> list[Frame]:
    inputs = {n.id for n in graph.inputs}
    rows = {f"v{n.id}": (number(n.data, places) if n.id in inputs else "?", None,
                         "#ffffff" if n.id in inputs else UNKNOWN_FILL, "#000000")
            for n in graph}
    caption = "inputs: " + ", ".join(f"{_name(n)} = {number(n.data, places)}"
                                     for n in graph.inputs)
    frames = [Frame(caption, rows, [f"v{i}" for i in sorted(inputs)])]
    for s in steps:
        n = s.node
        formula = applied(n.op, _shown_args(graph, n, places))
        numbers = applied(n.op, [number(x, places) for x in s.inputs])
        caption = f"{_name(n)} = {formula} = {numbers} = {number(s.output, places)}"
        marks = [f"v{n.id}", f"op{n.id}", f"op{n.id}->v{n.id}",
                 *(f"v{a}->op{n.id}" for a in n.parents)]
        row = {f"v{n.id}": (number(s.output, places), None, "#ffffff", "#000000")}
        frames.append(Frame(caption, row, marks, f"{_name(n)} = {formula} = ?", s.output,
                            _tolerance(s.output, tolerance)))
    return frames


ADDITIVE = ("add", "sub", "sum", "neg")


def _places_that_add_up(graph: Graph, steps: list, backward: bool, places: int) -> int:
    """The fewest decimals, from ``places`` up to ``places + 3``, at which every sum on
    screen (an add, sub or sum node forward; a gradient adding a second path backward),
    redone on the numbers as shown, gives the result as shown. (A product of rounded
    numbers can only be right to the rounding of its factors, at any precision.)"""
    for d in range(places, places + 4):
        if all(_sum_adds_up(s, backward, d) for s in steps):
            return d
    return places


def _sum_adds_up(s, backward: bool, d: int) -> bool:
    def shown(x: float) -> float:
        return parse(number(x, d))

    if backward:
        before = s.parent_grad - s.contribution
        return before == 0.0 or adds_up(number(s.parent_grad, d),
                                        lambda: shown(before) + shown(s.contribution), d)
    if s.op.name not in ADDITIVE:
        return True
    args = [shown(x) for x in s.inputs]
    return adds_up(number(s.output, d), lambda: s.op.rule(FLOAT, *args)[0], d)


# --- one layout, tagged for the page's script ---------------------------------------------

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


def _layout(graph: Graph, frames: list[Frame], backward: bool, places: int,
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
    dot = draw(graph, style=Style(data=data.get, grad=grad.get), colour=False, **options)
    text = pipe(dot, "svg").decode("utf-8")
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
        if key.startswith("c"):    # a constant: written as the captions write it
            _retext_constant(graph, key, g, places)
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
    _join_labelled_edges(svg)
    _apply(svg, frames[0].rows, frames[0].marks)
    return ET.tostring(svg, encoding="unicode")


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


def _retext_constant(graph: Graph, key: str, g, places: int) -> None:
    try:
        n, k = (int(p) for p in key[1:].split("_"))
        value = graph[n].args[k]
    except (ValueError, IndexError):
        return
    cell = g.find(f"{_S}text")
    if cell is not None and type(value) is not int:
        cell.text = number(value, places)


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
