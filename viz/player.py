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

import math
from dataclasses import dataclass, field
from pathlib import Path

from autograd import Graph
from autograd.ops import FLOAT

from . import palette
from .captions import aligned, applied, number, parse, times
from .draw import _as_graph
from .player_page import page, player_html
from .player_svg import layout

__all__ = ["step_through", "StepThrough", "Frame"]

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
    (``"log"`` for a log-magnitude scale, False for none). ``places``: decimals shown,
    significant digits below 1 (more are used where needed so that every caption's
    arithmetic adds up as shown).
    ``quiz``: before each step is revealed, the student types its number (the node's
    value forward, the gradient contribution backward), checked within ``tolerance``
    (absolute, relative above 1, at most half a nonzero answer). More than ``max_steps``
    frames raises ValueError.

    >>> from autograd.examples import neuron
    >>> o, _ = neuron(); o.backward()
    >>> player = step_through(o)
    >>> player.captions[1]
    'do/dn += do/do · ∂o/∂n = 1 · 0.5 = 0.5'
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
    if "style" in options:
        raise TypeError("step_through: the player sets draw's style itself")
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
    svg = layout(graph, frames, backward, places, options)
    legend = None
    if backward and colour and scale:
        legend = [(f"{t:.3g}", palette.fill(t, scale, scale_mode))
                  for t in palette.ticks(scale, scale_mode)]
    kind = "quiz" if quiz else "pass"
    title = f"{mode} {kind}, {len(frames)} frames"
    return StepThrough(svg, frames, title, legend=legend, quiz=quiz, places=places,
                       scale=scale)


# --- the numbers of each frame ------------------------------------------------------------

class _Names:
    """The graph's node names (:func:`viz.palette.names`), looked up by node."""

    def __init__(self, graph: Graph) -> None:
        self.names = palette.names(graph)

    def __call__(self, node) -> str:
        return self.names[node.id]


def _scale(graph: Graph, steps: list) -> float:
    """The largest |gradient| any box shows during the pass."""
    seen = [1.0 for _ in graph.outputs] + [abs(s.parent_grad) for s in steps]
    finite = [g for g in seen if math.isfinite(g)]
    return max(finite, default=0.0)


def _box(grad: float, scale: float, mode: str) -> tuple[str, str]:
    fill = palette.fill(grad, scale, mode) if scale else "#ffffff"
    return fill, palette.text_colour(fill)


def _tolerance(answer: float, tolerance: float) -> float:
    """``tolerance``, relative above 1; and for a small nonzero answer at most half of
    it, so that 0 or the wrong sign is never right (a vanishing gradient of 0.003 is not
    "0 within ±0.01")."""
    if not math.isfinite(answer):
        return 0.0
    allowed = tolerance * max(1.0, abs(answer))
    return min(allowed, abs(answer) / 2) if answer else allowed


def _backward_frames(graph: Graph, steps: list, places: int, scale: float, mode: str,
                     tolerance: float) -> list[Frame]:
    _name = _Names(graph)
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
        caption = (f"d{loss}/d{parent} += d{loss}/d{node} · ∂{node}/∂{parent} = "
                   f"{times([up, local])} = {c}")
        if s.parent.id in touched:     # a second path into the parent: the grads add up
            before, c2, total = aligned([grads[s.parent.id], s.contribution, s.parent_grad],
                                        places)
            caption += f"; d{loss}/d{parent} = {before} + {_op(c2)} = {total}"
        touched.add(s.parent.id)
        grads[s.parent.id] = s.parent_grad
        row = {f"v{s.parent.id}": (None, number(s.parent_grad, places),
                                   *_box(s.parent_grad, scale, mode))}
        marks = [f"v{s.node.id}", f"op{s.node.id}", f"v{s.parent.id}",
                 f"v{s.parent.id}->op{s.node.id}", f"op{s.node.id}->v{s.node.id}"]
        question = (f"d{loss}/d{node} · ∂{node}/∂{parent} = ? "
                    f"(what {node} passes back to {parent})")
        frames.append(Frame(caption, row, marks, question, s.contribution,
                            _tolerance(s.contribution, tolerance)))
    return frames


def _op(text: str) -> str:
    return f"({text})" if text.startswith("-") else text


def _shown_args(graph: Graph, node, places: int, _name) -> list[str]:
    return [_name(graph[a]) if type(a) is int else number(a, places) for a in node.args]


def _forward_frames(graph: Graph, steps: list, places: int, tolerance: float) -> list[Frame]:
    _name = _Names(graph)
    inputs = {n.id for n in graph.inputs}
    rows = {f"v{n.id}": (number(n.data, places) if n.id in inputs else "?", None,
                         "#ffffff" if n.id in inputs else UNKNOWN_FILL, "#000000")
            for n in graph}
    caption = "inputs: " + ", ".join(f"{_name(n)} = {number(n.data, places)}"
                                     for n in graph.inputs)
    frames = [Frame(caption, rows, [f"v{i}" for i in sorted(inputs)])]
    for s in steps:
        n = s.node
        formula = applied(n.op, _shown_args(graph, n, places, _name))
        shown = _forward_numbers(s, places)
        numbers = applied(n.op, shown[:-1])
        caption = f"{_name(n)} = {formula} = {numbers} = {shown[-1]}"
        marks = [f"v{n.id}", f"op{n.id}", f"op{n.id}->v{n.id}",
                 *(f"v{a}->op{n.id}" for a in n.parents)]
        row = {f"v{n.id}": (number(s.output, places), None, "#ffffff", "#000000")}
        frames.append(Frame(caption, row, marks, f"{_name(n)} = {formula} = ?", s.output,
                            _tolerance(s.output, tolerance)))
    return frames


ADDITIVE = ("add", "sub", "sum", "neg")


def _forward_numbers(s, places: int) -> list[str]:
    """A forward step's inputs and output as its caption writes them: a sum's at one
    number of decimals (:func:`aligned`)."""
    values = [*s.inputs, s.output]
    if s.op.name in ADDITIVE:
        return aligned(values, places)
    return [number(x, places) for x in values]


def _places_that_add_up(graph: Graph, steps: list, backward: bool, places: int) -> int:
    """The decimals, from ``places`` up to ``places + 3``, at which the most sums on
    screen (an add, sub or sum node forward; a gradient adding a second path backward),
    redone on the numbers as shown, give the result as shown (the fewest decimals of
    those; all of them add up in every graph the tests try). (A product of rounded
    numbers can only be right to the rounding of its factors, at any precision.)"""
    sums = _sums(graph, steps, backward)
    best, most = places, -1
    for d in range(places, places + 4):
        right = sum(_adds_up(aligned(values, d), op) for values, op in sums)
        if right > most:
            best, most = d, right
        if right == len(sums):
            break
    return best


def _sums(graph: Graph, steps: list, backward: bool) -> list[tuple[list[float], object]]:
    """Every sum a caption shows: (its numbers, the result last; the op, None for a
    gradient adding up)."""
    if not backward:
        return [([*s.inputs, s.output], s.op) for s in steps if s.op.name in ADDITIVE]
    grads = {n.id: 0.0 for n in graph}
    touched = {n.id for n in graph.outputs}
    found = []
    for s in steps:
        if s.parent.id in touched:
            found.append(([grads[s.parent.id], s.contribution, s.parent_grad], None))
        touched.add(s.parent.id)
        grads[s.parent.id] = s.parent_grad
    return found


def _adds_up(texts: list[str], op) -> bool:
    """Does the sum redone on the numbers as shown round to the result as shown?"""
    *args, result = (parse(t) for t in texts)
    try:
        value = sum(args) if op is None else op.rule(FLOAT, *args)[0]
    except (ArithmeticError, ValueError):
        return False
    decimals = len(texts[-1].partition(".")[2]) if "e" not in texts[-1] else None
    if decimals is None:
        return math.isclose(value, result, rel_tol=1e-3)
    return abs(value - result) <= 0.5 * 10.0 ** -decimals + 1e-12
