"""``pickle``, ``copy.deepcopy`` and ``copy.copy`` of Values and whole graphs, at any depth.

Both pickle and deepcopy follow references recursively, so a naive node would fail on a
chain a few hundred ops deep. Here the first node of a graph to be saved lists every node
it depends on, in topological order (each after its arguments); each of those is then
saved *shallowly* (its data, and references to arguments already saved) before anything
that refers to it. Nothing recurses along the graph, and because pickle's and deepcopy's
memo see every node, shared nodes stay shared: ``deepcopy([loss, w])`` gives a copied
``loss`` whose graph holds the copied ``w``. Ops are saved by name and looked up in
``OPS`` when loaded. ``copy.copy(v)`` is a new node sharing ``v``'s arguments.

Pickle is for your own use (multiprocessing, caches): loading a pickle can run code, so
``nn`` never saves models with it.

>>> import copy, pickle
>>> from autograd import Value
>>> x = Value(2.0, label="x")
>>> y = x * x + 1
>>> y2, x2 = pickle.loads(pickle.dumps([y, x]))
>>> y2.backward(); x2.grad
4.0
>>> copy.deepcopy(y).data
5.0
"""

from __future__ import annotations

import threading

from .value import Value, collectable_grads, names, set_node

__all__ = ["reduce_value", "set_state", "deepcopy_value", "copy_value"]

# Per thread: id -> node for the nodes of graphs being saved whose arguments are known to
# be saved before them (the node is kept so that its id cannot be reused meanwhile).
_session = threading.local()


def _pending() -> dict:
    try:
        return _session.pending
    except AttributeError:
        _session.pending = {}
        return _session.pending


def _ancestors(root: Value) -> list[Value]:
    """Every node ``root`` depends on (leaves first, then ops), each after its arguments;
    ``root`` itself not included."""
    from .backward import backward_order
    ops = backward_order(root)
    ops.reverse()
    seen: set = set()
    leaves = []
    for v in ops:
        for p in v.args:
            if type(p) is not float and p.op is None and id(p) not in seen:
                seen.add(id(p))     # by identity: a Value subclass may compare by data
                leaves.append(p)
    return leaves + ops[:-1]


class _EndOfGraph:
    """Saved after a graph's nodes: forgets those nodes (the ones already saved earlier,
    which pickle did not ask for again). Loads as ``None``."""

    __slots__ = ("nodes",)

    def __init__(self, nodes: list[Value]) -> None:
        self.nodes = nodes

    def __reduce__(self):
        pending = _pending()
        for v in self.nodes:
            pending.pop(id(v), None)
        self.nodes = []
        if not pending:   # a dict keeps its table when emptied: a new one frees it
            _session.pending = {}
        return (_nothing, ())


def _nothing() -> None:
    return None


def _state(v: Value) -> tuple:
    return (v.grad, v.op, v.args, v.local_grads, _extra(v))


def _slots(cls: type) -> list[str]:
    """The ``__slots__`` a subclass of Value adds (mangled as Python stores them)."""
    names = []
    for k in cls.__mro__:
        if k is Value:
            break
        slots = k.__dict__.get("__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name in ("__dict__", "__weakref__"):
                continue
            if name.startswith("__") and not name.endswith("__"):
                name = f"_{k.__name__.lstrip('_')}{name}"
            names.append(name)
    return names


def _extra(v: Value) -> dict | None:
    """A subclass's own attributes: its instance ``__dict__`` and the slots it adds."""
    if type(v) is Value:
        return None
    extra = dict(getattr(v, "__dict__", None) or {})
    for name in _slots(type(v)):
        try:
            extra[name] = getattr(v, name)
        except AttributeError:          # a slot never set stays unset
            pass
    return extra or None


def _set_extra(v: Value, extra: dict) -> None:
    slots = set(_slots(type(v)))
    for name, x in extra.items():
        if name in slots:
            setattr(v, name, x)
        else:
            v.__dict__[name] = x


def _node(cls: type, data: float, label: str, scope: str) -> Value:
    v = cls.__new__(cls)
    v.data, v._info = data, names(label, scope)
    return v


def _node_after(ancestors: list, cls: type, data: float, label: str, scope: str,
                end: None) -> Value:
    """``_node``, once ``ancestors`` (already rebuilt by the loader) are there."""
    return _node(cls, data, label, scope)


def set_state(v: Value, state: tuple) -> None:
    """``Value.__setstate__``: grad, op (by name), arguments, local derivatives."""
    grad, op, args, local, extra = state
    v.grad = grad
    set_node(v, op, args, local)
    if extra:
        _set_extra(v, extra)
    collectable_grads((v,))   # a create_graph grad may lead back to v: a cycle


def reduce_value(v: Value) -> tuple:
    """``Value.__reduce_ex__``: the node alone when its arguments are saved first (a leaf,
    or a node of a graph being saved); otherwise its whole graph first, then the node."""
    pending = _pending()
    head = (type(v), v.data, v.label, v.scope)
    if pending.pop(id(v), None) is not None or v.op is None:
        return (_node, head, _state(v))
    ancestors = _ancestors(v)
    for a in ancestors:
        pending[id(a)] = a
    return (_node_after, (ancestors, *head, _EndOfGraph(ancestors)), _state(v))


def deepcopy_value(v: Value, memo: dict) -> Value:
    """``copy.deepcopy(v)``: v's graph copied node by node in topological order, in one
    loop; nodes already in ``memo`` (copied earlier in the same deepcopy) are reused."""
    from copy import deepcopy
    keep = memo.setdefault(id(memo), [])  # as copy.deepcopy does: ids stay unique
    made = []
    for n in _ancestors(v) + [v]:
        if id(n) in memo:
            continue
        c = _node(type(n), n.data, n.label, n.scope)
        args = tuple([a if not isinstance(a, Value) else memo[id(a)] if id(a) in memo
                      else deepcopy(a, memo) for a in n.args])
        set_node(c, n.op, args, n.local_grads)
        memo[id(n)] = c
        keep.append(n)
        made.append((n, c))
    for n, c in made:  # grads and subclass attributes (dict, slots) may hold Values: last
        c.grad = n.grad if type(n.grad) is float else deepcopy(n.grad, memo)
        extra = _extra(n)
        if extra:
            _set_extra(c, deepcopy(extra, memo))
        collectable_grads((c,))  # a create_graph grad may lead back to c: a cycle
    return memo[id(v)]


def copy_value(v: Value) -> Value:
    """``copy.copy(v)``: a new node with v's data, grad, label, scope, op and arguments
    (the arguments themselves are shared, not copied)."""
    c = _node(type(v), v.data, v.label, v.scope)
    set_state(c, _state(v))
    return c
