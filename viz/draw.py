"""Diagrams of a graph: one box per Value (its name, data and grad), one small node per
op, each number used as a constant as a small literal.

>>> from autograd import Value
>>> x = Value(2.0, label="x"); y = (x * 3).tanh(); y.backward()
>>> dot = draw(y)
>>> dot.source.count("shape=box")
3

Reads graphs through ``autograd.trace`` and op symbols from the op table; colours, the
font and node names come from :mod:`viz.palette`. Every user string (labels, scope
names) goes through :func:`escape` before it reaches DOT, so a label cannot break the
diagram or inject markup into SVG or HTML.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import graphviz

import autograd
from autograd import Graph, Value

from .palette import FONT, display_scopes, fill, names, text_colour, ticks, visible

__all__ = ["draw", "render", "escape", "fit_width", "scroll_box", "GraphTooLargeError",
           "GraphvizMissingError", "Style", "Diagram", "gradient_colour", "PRESETS"]

INSTALL_GRAPHVIZ = ("Graphviz's 'dot' program is not installed: run `make demo` (it installs "
                    "it), or `sudo apt-get install graphviz` (Debian/Ubuntu), or "
                    "`brew install graphviz` (macOS)")
TEXT_LIMIT = 1024   # any user string is cut here (Graphviz refuses labels over 16,384 chars)

MIN_TEXT_PX = 10.0
"""An inline SVG never shrinks its boxes' text below this (CSS px): a bigger graph
scrolls sideways in the notebook's output area instead (see :func:`fit_width`)."""

PRESETS: dict[str, dict] = {
    # scaled into the output area of a notebook by the browser (SVG): as wide as the cell,
    # never with type below MIN_TEXT_PX (then it scrolls sideways); PNG/PDF at most 9.5 in
    "notebook": {"fontsize": 12, "size": (9.5, 40), "fit": False},
    # a 16:9 slide (13.33 x 7.5 in; 1280 x 720 px at dpi=96), filled, large type
    "slide": {"fontsize": 20, "size": (13.333, 7.5), "fit": True, "dpi": 96},
}
"""Option sets for ``draw(..., preset=name)``; explicit ``size``/``dpi``/``fontsize`` win."""


class GraphTooLargeError(ValueError):
    """A graph with more nodes to draw than ``max_nodes``."""


class GraphvizMissingError(RuntimeError):
    """Graphviz's ``dot`` executable is not installed."""


def escape(text: str, limit: int | None = TEXT_LIMIT) -> str:
    """A user string as text inside a Graphviz HTML-like label: control characters and
    non-characters as visible escapes (``\\x1b``), cut at ``limit`` characters with an
    ellipsis, markup characters as entities, newlines as line breaks. Graphviz still
    expands backslash escapes after decoding entities (``\\N`` is the node's name), so a
    backslash goes in doubled, as ``\\\\``, which Graphviz prints as one."""
    return html.escape(visible(text, limit), quote=True) \
        .replace("\n", '<br align="center"/>') \
        .replace("\\", "&#92;&#92;").replace("{", "&#123;").replace("}", "&#125;") \
        .replace("|", "&#124;")


def _fmt(x: float | None, digits: int) -> str:
    return "?" if x is None else f"{float(x):.{digits}g}"


def gradient_colour(grad: float, scale: float, mode: str = "linear") -> str:
    """The fill of a box with this gradient: :func:`viz.palette.fill`."""
    return fill(grad, scale, mode)


@dataclass
class Style:
    """What frames of the step-through player override: the numbers shown, the current
    node and edge, the colour scale (None: the largest |grad| shown); and the frame's
    caption (the player shows it under the diagram)."""

    data: Callable[[int], float | None] | None = None  # node id -> data (None: "?")
    grad: Callable[[int], float] | None = None        # node id -> grad to show
    current: set[int] = field(default_factory=set)    # node ids to highlight
    current_edges: set[tuple[int, int]] = field(default_factory=set)  # (arg id, node id)
    caption: str = ""
    scale: float | None = None
    number: Callable[[float], str] | None = None      # how constants are written


BITMAPS = ("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp")


class Diagram(graphviz.Digraph):
    """A ``graphviz.Digraph`` whose inline SVG in Jupyter fits the output area (100% of
    the cell's width at most, its natural size at most, the aspect ratio kept), and whose
    ``dpi`` applies to bitmaps only (Graphviz would also scale an SVG's size by it)."""

    dpi: str | None = None
    fixed_size: str | None = None    # the notebook preset's size for PNG/PDF, not for SVG

    def pipe(self, format: str | None = None, *args, **kwargs):  # noqa: A002 - graphviz's name
        fmt = format or self.format
        sharp = self.dpi and fmt in BITMAPS
        fixed = self.fixed_size and fmt != "svg"
        if sharp or fixed:
            other = self.copy()
            if sharp:
                other.graph_attr["dpi"] = self.dpi
            if fixed:
                other.graph_attr["size"] = self.fixed_size
            return graphviz.Digraph.pipe(other, format, *args, **kwargs)
        return super().pipe(format, *args, **kwargs)

    def _repr_image_svg_xml(self) -> str:
        return fit_width(super()._repr_image_svg_xml())

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """The SVG (``image/svg+xml``) and, for notebooks, the same SVG in a box that
        scrolls sideways when the cell is too narrow for readable type (``text/html``)."""
        bundle = super()._repr_mimebundle_(include, exclude, **kwargs)
        svg = bundle.get("image/svg+xml")
        if svg and (include is None or "text/html" in include) and \
                (exclude is None or "text/html" not in exclude):
            bundle["text/html"] = scroll_box(svg)
        return bundle


def fit_width(svg: str, min_text_px: float = MIN_TEXT_PX) -> str:
    """An SVG from dot made to scale to its container's width (never wider than the
    container, nor than its natural size), but never so far that its largest text (the
    boxes') drops below ``min_text_px``: ``width="100%"``, ``max-width`` and
    ``min-width`` styles, the height from the ``viewBox``. In a narrower container a
    big graph overflows, and :func:`scroll_box` scrolls it sideways.

    >>> svg = '<svg width="800pt" height="200pt" viewBox="0 0 800 200"><text font-size="12">'
    >>> fit_width(svg)[:70]
    '<svg width="100%" style="max-width:800pt;min-width:500pt;height:auto" '
    """
    sizes = [float(x) for x in re.findall(r'font-size="([\d.]+)"', svg)]
    scaled = re.search(r'class="graph" transform="scale\(([\d.]+)', svg)
    text_pt = max(sizes, default=0.0) * (float(scaled.group(1)) if scaled else 1.0)

    def fix(m: re.Match) -> str:
        tag = m.group(0)
        width = re.search(r'\swidth="([\d.]+)(pt|px)?"', tag)
        natural = f"{width.group(1)}{width.group(2) or 'px'}" if width else "100%"
        least = ""
        if width and text_pt:
            shrink = min(1.0, min_text_px * 0.75 / text_pt)   # px to pt: 3/4
            least = f"min-width:{float(width.group(1)) * shrink:.0f}{width.group(2) or 'px'};"
        tag = re.sub(r'\sheight="[^"]*"', "", tag)
        tag = re.sub(r'\swidth="[^"]*"',
                     f' width="100%" style="max-width:{natural};{least}height:auto"', tag)
        return tag
    return re.sub(r"<svg\b[^>]*>", fix, svg, count=1)


WIDE_PT = 720    # wider than a classic notebook's output area (960 px)


def scroll_box(svg: str) -> str:
    """An SVG made by :func:`fit_width` inside a box as wide as the notebook cell that
    scrolls sideways when the SVG cannot shrink further, with a hint when it is that wide.

    >>> scroll_box('<svg width="100%" style="max-width:900pt;min-width:800pt;height:auto">')[:44]
    '<div style="overflow-x:auto;max-width:100%">'
    """
    svg = svg[svg.find("<svg"):] if "<svg" in svg else svg
    least = re.search(r"min-width:([\d.]+)(pt|px)", svg)
    hint = ""
    if least and float(least.group(1)) * (0.75 if least.group(2) == "px" else 1) > WIDE_PT:
        hint = ('<div style="font:12px Helvetica,Arial,sans-serif;color:#555">A big '
                "graph: scroll sideways, or draw less of it with "
                "<code>collapse=[&quot;scope&quot;]</code> or one neuron.</div>")
    return f'<div style="overflow-x:auto;max-width:100%">{svg}</div>{hint}'



ORDERLESS = ("add", "mul")
"""Binary ops whose arguments can be swapped; every other binary operator (``-``, ``/``,
``**``) shows which argument is which."""


def _ordered(op) -> bool:
    return op.arity == 2 and not op.symbol.isalpha() and op.name not in ORDERLESS


def _section(symbol: str, constant: str, first: bool) -> str:
    """An op circle with its constant written in, on the side it is on: ``1 −`` for
    ``1 - x``, ``− 1`` for ``x - 1``, ``** 2``."""
    symbol = "−" if symbol == "-" else symbol
    return f"{constant} {symbol}" if first else f"{symbol} {constant}"


ORDINALS = ("1st", "2nd")


def _is_module(root) -> bool:
    return callable(getattr(root, "modules", None)) and \
        callable(getattr(root, "parameters", None)) and not isinstance(root, (Value, Graph))


def _module_graph(module) -> tuple[Graph, set[int]]:
    """The computation of an nn module on symbolic inputs x0..x(n-1), and their ids."""
    name = type(module).__name__
    width = next((len(m.w) for m in module.modules()
                  if isinstance(getattr(m, "w", None), list) and m.w), None)
    if width is None:
        raise TypeError(f"draw: cannot tell how many inputs the {name} module takes; draw "
                        f"its output instead: viz.draw(model([Value(0.0, label='x0'), ...]))")
    xs = [Value(0.0, label=f"x{i}") for i in range(width)]
    try:
        out = module(xs)
    except Exception as e:
        raise TypeError(f"draw: calling the {name} module on {width} inputs x0..x"
                        f"{width - 1} failed ({e}); draw its output instead: "
                        f"viz.draw(model(inputs))") from e
    graph = autograd.trace(out if isinstance(out, Value) else list(out))
    ids = {id(n.value): n.id for n in graph.inputs}
    return graph, {ids[id(x)] for x in xs if id(x) in ids}


def _as_graph(root) -> Graph:
    if isinstance(root, Graph):
        return root
    if isinstance(root, Value):
        return autograd.trace(root)
    if isinstance(root, (list, tuple)) and root and all(isinstance(v, Value) for v in root):
        return autograd.trace(list(root))
    if _is_module(root):
        return _module_graph(root)[0]
    raise TypeError(f"draw: expected a Value, a list of Values, a Graph or an nn module, "
                    f"got {type(root).__name__}")


def _collapsed_to(scope: str, collapse: Sequence[str]) -> str | None:
    for prefix in collapse:
        if scope == prefix or scope.startswith(prefix + "."):
            return prefix
    return None


def _too_large(graph: Graph, drawn: int, max_nodes: int) -> GraphTooLargeError:
    """The error for a graph past max_nodes, naming the scopes that hold the most nodes."""
    under: dict[str, int] = {}          # nodes under each scope prefix
    for n in graph:
        parts = n.scope.split(".") if n.scope else []
        for k in range(1, len(parts) + 1):
            prefix = ".".join(parts[:k])
            under[prefix] = under.get(prefix, 0) + 1
    largest = sorted(under.items(), key=lambda kv: (-kv[1], kv[0]))[:4]
    biggest = ", ".join(f"{visible(name)!r} ({count:,} nodes)" for name, count in largest)
    return GraphTooLargeError(
        f"draw: {drawn:,} nodes to draw (boxes, ops and constants), more than max_nodes="
        f"{max_nodes:,}. Collapse scopes into single boxes with collapse=[...] (largest "
        f"scopes: {biggest or 'none: this graph has no scopes'}), or raise max_nodes.")


def _size(size) -> str:
    """Graphviz's ``size`` with ``!`` (scale up or down to fit) from inches."""
    if isinstance(size, (int, float)):
        size = (size, size)
    try:
        w, h = (float(s) for s in size)
    except (TypeError, ValueError):
        raise ValueError(f"draw: size is (width, height) in inches, got {size!r}") from None
    if not (0 < w < 1000 and 0 < h < 1000):
        raise ValueError(f"draw: size must be positive inches below 1000, got {size!r}")
    return f"{w:g},{h:g}!"


def _options(preset, size, dpi, fontsize) -> tuple[str | None, str | None, float, bool]:
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"draw: preset is one of {sorted(PRESETS)} or None, got {preset!r}")
    chosen = dict(PRESETS.get(preset, {}))
    fit = chosen.pop("fit", False)
    size = chosen.get("size") if size is None else size
    dpi = chosen.get("dpi") if dpi is None else dpi
    fontsize = chosen.get("fontsize", 11) if fontsize is None else fontsize
    if not isinstance(fontsize, (int, float)) or not 4 <= fontsize <= 200:
        raise ValueError(f"draw: fontsize is in points, from 4 to 200, got {fontsize!r}")
    if dpi is not None and (not isinstance(dpi, (int, float)) or not 10 <= dpi <= 1200):
        raise ValueError(f"draw: dpi is from 10 to 1200, got {dpi!r}")
    size_attr = None
    if size is not None:
        size_attr = _size(size)
        if preset == "notebook" and size is chosen.get("size"):
            size_attr = "~" + size_attr.rstrip("!")  # PNG/PDF: shrink to 9.5 in; SVG: CSS
    return size_attr, None if dpi is None else f"{dpi:g}", float(fontsize), fit


def draw(root, *, show_grad: bool = True, show_local: bool = False,
         colour: bool | str = False, highlight: Iterable = (), rankdir: str = "LR",
         group_scopes: bool | int = False, collapse: Sequence[str] = (), digits: int = 4,
         max_nodes: int = 1000, preset: str | None = None,
         size: float | tuple[float, float] | None = None, dpi: float | None = None,
         fontsize: float | None = None, style: Style | None = None) -> Diagram:
    """A diagram (a ``graphviz.Digraph``) of the graph behind ``root``: a Value, a list of
    Values, a Graph, or an nn module (drawn on symbolic inputs ``x0``, ``x1``, ...).

    Each box shows the node's name (its label, else its ``%id`` in ``autograd.trace``'s
    listing), data and grad. ``show_grad``: grads in the boxes. ``show_local``: each edge
    into an op labelled with the derivative it carries, ``∂%5/∂x1 = -3``.
    ``colour``: boxes filled by gradient on a colour-blind-safe blue-white-red scale with a
    legend; True or "linear", or "log" for gradients spanning decades. ``highlight``:
    Values (or node ids) drawn with a thick orange border. ``rankdir``: LR (default) or TB
    for tall layouts, RL, BT. ``group_scopes``: one cluster per ``autograd.scope`` (True:
    per full path; an int k: per first k parts, so 2 gives one cluster per layer);
    ``collapse``: scope paths drawn as one box each. ``digits``: significant digits.
    ``preset``: "notebook" (fits the output area of a notebook) or "slide" (fills a 16:9
    slide, large type). ``size``: (width, height) in inches, scaled to fit; ``dpi`` for
    PNG; ``fontsize`` in points. Past ``max_nodes`` drawn nodes (boxes, ops, constants),
    GraphTooLargeError. In Jupyter the result displays inline as SVG at most as wide as
    the cell, but with its boxes' type at least ``MIN_TEXT_PX``: a bigger graph scrolls
    sideways. Labels several nodes share are qualified by scope (``layer0.neuron1.w1``);
    for ``-``, ``/`` and ``**`` the order of the arguments is shown.
    """
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"draw: rankdir must be LR, TB, RL or BT, got {rankdir!r}")
    if not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(f"draw: digits must be an int from 1 to 17, got {digits!r}")
    mode = {True: "linear", False: None, "linear": "linear", "log": "log"}.get(colour, "?")
    if mode == "?":
        raise ValueError(f"draw: colour is False, True, 'linear' or 'log', got {colour!r}")
    size_attr, dpi_attr, points, fit = _options(preset, size, dpi, fontsize)
    symbolic: set[int] = set()
    if _is_module(root):
        graph, symbolic = _module_graph(root)
    else:
        graph = _as_graph(root)
    style = style or Style()
    data_of = style.data or (lambda i: graph[i].data)
    if symbolic and style.data is None:        # an nn module: numbers of parameters only
        data_of = lambda i: None if i in symbolic or graph[i].op else graph[i].data  # noqa: E731
        show_grad = False
    collapse = [collapse] if isinstance(collapse, str) else list(collapse)
    grad_of = style.grad or (lambda i: float(graph[i].grad))
    marked = {graph.node_of(h).id if isinstance(h, Value) else int(h) for h in highlight}
    marked |= style.current
    scope_of = display_scopes(graph)
    owner = {n.id: _collapsed_to(scope_of[n.id], collapse) for n in graph}
    boxes = {o: k for k, o in enumerate(dict.fromkeys(o for o in owner.values() if o))}
    drawn = len(boxes) + sum(1 + (n.op is not None) + len(n.args) - len(n.parents)
                             + (show_local or _ordered(n.op) if n.op else 0) * len(n.parents)
                             for n in graph if owner[n.id] is None)
    if drawn > max_nodes:
        raise _too_large(graph, drawn, max_nodes)
    scale = 0.0
    if mode:
        scale = style.scale if style.scale is not None else \
            max((abs(g) for g in map(grad_of, range(len(graph))) if math.isfinite(g)), default=0.0)

    small = f"{points * 0.85:.3g}"
    graph_attr = {"rankdir": rankdir, "fontname": FONT, "fontsize": small,
                  "nodesep": "0.2", "ranksep": "0.25"}
    if size_attr and not size_attr.startswith("~"):
        graph_attr["size"] = size_attr
    if fit:
        graph_attr["ratio"] = "fill"
    dot = Diagram(graph_attr=graph_attr,
                  node_attr={"fontname": FONT, "fontsize": f"{points:g}"},
                  edge_attr={"fontname": FONT, "fontsize": small, "color": "#555555",
                             "fontcolor": "#333333", "arrowsize": "0.6"})
    dot.dpi = dpi_attr
    if size_attr and size_attr.startswith("~"):
        dot.fixed_size = size_attr[1:]
    clusters: dict[str, graphviz.Digraph] = {}
    depth = None if group_scopes is True else int(group_scopes)

    def place(scope: str) -> graphviz.Digraph:
        if not group_scopes or not scope:
            return dot
        if depth is not None:
            scope = ".".join(scope.split(".")[:depth])
        if scope not in clusters:
            c = graphviz.Digraph(name=f"cluster_{len(clusters)}")
            c.attr(label=f"<{escape(visible(scope))}>", style="rounded,dashed",
                   color="#999999", fontcolor="#444444")
            clusters[scope] = c
        return clusters[scope]

    def box_id(i: int) -> str:
        return f"box{boxes[owner[i]]}" if owner[i] else f"v{i}"

    for prefix, k in boxes.items():
        count = sum(1 for o in owner.values() if o == prefix)
        parent = prefix.rsplit(".", 1)[0] if "." in prefix else ""
        place(parent).node(f"box{k}", f"<<b>{escape(visible(prefix))}</b><br/>{count} nodes>",
                           shape="box3d", style="filled", fillcolor="#eeeeee")
    named = names(graph)
    constant = style.number or (lambda x: _fmt(x, digits))
    edges: dict[tuple[str, str], tuple[str, bool]] = {}  # (tail, head) -> (label, current)
    where: dict[tuple[str, str], graphviz.Digraph] = {}  # the cluster of an edge's label
    for n in graph:
        if owner[n.id]:  # inside a collapsed box: only edges from outside into it
            for a in n.parents:
                if owner[a] != owner[n.id]:
                    edges[box_id(a), box_id(n.id)] = ("", False)
            continue
        rows = [_name_row(named[n.id], n.label, points), f"data {_fmt(data_of(n.id), digits)}"]
        if show_grad:
            rows.append(f"grad {_fmt(grad_of(n.id), digits)}")
        background = fill(grad_of(n.id), scale, mode) if mode else "#ffffff"
        attrs = {"shape": "box", "style": "filled,rounded", "fillcolor": background,
                 "margin": "0.08,0.04"}
        if text_colour(background) != "#000000":
            attrs["fontcolor"] = text_colour(background)
        if n.id in marked:
            attrs.update(color="#ff8c00", penwidth="3")
        label = ('<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'
                 + "".join(f"<tr><td>{r}</td></tr>" for r in rows) + "</table>>")
        place(scope_of[n.id]).node(f"v{n.id}", label, **attrs)
        if n.op is None:
            continue
        ordered = _ordered(n.op)
        constants = [k for k, a in enumerate(n.args) if type(a) is not int]
        inside = ordered and len(constants) == 1      # `1 −`, `** 2`: the order is visible
        symbol = _section(n.op.symbol, constant(n.args[constants[0]]), constants[0] == 0) \
            if inside else n.op.symbol
        place(n.scope).node(f"op{n.id}", f"<{escape(symbol)}>", shape="circle",
                            width="0.3", fixedsize="false", margin="0.02",
                            style="filled", fillcolor="#f0f0f0", fontcolor="#000000")
        edges[f"op{n.id}", f"v{n.id}"] = ("", False)
        for k, (a, local) in enumerate(zip(n.args, n.local_grads)):
            if type(a) is not int:
                if inside:
                    continue
                const = f"c{n.id}_{k}"
                place(n.scope).node(const, f"<{escape(constant(a))}>", shape="plaintext",
                                    fontcolor="#555555")
                edges[const, f"op{n.id}"] = ("", False)
                continue
            parts = [ORDINALS[k]] if ordered and not inside else []
            if show_local:
                parts.append(f"∂{named[n.id]}/∂{named[a]} = {_fmt(local, digits)}")
            label = ": ".join(parts)
            key = (box_id(a), f"op{n.id}")
            if key in edges and edges[key][0] and label:    # x - x: one edge, both roles
                label = f"{edges[key][0]}; {label}"
            edges[key] = (label, (a, n.id) in style.current_edges)
            if label:
                where[key] = place(n.scope)
    for k, ((tail, head), (label, current)) in enumerate(edges.items()):
        attrs = {"color": "#ff8c00", "penwidth": "3"} if current else {}
        if label:   # the edge runs through its label: no doubt which edge it belongs to
            where[tail, head].node(f"d{k}", f"<{escape(label, None)}>", shape="plaintext",
                                   margin="0.02", height="0", width="0", fontsize=small,
                                   fontcolor="#333333")
            dot.edge(tail, f"d{k}", arrowhead="none", **attrs)
            tail = f"d{k}"
        dot.edge(tail, head, **attrs)
    for c in clusters.values():
        dot.subgraph(c)
    if mode and scale:
        _legend(dot, scale, mode, digits)
    return dot


def _name_row(name: str, label: str | None, points: float) -> str:
    """A box's name in bold; a scope that qualifies a repeated label
    (``layer0.neuron1.w1``) written smaller and not bold, so the label stands out."""
    if label and name != label and name.endswith("." + visible(label)):
        scope = name[:-len(visible(label))]
        return (f'<font point-size="{points * 0.8:.3g}">{escape(scope, None)}</font>'
                f"<b>{escape(name[len(scope):], None)}</b>")
    return f"<b>{escape(name, None)}</b>"


def _legend(dot: graphviz.Digraph, scale: float, mode: str, digits: int) -> None:
    cells = []
    for g in ticks(scale, mode):
        background = fill(g, scale, mode)
        cells.append(f'<td bgcolor="{background}"><font color="{text_colour(background)}">'
                     f"{escape(_fmt(g, min(digits, 3)))}</font></td>")
    title = "grad (log scale)" if mode == "log" else "grad"
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label=title, color="#cccccc", fontcolor="#333333")
        legend.node("legend", '<<table border="0" cellborder="1" cellspacing="0" '
                              f'cellpadding="4"><tr>{"".join(cells)}</tr></table>>',
                    shape="plaintext", margin="0", width="0", height="0")


def render(root, path: str | Path, **options) -> Path:
    """Draw ``root`` and write it to ``path`` (.svg, .png or .pdf, by the suffix); returns
    the path. Options are :func:`draw`'s; with ``preset="notebook"`` an SVG scales to
    its container's width (:func:`fit_width`)."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"render: use a .svg, .png or .pdf path, got {path.name!r}")
    dot = draw(root, **options)
    data = pipe(dot, fmt)
    if fmt == "svg" and options.get("preset") == "notebook":
        data = fit_width(data.decode("utf-8")).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def pipe(dot: graphviz.Digraph, fmt: str = "svg") -> bytes:
    """Run Graphviz's ``dot`` on a diagram; a clear error when it is not installed."""
    try:
        return dot.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissingError(INSTALL_GRAPHVIZ) from None
