"""Reverse mode: the chain rule, applied once per edge in reverse topological order.

For every node ``v`` (the output first) and each parent ``p`` of ``v``::

    p.grad += v.grad * local            # the chain rule; local = d v / d p

where ``local`` is the local derivative the op's rule returned at forward time
(``autograd/ops.py``). A node's grad is complete when the loop reaches it, because every
node that consumes it comes earlier in the order. No recursion anywhere: a chain a
million ops deep works at the default recursion limit.

>>> from autograd import Value
>>> x = Value(3.0); y = x * x
>>> y.backward(); x.grad
6.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from . import modes
from .ops import VALUE
from .value import Constant, Value

__all__ = ["backward", "backward_order", "zero_grad", "gradients", "grad"]


def backward_order(roots: Value | Iterable[Value]) -> list[Value]:
    """The nodes an op produced that ``roots`` depend on, each after every node that
    consumes it: roots first. Leaves (inputs, parameters, constants) are not listed;
    they only receive gradients.

    An iterative depth-first search: a node is listed once all its parents are, and the
    list is reversed at the end. ``None`` on the stack marks "the node under me is done".
    """
    roots = [roots] if isinstance(roots, Value) else list(roots)
    seen = set()
    order = []
    stack = [r for r in roots if r.op is not None]
    while stack:
        v = stack.pop()
        if v is None:
            order.append(stack.pop())
            continue
        if v in seen:
            continue
        seen.add(v)
        stack.append(v)
        stack.append(None)
        for p in v.parents:
            if p.op is not None and p not in seen:
                stack.append(p)
    order.reverse()
    return order


def _chain_rule_floats(order: Sequence[Value]) -> None:
    """The fast path: multiply in the local derivatives stored at forward time.
    Unrolled for one and two parents, which is almost every node."""
    for v in order:
        g = v.grad
        parents = v.parents
        n = len(parents)
        if n == 2:
            a, b = parents
            da, db = v._local
            a.grad += g * da
            b.grad += g * db
        elif n == 1:
            parents[0].grad += g * v._local[0]
        else:
            for p, d in zip(parents, v._local):
                p.grad += g * d


def _local_values(v: Value) -> tuple:
    """v's local derivatives rebuilt from its op's rule as Values, for create_graph."""
    if v._attr is None:
        return v.op.rule(VALUE, *v.parents)[1]
    return v.op.rule(VALUE, v.parents[0], v._attr)[1]


def _chain_rule_general(order: Sequence[Value], create_graph: bool, check: bool) -> None:
    """The same loop, with derivatives rebuilt as Values (create_graph) and/or every
    contribution checked for NaN and infinity (detect_anomaly)."""
    with modes.enable_grad():
        for v in order:
            g = v.grad
            local = _local_values(v) if create_graph else v._local
            for p, d in zip(v.parents, local):
                contribution = g if (type(d) is float and d == 1.0) else g * d
                if check and not math.isfinite(float(contribution)):
                    raise modes.AnomalyError(
                        f"backward of {v.op.name} (node {v.label or v._op!r}, data={v.data!r}) "
                        f"gave the gradient {float(contribution)} for its input "
                        f"{p.label or p.data!r}: upstream grad {float(g)} * local derivative "
                        f"{float(d)}")
                old = p.grad
                p.grad = contribution if (type(old) is float and old == 0.0) else old + contribution


def _run(order: Sequence[Value], create_graph: bool) -> None:
    if create_graph or modes.anomaly:
        _chain_rule_general(order, create_graph, modes.anomaly)
    else:
        _chain_rule_floats(order)


def backward(root: Value, create_graph: bool = False) -> None:
    """Set ``node.grad = d root / d node`` for every node of root's graph.

    Leaf grads accumulate across calls (as in PyTorch); every other node's grad is
    replaced by this call's value. With ``create_graph=True`` leaf grads are Values that
    can be differentiated again; non-leaf and Constant grads keep just their float, so
    that no reference cycle runs through nodes you cannot reach. (Each of your leaves and
    its grad graph still form a cycle, as in PyTorch: ``zero_grad`` breaks it.)
    """
    if not isinstance(root, Value):
        raise TypeError(f"backward: expected a Value, got {type(root).__name__}")
    if root.op is None:  # a leaf: d root / d root = 1, accumulated like any leaf grad
        root.grad = root.grad + 1.0
        return
    order = backward_order(root)
    for v in order:
        v.grad = 0.0
    root.grad = 1.0
    _run(order, create_graph)
    if create_graph:
        for v in order:
            v.grad = float(v.grad)
            for p in v.parents:
                if type(p) is Constant:
                    p.grad = float(p.grad)


def zero_grad(values: Iterable[Value]) -> None:
    """Set ``grad = 0.0`` on each Value, e.g. a model's parameters, before a new backward."""
    for v in values:
        v.grad = 0.0


def gradients(output: Value, inputs: Sequence[Value], create_graph: bool = False) -> list:
    """d output / d x for each x in ``inputs``, leaving every node's ``grad`` as it was."""
    order = backward_order(output)
    nodes = order + [p for v in order for p in v.parents if p.op is None] + list(inputs)
    if output.op is None:
        nodes.append(output)
    saved = [v.grad for v in nodes]
    try:
        for v in nodes:
            v.grad = 0.0
        output.grad = 1.0
        _run(order, create_graph)
        return [x.grad for x in inputs]
    finally:
        for v, g in zip(nodes, saved):
            v.grad = g


def grad(f: Callable, argnums: int | Sequence[int] = 0) -> Callable:
    """The derivative of ``f`` as a function: ``grad(f)(x)`` is df/dx at x; nestable.

    Called with numbers it returns floats; called with Values (as an outer ``grad``
    does) it returns Values built with ``create_graph``, so ``grad(grad(f))`` is the
    second derivative. ``argnums`` picks the argument(s), as in JAX. No node's ``grad``
    changes.

    >>> grad(grad(lambda x: x ** 3))(2.0)
    12.0
    """
    many = not isinstance(argnums, int)
    positions = tuple(argnums) if many else (argnums,)

    def df(*args):
        for i in positions:
            if not -len(args) <= i < len(args):
                raise TypeError(f"grad: argnums={i}, but {len(args)} arguments were given")
        symbolic = any(isinstance(a, Value) for a in args)
        xs = [a if isinstance(a, Value) else Value(a) for a in args]
        out = f(*xs)
        wrt = [xs[i] for i in positions]
        if isinstance(out, Value):
            gs = gradients(out, wrt, create_graph=symbolic)
        elif isinstance(out, (int, float)):
            gs = [0.0] * len(wrt)
        else:
            raise TypeError(f"grad: {getattr(f, '__name__', 'f')} must return a Value or "
                            f"a number, got {type(out).__name__}")
        gs = [as_node(g) for g in gs] if symbolic else [float(g) for g in gs]
        return tuple(gs) if many else gs[0]

    df.__name__ = f"grad_{getattr(f, '__name__', 'f')}"
    return df


def as_node(g) -> Value:
    return g if isinstance(g, Value) else Value(g)
