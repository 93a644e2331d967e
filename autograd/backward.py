"""Reverse mode: the chain rule, applied once per edge in reverse topological order.

For every node ``v`` (the output first) and each Value argument ``p`` of ``v``::

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
from .value import (
    Value,
    collectable_grads,
    engine_sets_grad,
    grads_put_aside,
    is_closure_node,
    needs_attributes,
    settled,
)

try:  # Cython's pure-Python mode: C types when compiled (scripts/build_core.py), else no-ops
    import cython
except ImportError:  # without Cython installed: the same no-ops
    from . import _cython as cython

__all__ = ["backward", "backward_order", "zero_grad", "gradients", "grad"]


_BY_ID = Value(0.0)
"""On backward_order's stack: "the node below me is of a Value subclass", which is looked
up by its id, as it may hash and compare by its data."""


@cython.locals(v=Value, p=Value, seen=set, by_id=set)
def backward_order(roots: Value | Iterable[Value]) -> list[Value]:
    """The nodes made by ops that ``roots`` depend on, each listed before all of its
    arguments: roots first. Leaves (inputs, parameters) are not listed; they only
    receive gradients.

    An iterative depth-first search: a node is appended once all its arguments are, and
    the list is reversed at the end. ``None`` on the stack marks "the node below me is
    done". (The argument slots are read directly, see :class:`Value`.)
    """
    roots = [roots] if isinstance(roots, Value) else list(roots)
    order = []
    stack = []
    for r in roots:
        if r.op is not None:
            stack.append(r)
            if type(r) is not Value:
                stack.append(_BY_ID)
    seen = set()    # the nodes met so far: this search's own (no marks left in the nodes)
    by_id = set()   # and the ids of those of a Value subclass
    marker = _BY_ID
    while stack:
        v = stack.pop()
        if v is None:
            order.append(stack.pop())
            continue
        if v is marker:
            v = stack.pop()
            if id(v) in by_id:
                continue
            by_id.add(id(v))
        elif v in seen:
            continue
        else:
            seen.add(v)
        stack.append(v)
        stack.append(None)
        a, b = v._a, v._b          # pushed last-first, so the first argument's subgraph
        kind = type(a)             # is listed first: the order reads as it was built
        if kind is tuple:          # (only the n-ary layout holds Value subclasses)
            for q in reversed(a):
                if type(q) is Value:
                    p = q
                    if p.op is not None and p not in seen:
                        stack.append(p)
                elif type(q) is not float:
                    p = q
                    if p.op is not None and id(p) not in by_id:
                        stack.append(p)
                        stack.append(marker)
            continue
        if type(b) is Value:
            p = b
            if p.op is not None and p not in seen:
                stack.append(p)
        if kind is Value:
            p = a
            if p.op is not None and p not in seen:
                stack.append(p)
    order.reverse()
    return order


@cython.locals(v=Value, p=Value, g=cython.double, d=cython.double)
def _chain_rule_floats(order: Sequence[Value]) -> Value | None:
    """The fast path: multiply in the local derivatives stored at forward time. Returns
    None; or, compiled, the closure node whose ``_backward`` just put a grad aside (a
    Value, say), after which the general loop must go on."""
    for v in order:
        g = v.grad
        a, b = v._a, v._b
        kind = type(a)
        if kind is tuple:          # n-ary: the derivatives are a tuple in _b
            if type(b) is not tuple:   # a micrograd-style node's _backward closure
                if b is None:          # (autograd/closures.py), once assigned
                    continue
                if not cython.compiled:
                    b()
                    continue
                before = grads_put_aside()
                b()
                if grads_put_aside() != before:
                    return v
                continue
            for q, d in zip(a, b):
                if type(q) is not float:
                    p = q
                    p.grad += g * d
            continue
        if kind is Value:
            p = a
            p.grad += g * v._da
        if type(b) is Value:
            p = b
            p.grad += g * v._db


def _local_values(v: Value) -> tuple:
    """v's local derivatives rebuilt from its op's rule on its arguments (create_graph)."""
    return v.op.rule(VALUE, *v.args)[1]


def _chain_rule_general(order: Sequence[Value], create_graph: bool, check: bool) -> None:
    """The same loop, with derivatives rebuilt as Values (create_graph) and/or every
    contribution checked for NaN and infinity (detect_anomaly)."""
    if create_graph:
        with modes.enable_grad():
            _general_loop(order, True, check)
    else:
        _general_loop(order, False, check)


def _general_loop(order: Sequence[Value], create_graph: bool, check: bool) -> None:
    for v in order:
        g = v.grad
        if is_closure_node(v):
            if v._b is not None:
                _run_closure(v, create_graph, check)
            continue
        local = _local_values(v) if create_graph else v.local_grads
        for p, d in zip(v.args, local):
            if type(p) is float:
                continue
            if not create_graph:
                contribution = g * d       # as the fast loop: p.grad += g * d
            elif type(d) is float and d == 1.0:
                contribution = g
            else:
                contribution = g * d
            if check and not math.isfinite(float(contribution)):
                raise modes.AnomalyError(
                    f"backward of {v.op.name} (node {v.label or v._op!r}, data={v.data!r}) "
                    f"gave the gradient {float(contribution)} for its input "
                    f"{p.label or p.data!r}: upstream grad {float(g)} * local derivative "
                    f"{float(d)}")
            old = p.grad
            if create_graph and type(old) is float and old == 0.0:
                engine_sets_grad(p, contribution)   # no node for 0 + contribution
            else:
                engine_sets_grad(p, old + contribution)


def _refuse_closures(order: Sequence[Value]) -> None:
    """create_graph cannot run a micrograd-style closure: say so before any grad changes."""
    for v in order:
        if is_closure_node(v) and v._b is not None:
            named = f" {v.label!r}" if v.label else ""
            raise RuntimeError(f"backward(create_graph=True): the {v._op!r} node{named} was "
                               "made by a micrograd-style _backward closure, which computes "
                               "float gradients only; define its op with autograd.register_op "
                               "to differentiate through it again (no grad was changed)")


def _run_closure(v: Value, create_graph: bool, check: bool) -> None:
    """A micrograd-style node's step: its ``_backward`` closure (floats only)."""
    if create_graph:
        _refuse_closures((v,))
    v._b()
    if check:
        for p in v._a:
            if not math.isfinite(float(p.grad)):
                raise modes.AnomalyError(
                    f"backward of the _backward closure of node {v.label or v._op!r} "
                    f"(data={v.data!r}) gave the gradient {float(p.grad)} for its input "
                    f"{p.label or p.data!r}")


def _run(order: Sequence[Value], create_graph: bool, general: bool = False) -> None:
    """Backpropagate through ``order``; ``general``: compiled, some node of it must be
    read through its attributes (``needs_attributes``), which the fast loop does not."""
    anomaly = modes.state().anomaly
    if create_graph or anomaly or general:
        _chain_rule_general(order, create_graph, anomaly)
        return
    stopped = _chain_rule_floats(order)
    if stopped is not None:     # compiled: a closure put a grad aside; the rest reads it
        at = next(i for i, v in enumerate(order) if v is stopped)
        _chain_rule_general(order[at + 1:], False, False)


@cython.locals(v=Value)
def _zero_grads(order: Sequence[Value]) -> None:
    for v in order:
        v.grad = 0.0


def backward(root: Value | Sequence[Value], create_graph: bool = False) -> None:
    """Set ``node.grad = d root / d node`` for every node of root's graph.

    Leaf grads accumulate across calls (as in PyTorch); every other node's grad is
    replaced by this call's value. With ``create_graph=True`` leaf grads are Values that
    can be differentiated again; non-leaf grads keep just their float, so that no
    reference cycle runs through intermediate nodes. (Each leaf and its grad graph still
    form a cycle, as in PyTorch: ``zero_grad`` breaks it.) Several roots are seeded with
    1 each: the gradient of their sum.
    """
    roots = [root] if isinstance(root, Value) else list(root) \
        if isinstance(root, (list, tuple)) else [root]
    for r in roots:
        if not isinstance(r, Value):
            raise TypeError(f"backward: expected a Value, got {type(r).__name__}")
    order = backward_order(roots)
    if create_graph:
        _refuse_closures(order)
    general = needs_attributes(order)   # compiled: a grad held aside, a Value subclass
    if general:
        zero_grad(order)                # through the attributes
    else:
        _zero_grads(order)
    for r in roots:  # a leaf root accumulates its 1 like any leaf grad
        r.grad = r.grad + 1.0
    if not create_graph:
        _run(order, False, general)
        return
    try:
        _run(order, True)
    except BaseException:   # a rule raised part-way: grads of nodes in order may be Values
        if cython.compiled:
            collectable_grads(_leaves(order) + order)
        raise
    for v in order:
        v.grad = float(v.grad)
    if cython.compiled:      # each leaf's grad graph contains the leaf: a cycle (collectable)
        collectable_grads(_leaves(order))



def zero_grad(values: Iterable[Value]) -> None:
    """Set ``grad = 0.0`` on each Value, e.g. a model's parameters, before a new backward."""
    for v in values:
        v.grad = 0.0
        settled(v)   # compiled: a leaf that create_graph had put under the collector leaves it


def _leaves(order: Sequence[Value]) -> list[Value]:
    return [p for v in order for p in v.parents if p.op is None]


def gradients(output: Value, inputs: Sequence[Value], create_graph: bool = False) -> list:
    """d output / d x for each x in ``inputs``, leaving every node's ``grad`` as it was."""
    order = backward_order(output)
    nodes = order + _leaves(order) + list(inputs) + [output]
    saved = [v.grad for v in nodes]
    try:
        for v in nodes:
            v.grad = 0.0
        output.grad = 1.0
        _run(order, create_graph, needs_attributes(order))
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
    name = getattr(f, "__name__", "f")

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
            raise TypeError(f"grad: {name} must return a Value or a number, "
                            f"got {type(out).__name__}")
        if symbolic:
            gs = [g if isinstance(g, Value) else Value(g) for g in gs]
        else:
            gs = [float(g) for g in gs]
        return tuple(gs) if many else gs[0]

    df.__name__ = f"grad_{name}"
    return df
