"""The tracer: the graph behind any Value as a ``Graph`` you can list, step through,
replay on new numbers, and save as JSON.

>>> from autograd import Value, trace
>>> x = Value(2.0, label="x")
>>> o = (x * 3).tanh(); o.label = "o"
>>> print(trace(o))
%0 = input            data=2.0000  grad=0.0000  [x]
%1 = mul(%0, 3.0)     data=6.0000  grad=0.0000
%2 = tanh(%1)         data=1.0000  grad=0.0000  [o]
# 3 nodes (1 input, 1 output), depth 2; ops: mul 1, tanh 1

The viz, nn, notebooks and exercises read graphs through this module; it reads the
nodes' arguments and local derivatives through ``Value.args`` and ``Value.local_grads``
and re-evaluates ops with the rules of the op table.
"""

from __future__ import annotations

import html
import inspect
import json
import reprlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

from . import naming, safejson
from .backward import backward, backward_order, zero_grad
from .closures import closure_op, is_closure, written
from .ops import OPS, DomainError
from .text import visible
from .value import Value, _checked_rule, set_node

__all__ = ["trace", "trace_fn", "Graph", "Node", "ForwardStep", "BackwardStep",
           "GraphFormatError"]

FORMAT = "tracegrad.graph"
VERSION = 1


class GraphFormatError(ValueError):
    """A graph file or dict that cannot be loaded, with the reason and the node."""


class Node:
    """One node of a traced graph: its ``id`` and its ``value`` (the live Value), with
    the Value's fields read through. ``args`` are node ids (int) or constants (float)."""

    __slots__ = ("id", "value", "args")

    def __init__(self, id: int, value: Value, args: tuple) -> None:
        self.id, self.value, self.args = id, value, args

    op = property(lambda self: self.value.op, doc="the Op, or None for an input")
    label = property(lambda self: self.value.label)
    data = property(lambda self: self.value.data)
    grad = property(lambda self: self.value.grad)
    scope = property(lambda self: self.value.scope)
    local_grads = property(lambda self: self.value.local_grads)

    @property
    def parents(self) -> tuple[int, ...]:
        """Ids of the nodes among the args."""
        return tuple(a for a in self.args if type(a) is int)

    def __repr__(self) -> str:
        return f"Node(%{self.id}, {_expression(self)}, data={self.data:.4g})"


@dataclass(frozen=True)
class ForwardStep:
    """One node of the forward pass: ``output = op(*inputs)``."""

    node: Node
    op: Any
    inputs: tuple        # argument values (node data or constants)
    output: float


@dataclass(frozen=True)
class BackwardStep:
    """One edge of the backward pass: the chain rule for ``parent`` through ``node``."""

    node: Node           # the node whose grad flows back
    parent: Node         # the argument receiving it
    upstream: float      # dL/d node
    local: float         # d node / d parent
    contribution: float  # upstream * local
    parent_grad: float   # dL/d parent so far, after adding the contribution


MAX_ARGS = 6     # a listing shows up to this many arguments, then elides the middle
MAX_COLUMN = 32  # the expression column is at most this wide (longer ones push data right)
MAX_LABEL = 32   # labels longer than this are cut with an ellipsis


def _expression(node: Node) -> str:
    """``mul(%0, 3.0)``; a long argument list keeps its first three and its last
    argument: ``sum(%1, %2, %3, …, %100; 100 args)``."""
    if node.op is None:
        return "input"
    args = node.args
    shown = [f"%{a}" if type(a) is int else repr(a) for a in
             (args if len(args) <= MAX_ARGS else (*args[:3], args[-1]))]
    if len(args) > MAX_ARGS:
        shown[3:3] = ["…"]
        shown[-1] += f"; {len(args):,} args"
    if is_closure(node.op):     # micrograd's _op string: "closure %1**3", "closure tanh(%2)"
        infix = written(visible(node.op.symbol, None), shown)
        return f"closure {infix or _call(node.op.name, shown)}"
    return _call(node.op.name, shown)


def _call(name: str, shown: list[str]) -> str:
    return f"{visible(name, None)}({', '.join(shown)})"


def _op_name(op) -> str:
    """An op's name in op counts: ``closure tanh`` for a micrograd-style node."""
    return f"closure {op.name}" if is_closure(op) else op.name


_CLOSURE_NOTE = ("# closure: made by a micrograd-style _backward closure; backward() runs "
                 "it, the tape cannot replay it (autograd.register_op can)")


def _short_label(label: str) -> str:
    """A label as listings show it: :func:`autograd.text.visible` (control, bidi and
    zero-width characters escaped, as diagrams do), cut at ``MAX_LABEL``."""
    return visible(label, MAX_LABEL)


class Graph:
    """A traced graph: ``nodes`` in topological order, inputs (leaves) first, each with a
    stable id (its position); ``inputs`` and ``outputs``; ``depth``, ``op_counts``.

    It is also a tape: ``forward(...)`` re-evaluates every node on new input numbers with
    the op table's rules, and ``backward()`` then computes gradients, exactly as building
    the graph again would.
    """

    def __init__(self, values: Sequence[Value], outputs: Sequence[Value],
                 n_inputs: int) -> None:
        # nodes by identity: a Value's hash is its identity, a subclass may compare by its
        # data (then keyed by id, which costs a call a node: only where subclasses exist)
        self._by_id = by_id = bool(Value.__subclasses__())
        if by_id:
            index = {id(v): i for i, v in enumerate(values)}
            self.nodes: list[Node] = [
                Node(i, v, tuple([a if type(a) is float else index[id(a)] for a in v.args]))
                for i, v in enumerate(values)]
        else:
            index = {v: i for i, v in enumerate(values)}
            self.nodes = [Node(i, v, tuple([a if type(a) is float else index[a] for a in v.args]))
                          for i, v in enumerate(values)]
        self._index = index
        self.inputs: list[Node] = self.nodes[:n_inputs]
        self.outputs: list[Node] = [self.node_of(v) for v in outputs]

    # --- looking at it ---------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __getitem__(self, i: int) -> Node:
        return self.nodes[i]

    def node_of(self, value: Value) -> Node:
        """The node holding ``value``."""
        try:
            return self.nodes[self._index[id(value) if self._by_id else value]]
        except KeyError:
            raise KeyError(f"{value!r} is not in this graph") from None

    def input(self, label: str) -> Node:
        """The input with this label (it must be unique)."""
        found = [n for n in self.inputs if n.label == label]
        if len(found) != 1:
            known = ", ".join(repr(n.label) for n in self.inputs if n.label) or "none"
            raise KeyError(f"{len(found)} inputs are labelled {label!r} (labels: {known})")
        return found[0]

    @property
    def depth(self) -> int:
        """The number of ops on the longest path from an input to an output."""
        depth = [0] * len(self.nodes)
        for n in self.nodes:
            if n.op is not None:
                depth[n.id] = 1 + max((depth[p] for p in n.parents), default=0)
        return max(depth, default=0)

    @property
    def op_counts(self) -> dict[str, int]:
        """How many nodes each op made, by op name; nodes made by a micrograd-style
        ``_backward`` closure count apart, as ``closure <its _op>``."""
        return dict(Counter(_op_name(n.op) for n in self.nodes if n.op is not None))

    def by_scope(self) -> dict[str, list[Node]]:
        """Nodes grouped by their ``autograd.scope`` path (``""`` for none), in order."""
        groups: dict[str, list[Node]] = {}
        for n in self.nodes:
            groups.setdefault(n.scope, []).append(n)
        return groups

    def summary(self) -> str:
        ops = ", ".join(f"{visible(name, None)} {count}"
                        for name, count in sorted(self.op_counts.items()))
        ins, outs = len(self.inputs), len(self.outputs)
        return (f"# {len(self):,} nodes ({ins:,} input{'s' * (ins != 1)}, "
                f"{outs:,} output{'s' * (outs != 1)}), depth {self.depth:,}; ops: {ops or 'none'}")

    def _shown(self, head: int, tail: int) -> tuple[list[Node], int]:
        """The nodes a listing shows (head and tail) and how many it skips."""
        if len(self.nodes) <= head + tail:
            return self.nodes, 0
        return self.nodes[:head] + self.nodes[-tail:], len(self.nodes) - head - tail

    def listing(self, head: int = 30, tail: int = 10) -> str:
        """One line per node (``%3 = tanh(%2)  data=...  grad=...  [label]``); a graph of
        more than ``head + tail`` nodes shows its head, its tail and a count between.
        Long argument lists are elided (``sum(%1, %2, %3, …, %100; 100 args)``) and the
        expression column is at most ``MAX_COLUMN`` wide, so lines stay short."""
        nodes, skipped = self._shown(head, tail)
        named = naming.names(self, _short_label)   # a shared label qualified by its scope
        rows = [(f"%{n.id} = {_expression(n)}", n) for n in nodes]
        width = min(max((len(r[0]) for r in rows), default=0), MAX_COLUMN) + 4
        lines = []
        for i, (text, n) in enumerate(rows):
            if skipped and i == head:
                lines.append(f"... {skipped:,} more nodes ...")
            label = f"  [{named[n.id]}]" if n.label else ""
            lines.append(f"{text:<{width - 2}}  data={_num(n.data)}  grad={_num(n.grad)}{label}")
        lines.append(self.summary())
        if any(is_closure(n.op) for n in self.nodes):
            lines.append(_CLOSURE_NOTE)
        return "\n".join(lines)

    __str__ = listing

    def __repr__(self) -> str:
        return f"<Graph {self.summary()[2:]}>"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """IPython's text display (a terminal, or ``print``-less notebook text): the listing."""
        p.text(self.listing())

    def _repr_html_(self) -> str:
        """Jupyter's display of a Graph at the end of a cell: the listing as a table (head
        and tail for a big graph), every label and scope escaped."""
        nodes, skipped = self._shown(30, 10)
        named = naming.names(self, _short_label)   # a shared label qualified by its scope
        columns = (("node", "right"), ("op", "left"), ("data", "right"), ("grad", "right"),
                   ("label", "left"), ("scope", "left"))
        pad = "padding:1px 0.7em;white-space:nowrap"
        rows = []
        for i, n in enumerate(nodes):
            if skipped and i == 30:
                rows.append(f'<tr><td colspan="6" style="{pad}">… {skipped:,} more nodes …'
                            "</td></tr>")
            texts = (f"%{n.id}", _expression(n), _num(n.data), _num(n.grad),
                     named[n.id] if n.label else "", visible(n.scope, None))
            rows.append("<tr>" + "".join(
                f'<td style="text-align:{align};{pad}">{html.escape(text)}</td>'
                for text, (_, align) in zip(texts, columns)) + "</tr>")
        head = "".join(f'<th style="text-align:{align};{pad}">{name}</th>'
                       for name, align in columns)
        # the summary above the table on one line (a caption would wrap to the table width)
        return ('<div class="tracegrad-graph" style="font-family:monospace">'
                '<p style="white-space:nowrap;margin:0 0 0.3em">'
                f"{html.escape(self.summary()[2:])}</p>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                "</div>")

    # --- the tape --------------------------------------------------------------------------
    def forward(self, *values: float, **by_label: float):
        """Give inputs new numbers (in ``inputs`` order, or by label) and re-evaluate every
        node with its op's rule. Returns the output's data (a tuple for several).

        All or nothing: every node is computed before any is changed, so a bad input or an
        op outside its domain raises (naming the node) and leaves the tape as it was.
        """
        if len(values) > len(self.inputs):
            raise TypeError(f"forward: {len(values)} values for {len(self.inputs)} inputs")
        for n in self.nodes:
            if is_closure(n.op):
                raise TypeError(f"forward: node %{n.id} ({n.label or n.value._op!r}) was made "
                                "by a micrograd-style _backward closure, which the tape "
                                "cannot re-evaluate; define its op with autograd.register_op")
        data = [n.data for n in self.nodes]
        for node, x in zip(self.inputs, values):
            data[node.id] = _number(x, f"input %{node.id}")
        for label, x in by_label.items():
            node = self.input(label)
            data[node.id] = _number(x, f"input {label!r}")
        local = []
        for n in self.nodes[len(self.inputs):]:
            data[n.id], d = _evaluate(n, data)
            local.append(d)
        for i, n in enumerate(self.inputs):
            n.value.data = data[i]
        for n, d in zip(self.nodes[len(self.inputs):], local):
            v = n.value
            v.data = data[n.id]
            set_node(v, v.op, v.args, d)
        out = tuple(data[n.id] for n in self.outputs)
        return out[0] if len(out) == 1 else out

    def backward(self) -> None:
        """``backward()`` from the outputs (several are seeded with 1 each)."""
        backward([n.value for n in self.outputs])

    def zero_grad(self) -> None:
        zero_grad([n.value for n in self.nodes])

    # --- stepping --------------------------------------------------------------------------
    def forward_steps(self) -> Iterator[ForwardStep]:
        """One step per node in forward order, inputs first, with the current numbers."""
        for n in self.nodes:
            inputs = tuple(self.nodes[a].data if type(a) is int else a for a in n.args)
            yield ForwardStep(n, n.op, inputs, n.data)

    def backward_steps(self) -> Iterator[BackwardStep]:
        """One step per edge in the order ``backward()`` applies them, as a backward from
        zeroed grads would compute them; no node's grad changes. Summing each input's
        contributions gives exactly its ``backward()`` gradient."""
        grads = [0.0] * len(self.nodes)
        for n in self.outputs:
            grads[n.id] += 1.0
        for v in backward_order([n.value for n in self.outputs]):
            node = self.nodes[self._index[id(v) if self._by_id else v]]
            upstream = grads[node.id]
            for a, local in zip(node.args, node.local_grads):
                if type(a) is not int:
                    continue
                contribution = upstream * local
                grads[a] += contribution
                yield BackwardStep(node, self.nodes[a], upstream, local, contribution, grads[a])

    # --- code (autograd/codegen.py) ---------------------------------------------------------
    def to_python(self, name: str = "f", backend: str = "python") -> str:
        """The backward pass written out: the source of a straight-line function of the
        inputs returning the outputs and the inputs' gradients (``autograd.codegen``)."""
        from .codegen import to_python
        return to_python(self, name, backend)

    def compile(self, backend: str = "python", reduction: str = "sum"):
        """That function, ready to call: ``f(*inputs)`` is ``(output, gradients)``, equal
        to ``backward()``'s on floats; ``backend="numpy"`` or ``"torch"`` runs a batch of
        samples at once (``autograd.codegen.CompiledGraph``)."""
        from .codegen import compile_graph
        return compile_graph(self, backend, reduction=reduction)

    # --- saving ----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """A JSON-ready dict: every node's op, args, data, grad, local derivatives, label
        and scope; the input and output ids."""
        def encode(n: Node) -> dict:
            d = {"id": n.id, "op": None if n.op is None else n.op.name, "data": n.data,
                 "grad": float(n.grad), "label": n.label, "scope": n.scope}
            if n.op is not None:
                d["args"] = [a if type(a) is int else {"const": a} for a in n.args]
                d["local"] = list(n.local_grads)
                if is_closure(n.op):  # loads as a node with these local derivatives
                    d["closure"] = True
            return d
        return {"format": FORMAT, "version": VERSION, "nodes": [encode(n) for n in self.nodes],
                "inputs": [n.id for n in self.inputs], "outputs": [n.id for n in self.outputs]}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, data: dict) -> Graph:
        """Rebuild an equivalent graph (new Values) from ``to_dict()``'s output."""
        return _load(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Graph:
        """Rebuild a graph from ``to_json()``'s text (a str, or UTF-8 bytes)."""
        try:
            data = safejson.loads(text)
        except safejson.JSONError as e:
            raise GraphFormatError(f"cannot load graph: {_where(e.path)}{e}") from None
        except TypeError as e:
            raise GraphFormatError(f"cannot load graph: {e}") from None
        return _load(data)


def _where(path: list) -> str:
    """``node 3: `` for a path inside the nodes list, else nothing."""
    if len(path) >= 2 and path[0] == "nodes" and isinstance(path[1], int):
        return f"node {path[1]}: "
    return ""


def _num(x) -> str:
    """4 decimals; scientific notation from a million up, so a column stays narrow."""
    x = float(x)
    return f"{x:.4f}" if abs(x) < 1e6 or x != x else f"{x:.4e}"


def _number(x, where: str) -> float:
    if type(x) is Value or not isinstance(x, (int, float)) or isinstance(x, bool):
        raise TypeError(f"{where}: expected a number, got {type(x).__name__}")
    return float(x)


def _evaluate(n: Node, data: list[float]) -> tuple[float, tuple]:
    """One node's op rule on the numbers in ``data`` (by node id): (value, local grads),
    sorted out as the forward pass sorts them (``value._checked_rule``): IEEE overflow is
    inf and no error, an error from the math a DomainError naming the op and its operands,
    a result not shaped ``(value, (one derivative per argument))`` a TypeError. The
    errors also name the node and say the tape is unchanged (nothing is written yet)."""
    inputs = tuple([data[a] if type(a) is int else a for a in n.args])
    try:
        return _checked_rule(n.op, inputs, inputs)
    except DomainError as e:
        raise DomainError(f"forward: node {_node_name(n)} = {e}; the tape is unchanged") from None
    except TypeError as e:
        raise TypeError(f"forward: node {_node_name(n)}: {e}; the tape is unchanged") from None
    except OverflowError as e:                # a registered rule calling math.exp itself
        raise OverflowError(f"forward: node {_node_name(n)} = {e}; the tape is unchanged") \
            from None


def _node_name(n: Node) -> str:
    """``%3`` or ``%3 ('h')``."""
    return f"%{n.id} ({n.label!r})" if n.label else f"%{n.id}"


# --- building graphs -------------------------------------------------------------------------

def _collect(roots: list[Value], first_inputs: Sequence[Value] = ()) -> tuple[list[Value], int]:
    """All nodes behind ``roots``: the inputs (leaves) first, ``first_inputs`` leading, then
    the op nodes in topological order. Returns (values, number of inputs)."""
    ops = backward_order(roots)
    ops.reverse()
    seen = set(map(id, first_inputs))   # by identity, as backward_order
    leaves = list(first_inputs)
    for v in ops:
        for a in v.parents:
            if a.op is None and id(a) not in seen:
                seen.add(id(a))
                leaves.append(a)
    for r in roots:
        if r.op is None and id(r) not in seen:
            seen.add(id(r))
            leaves.append(r)
    return leaves + ops, len(leaves)


def trace(*roots: Value | Sequence[Value]) -> Graph:
    """The graph behind one or more Values (or one list of them), as a :class:`Graph`."""
    if len(roots) == 1 and isinstance(roots[0], (list, tuple)):
        roots = tuple(roots[0])
    if not roots:
        raise TypeError("trace: give at least one Value")
    for r in roots:
        if not isinstance(r, Value):
            raise TypeError(f"trace: expected Values, got {type(r).__name__}")
    values, n_inputs = _collect(list(roots))
    return Graph(values, roots, n_inputs)


def trace_fn(f: Callable, *args: float) -> Graph:
    """Run ``f`` on fresh input Values labelled with its parameter names and trace what
    it returns (a Value, or a tuple or list of them). The inputs come first, in order.

    >>> g = trace_fn(lambda x, y: x * y + 1, 3.0, 4.0)
    >>> g.forward(x=1.0, y=2.0)
    3.0
    """
    names = list(inspect.signature(f).parameters)
    if len(names) < len(args):
        names += [f"x{i}" for i in range(len(names), len(args))]
    inputs = [Value(_number(a, f"trace_fn argument {n!r}"), label=n) for n, a in zip(names, args)]
    out = f(*inputs)
    outputs = list(out) if isinstance(out, (list, tuple)) else [out]
    for o in outputs:
        if not isinstance(o, Value):
            raise TypeError(f"trace_fn: {getattr(f, '__name__', 'f')} returned "
                            f"{type(o).__name__}, not a Value")
    values, n_inputs = _collect(outputs, inputs)
    return Graph(values, outputs, n_inputs)


# --- loading ---------------------------------------------------------------------------------

def _load(data: Any) -> Graph:
    """A Graph from a dict, checking everything; GraphFormatError naming the node."""
    def fail(why: str) -> GraphFormatError:
        return GraphFormatError(f"cannot load graph: {why}")

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise fail(f"expected a dict with format {FORMAT!r}")
    if not _is_id(data.get("version")) or data["version"] != VERSION:
        raise fail(f"unsupported version {_show(data.get('version'))} (this reads {VERSION})")
    nodes, inputs, outputs = data.get("nodes"), data.get("inputs"), data.get("outputs")
    if not isinstance(nodes, list) or not isinstance(inputs, list) or not isinstance(outputs, list):
        raise fail("'nodes', 'inputs' and 'outputs' must be lists")
    values: list[Value] = []
    for i, d in enumerate(nodes):
        where = f"node {i}"
        if not isinstance(d, dict) or not _is_id(d.get("id")) or d["id"] != i:
            raise fail(f"{where}: expected a dict with id {i}")
        label, scope = d.get("label", ""), d.get("scope", "")
        if not isinstance(label, str):
            raise fail(f"{where}: 'label' must be a str, got {_show(label)}")
        if not isinstance(scope, str) or (scope and not all(scope.split("."))):
            raise fail(f"{where}: 'scope' must be a dotted path such as 'mlp.layer0' "
                       f"(or ''), got {_show(scope)}")
        v = Value(_float(d.get("data"), f"{where}: 'data'", fail), label=label)
        v.grad = _float(d.get("grad", 0.0), f"{where}: 'grad'", fail)
        v.scope = scope
        if d.get("op") is not None:
            _restore_op(v, d, values, where, fail)
        values.append(v)
    if not all(_is_id(i) for i in inputs) or inputs != list(range(len(inputs))) \
            or any(values[i].op is not None for i in inputs):
        raise fail("'inputs' must be the ids of the leading leaf nodes")
    for i, v in enumerate(values[len(inputs):], len(inputs)):
        if v.op is None:
            raise fail(f"node {i}: every leaf must be listed in 'inputs'")
    if not outputs or not all(_is_id(i) and i < len(values) for i in outputs):
        raise fail(f"'outputs' must be node ids, got {_show(outputs)}")
    return Graph(values, [values[i] for i in outputs], len(inputs))


def _is_id(x: Any) -> bool:
    return type(x) is int and x >= 0


_REPR = reprlib.Repr()
_REPR.maxother = _REPR.maxstring = 60


def _show(x: Any) -> str:
    """A short repr of untrusted data: any depth or length is safe."""
    return _REPR.repr(x)


def _float(x: Any, what: str, fail) -> float:
    if isinstance(x, bool) or not isinstance(x, Real):
        raise fail(f"{what} must be a number, got {_show(x)}")
    try:
        return float(x)
    except OverflowError:
        raise fail(f"{what} must be a number, got {_show(x)}, too large for a float") from None


def _restore_op(v: Value, d: dict, earlier: list[Value], where: str, fail) -> None:
    name = d["op"]
    if d.get("closure") is True and isinstance(name, str):
        op = closure_op(name)          # a micrograd-style node: its local derivatives
    else:
        op = OPS.get(name) if isinstance(name, str) else None
    if op is None:
        raise fail(f"{where}: unknown op {_show(name)} (an op added with "
                   "autograd.register_op must be registered before loading)")
    args, local = d.get("args"), d.get("local")
    if not isinstance(args, list) or not isinstance(local, list) or len(args) != len(local):
        raise fail(f"{where}: 'args' and 'local' must be lists of the same length")
    n = len(args)
    if op.arity > 0 and n != op.arity:
        raise fail(f"{where}: {op.name} takes {op.arity} arguments, got {n}")
    if op.arity < 0 and (n == 0 or (op.name == "dot" and n % 2)):
        need = "an even number of (at least 2)" if op.name == "dot" else "at least 1"
        raise fail(f"{where}: {op.name} takes {need} arguments, got {n}")
    resolved = []
    for a in args:
        if _is_id(a) and a < len(earlier):
            resolved.append(earlier[a])
        elif isinstance(a, dict) and set(a) == {"const"}:
            resolved.append(_float(a["const"], f"{where}: a constant argument", fail))
        else:
            raise fail(f"{where}: argument {_show(a)} is neither an earlier node id nor "
                       "{'const': number}")
    set_node(v, op, resolved, [_float(x, f"{where}: 'local'", fail) for x in local])
