"""The gate view: one op in isolation, the picture teachers draw for the chain rule on one
node. Forward on the left (its inputs, the op, its output value); backward on the right
(the upstream gradient arriving at the output, each local derivative on its edge, and
each downstream gradient leaving: ``dL/dx = dL/dz · ∂z/∂x = ...``; ``d`` for a
gradient of the loss, ``∂`` for the op's local derivative, as on ``draw``'s edges).

>>> from autograd.examples import neuron
>>> o, (x1, x2, w1, w2, b) = neuron(); o.backward()
>>> dot = gate(o, root=o)
>>> "do/dn = do/do · ∂o/∂n" in dot.source
True
"""

from __future__ import annotations

import autograd
from autograd import Graph, Value

from . import palette
from .captions import applied, number, times
from .draw import Diagram, escape

__all__ = ["gate"]

FORWARD, BACKWARD = "#555555", "#b2182b"   # backward arrows in the scale's dark red
MAX_ARGS = 16


def _find(node, root) -> tuple[Graph, object]:
    if not isinstance(node, Value):
        raise TypeError(f"gate: expected a Value, got {type(node).__name__}")
    if root is None:
        graph = autograd.trace(node)
    elif isinstance(root, Graph):
        graph = root
    elif isinstance(root, Value):
        graph = autograd.trace(root)
    else:
        raise TypeError(f"gate: root is the Value (or Graph) whose gradients these are, got "
                        f"{type(root).__name__}")
    try:
        return graph, graph.node_of(node)
    except KeyError:
        raise ValueError(f"gate: {node!r} is not in the graph of root") from None


def gate(node: Value, root=None, *, places: int = 4, fontsize: int = 14) -> Diagram:
    """The gate view of the op that made ``node``, with the gradients of its last
    ``backward()``. ``root``: the Value (or traced Graph) the gradients are of, so that the
    loss and unlabelled nodes are called as in ``trace(root)``'s listing (``%5``); without
    it the loss is ``L``. Returns a ``graphviz.Digraph`` (inline SVG in Jupyter, as wide as
    the cell at most; ``.pipe`` or ``.render`` it to a file)."""
    graph, n = _find(node, root)
    if n.op is None:
        raise ValueError(f"gate: {palette.node_name(n)} is an input (no op made it): pass "
                         "a node an op made, such as the loss or a hidden node")
    if len(n.args) > MAX_ARGS:
        raise ValueError(f"gate: {n.op.name} at {palette.node_name(n)} has {len(n.args)} "
                         f"arguments; the gate view shows at most {MAX_ARGS}")
    named = palette.names(graph)
    loss = named[graph.outputs[0].id] if root is not None else "L"
    z = named[n.id]
    args = [named[a] if type(a) is int else number(a, places)
            for a in n.args]
    values = [number(graph[a].data if type(a) is int else a, places) for a in n.args]
    upstream = number(n.grad, places)

    font = {"fontname": palette.FONT, "fontsize": str(fontsize)}
    dot = Diagram(graph_attr={"rankdir": "LR", "nodesep": "0.25", "ranksep": "0.35",
                                       **font},
                           node_attr={**font, "shape": "box", "style": "rounded,filled",
                                      "fillcolor": "#ffffff", "margin": "0.15,0.08"},
                           edge_attr={**font, "color": FORWARD, "arrowsize": "0.7"})
    symbol = escape(n.op.symbol)
    with dot.subgraph(name="cluster_forward") as f:
        f.attr(label=f"<<b>forward</b>: {escape(z)} = {escape(applied(n.op, args))}>",
               style="rounded,dashed", color="#999999")
        f.node("op_f", f"<{symbol}>", shape="circle", fillcolor="#f4f4f4", margin="0.04")
        for k, (name, value) in enumerate(zip(args, values)):
            constant = type(n.args[k]) is not int
            text = escape(name) if constant else f"{escape(name)} = {escape(value)}"
            f.node(f"in_f{k}", f"<{text}>", **({"shape": "plaintext"} if constant else {}))
            f.edge(f"in_f{k}", "op_f")
        f.node("out_f", f"<{escape(z)} = {escape(applied(n.op, values))}<br/>"
                        f"= <b>{escape(number(n.data, places))}</b>>")
        f.edge("op_f", "out_f")
    with dot.subgraph(name="cluster_backward") as b:
        b.attr(label="<<b>backward</b>: upstream × local derivative>",
               style="rounded,dashed", color="#999999")
        b.node("op_b", f"<{symbol}>", shape="circle", fillcolor="#f4f4f4", margin="0.04")
        b.node("out_b", f"<d{escape(loss)}/d{escape(z)} = <b>{escape(upstream)}</b><br/>"
                        f"(upstream)>")
        b.edge("op_b", "out_b", dir="back", color=BACKWARD, penwidth="2")
        for k, a in enumerate(n.args):
            if type(a) is not int:
                b.node(f"in_b{k}", f"<{escape(args[k])}: a constant,<br/>no gradient>",
                       shape="plaintext", fontcolor="#555555")
                b.edge(f"in_b{k}", "op_b", style="dotted", arrowhead="none")
                continue
            x = args[k]
            local = number(n.local_grads[k], places)
            out = number(n.grad * n.local_grads[k], places)
            b.node(f"in_b{k}", f"<d{escape(loss)}/d{escape(x)} = d{escape(loss)}/d{escape(z)}"
                               f" · ∂{escape(z)}/∂{escape(x)}<br/>= "
                               f"{escape(times([upstream, local]))} = <b>{escape(out)}</b>>")
            b.edge(f"in_b{k}", "op_b", dir="back", color=BACKWARD, penwidth="2",
                   label=f"<∂{escape(z)}/∂{escape(x)} = {escape(local)}>",
                   fontcolor=BACKWARD)
    dot.edge("out_f", "in_b0", style="invis")      # the backward panel right of the forward
    dot.attr(label=f"<{escape(n.op.name)}: {escape(n.op.derivative)}>", labelloc="b",
             fontcolor="#333333")
    return dot
