"""Diagrams of a graph: one box per Value (label, data, grad), one small node per op.

>>> from autograd import Value
>>> x = Value(2.0, label="x"); y = (x * 3).tanh(); y.backward()
>>> dot = draw(y)
>>> dot.source.count("shape=box")
3

Reads graphs through ``autograd.trace`` and op symbols from the op table. Every user
string (labels, scope names) goes through :func:`escape` before it reaches DOT, so a
label cannot break the diagram or inject markup into SVG or HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import graphviz

import autograd
from autograd import Graph, Value

__all__ = ["draw", "render", "escape", "GraphTooLargeError", "GraphvizMissingError",
           "Style", "gradient_colour"]

INSTALL_GRAPHVIZ = ("Graphviz's 'dot' program is not installed: run `make demo` (it installs "
                    "it), or `sudo apt-get install graphviz` (Debian/Ubuntu), or "
                    "`brew install graphviz` (macOS)")


class GraphTooLargeError(ValueError):
    """A graph with more nodes to draw than ``max_nodes``."""


class GraphvizMissingError(RuntimeError):
    """Graphviz's ``dot`` executable is not installed."""


def escape(text: str) -> str:
    """A user string as text inside a Graphviz HTML-like label: markup characters become
    entities, newlines line breaks. Graphviz still expands backslash escapes after
    decoding entities (``\\N`` is the node's name, ``\\G`` the graph's), so a backslash goes
    in doubled, as ``\\\\``, which Graphviz prints as one."""
    return html.escape(str(text), quote=True).replace("\n", '<br align="center"/>') \
        .replace("\\", "&#92;&#92;").replace("{", "&#123;").replace("}", "&#125;") \
        .replace("|", "&#124;")


def _fmt(x: float | None, digits: int) -> str:
    return "?" if x is None else f"{float(x):.{digits}g}"


def gradient_colour(grad: float, scale: float) -> str:
    """A diverging colour: blue for negative gradients, white at 0, red for positive,
    saturating at ``|grad| = scale``."""
    if not scale or grad != grad:  # no scale, or NaN
        return "#ffffff"
    t = max(-1.0, min(1.0, grad / scale))
    fade = int(round(255 * (1 - abs(t))))
    return f"#ff{fade:02x}{fade:02x}" if t > 0 else f"#{fade:02x}{fade:02x}ff"


@dataclass
class Style:
    """What frames of the step-through player override: the numbers shown, the current
    node and edge; and the frame's caption (the player shows it under the diagram)."""

    data: Callable[[int], float | None] | None = None  # node id -> data (None: "?")
    grad: Callable[[int], float] | None = None        # node id -> grad to show
    current: set[int] = field(default_factory=set)    # node ids to highlight
    current_edges: set[tuple[int, int]] = field(default_factory=set)  # (arg id, node id)
    caption: str = ""


def _as_graph(root) -> Graph:
    if isinstance(root, Graph):
        return root
    if isinstance(root, Value):
        return autograd.trace(root)
    if isinstance(root, (list, tuple)) and root and all(isinstance(v, Value) for v in root):
        return autograd.trace(list(root))
    raise TypeError(f"draw: expected a Value, a list of Values or a Graph, got "
                    f"{type(root).__name__}")


def _display_scopes(graph: Graph) -> dict[int, str]:
    """Each node's scope for drawing: its own, except that an unscoped leaf (a parameter,
    made outside any scope) used only inside one scope is drawn in that scope."""
    users: dict[int, set[str]] = {}
    for n in graph:
        for a in n.parents:
            users.setdefault(a, set()).add(n.scope)
    shown = {n.id: n.scope for n in graph}
    for n in graph.inputs:
        scopes = users.get(n.id, set())
        if not n.scope and len(scopes) == 1:
            shown[n.id] = next(iter(scopes))
    return shown


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
    biggest = ", ".join(f"{name!r} ({count:,} nodes)" for name, count in largest)
    return GraphTooLargeError(
        f"draw: {drawn:,} nodes to draw, more than max_nodes={max_nodes:,}. Collapse "
        f"scopes into single boxes with collapse=[...] (largest scopes: "
        f"{biggest or 'none: this graph has no scopes'}), or raise max_nodes.")


def draw(root, *, show_grad: bool = True, show_local: bool = False, colour: bool = False,
         highlight: Iterable = (), rankdir: str = "LR", group_scopes: bool | int = False,
         collapse: Sequence[str] = (), digits: int = 4, max_nodes: int = 1000,
         style: Style | None = None) -> graphviz.Digraph:
    """A ``graphviz.Digraph`` of the graph behind ``root`` (a Value, a list, or a Graph).

    ``show_grad``: grads in the boxes. ``show_local``: each edge into an op labelled with
    its local derivative. ``colour``: boxes coloured by gradient sign and magnitude, with a
    legend. ``highlight``: Values (or node ids) drawn with a thick orange border.
    ``rankdir``: LR, TB, RL or BT. ``group_scopes``: one cluster per ``autograd.scope``
    (True: per full path, so per nn neuron; an int k: per first k parts, so 2 gives one
    cluster per layer, ``mlp.layer0``); ``collapse``: scope paths drawn as one box each.
    ``digits``: significant digits. Past ``max_nodes`` drawn nodes, GraphTooLargeError.
    In Jupyter the result displays inline as SVG.
    """
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"draw: rankdir must be LR, TB, RL or BT, got {rankdir!r}")
    if not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(f"draw: digits must be an int from 1 to 17, got {digits!r}")
    graph = _as_graph(root)
    style = style or Style()
    collapse = [collapse] if isinstance(collapse, str) else list(collapse)
    data_of = style.data or (lambda i: graph[i].data)
    grad_of = style.grad or (lambda i: float(graph[i].grad))
    marked = {graph.node_of(h).id if isinstance(h, Value) else int(h) for h in highlight}
    marked |= style.current
    scope_of = _display_scopes(graph)
    owner = {n.id: _collapsed_to(scope_of[n.id], collapse) for n in graph}
    drawn = sum(1 + (n.op is not None) for n in graph if owner[n.id] is None) \
        + len({o for o in owner.values() if o})
    if drawn > max_nodes:
        raise _too_large(graph, drawn, max_nodes)
    scale = max((abs(grad_of(n.id)) for n in graph), default=0.0) if colour else 0.0

    dot = graphviz.Digraph(graph_attr={"rankdir": rankdir, "fontname": "Helvetica"},
                           node_attr={"fontname": "Helvetica", "fontsize": "11"},
                           edge_attr={"color": "#555555", "arrowsize": "0.6"})
    clusters: dict[str, graphviz.Digraph] = {}
    depth = None if group_scopes is True else int(group_scopes)

    def place(scope: str) -> graphviz.Digraph:
        if not group_scopes or not scope:
            return dot
        if depth is not None:
            scope = ".".join(scope.split(".")[:depth])
        if scope not in clusters:
            c = graphviz.Digraph(name=f"cluster_{len(clusters)}")
            c.attr(label=f"<{escape(scope)}>", style="rounded,dashed", color="#999999",
                   fontsize="10")
            clusters[scope] = c
        return clusters[scope]

    def box_id(i: int) -> str:
        return f"box_{owner[i]}" if owner[i] else f"v{i}"

    for prefix in dict.fromkeys(o for o in owner.values() if o):
        count = sum(1 for o in owner.values() if o == prefix)
        parent = prefix.rsplit(".", 1)[0] if "." in prefix else ""
        place(parent).node(f"box_{prefix}", f"<<b>{escape(prefix)}</b><br/>{count} nodes>",
                           shape="box3d", style="filled", fillcolor="#eeeeee")
    edges: dict[tuple[str, str], tuple[str, bool]] = {}  # (tail, head) -> (label, current)
    for n in graph:
        if owner[n.id]:  # inside a collapsed box: only edges from outside into it
            for a in n.parents:
                if owner[a] != owner[n.id]:
                    edges[box_id(a), box_id(n.id)] = ("", False)
            continue
        cells = [f"<td>{escape(n.label)}</td>"] if n.label else []
        cells.append(f"<td>data {_fmt(data_of(n.id), digits)}</td>")
        if show_grad:
            cells.append(f"<td>grad {_fmt(grad_of(n.id), digits)}</td>")
        attrs = {"shape": "box", "style": "filled,rounded",
                 "fillcolor": gradient_colour(grad_of(n.id), scale) if colour else "#ffffff"}
        if n.id in marked:
            attrs.update(color="#ff8c00", penwidth="3")
        label = (f'<<table border="0" cellborder="0" cellspacing="4"><tr>{"".join(cells)}'
                 "</tr></table>>")
        place(scope_of[n.id]).node(f"v{n.id}", label, **attrs)
        if n.op is None:
            continue
        place(n.scope).node(f"op{n.id}", f"<{escape(n.op.symbol)}>", shape="circle",
                            width="0.3", fixedsize="false", margin="0.02",
                            style="filled", fillcolor="#f4f4f4")
        edges[f"op{n.id}", f"v{n.id}"] = ("", False)
        for k, (a, local) in enumerate(zip(n.args, n.local_grads)):
            if type(a) is not int:
                const = f"c{n.id}_{k}"
                place(n.scope).node(const, f"<{escape(_fmt(a, digits))}>", shape="plaintext",
                                    fontcolor="#777777")
                edges[const, f"op{n.id}"] = ("", False)
                continue
            label = f"∂ {_fmt(local, digits)}" if show_local else ""
            edges[box_id(a), f"op{n.id}"] = (label, (a, n.id) in style.current_edges)
    for (tail, head), (label, current) in edges.items():
        attrs = {"color": "#ff8c00", "penwidth": "3"} if current else {}
        dot.edge(tail, head, label=f"<{escape(label)}>" if label else None, **attrs)
    for c in clusters.values():
        dot.subgraph(c)
    if colour and scale:
        _legend(dot, scale, digits)
    return dot


def _legend(dot: graphviz.Digraph, scale: float, digits: int) -> None:
    rows = "".join(f'<td bgcolor="{gradient_colour(g, scale)}">{escape(_fmt(g, digits))}</td>'
                   for g in (-scale, -scale / 2, 0.0, scale / 2, scale))
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label="grad", fontsize="10", color="#cccccc")
        legend.node("legend", f'<<table border="0" cellborder="1" cellspacing="0"><tr>{rows}'
                              "</tr></table>>", shape="plaintext")


def render(root, path: str | Path, **options) -> Path:
    """Draw ``root`` and write it to ``path`` (.svg, .png or .pdf, by the suffix); returns
    the path. Options are :func:`draw`'s."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"render: use a .svg, .png or .pdf path, got {path.name!r}")
    dot = draw(root, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pipe(dot, fmt))
    return path


def pipe(dot: graphviz.Digraph, fmt: str = "svg") -> bytes:
    """Run Graphviz's ``dot`` on a diagram; a clear error when it is not installed."""
    try:
        return dot.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissingError(INSTALL_GRAPHVIZ) from None
