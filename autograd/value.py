"""``Value``: one scalar node of the graph; its operators are generated from the op table.

A node stores its parents as a tuple and its local derivatives as the floats the op's
rule returned at forward time. It never references itself or its children, so a dropped
graph is freed by reference counting alone, without the cyclic garbage collector.

>>> x = Value(2.0, label="x")
>>> y = x * x + 1
>>> y.backward(); x.grad
4.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from numbers import Real

from . import modes
from .ops import FLOAT, OPS, VALUE, DomainError, Op

__all__ = ["Value", "Constant", "apply", "as_value"]

_new = object.__new__


class Value:
    """A scalar in the graph: ``data``, ``grad``, ``label``, the ``op`` that made it and
    its ``parents``. Leaves (inputs, parameters, constants) have ``op is None``.

    Comparisons: ``==`` and ``hash`` are by identity, so Values work as dict keys and in
    sets, and two nodes holding the same number stay two nodes. ``<``, ``<=``, ``>`` and
    ``>=`` compare ``data`` (with a Value or a number) and return a plain bool, which is
    not differentiable.

    >>> Value(0.5, label="w")
    Value(data=0.5, grad=0.0, label='w')
    """

    __slots__ = ("data", "grad", "label", "op", "parents", "_local", "_attr")
    __array_ufunc__ = None  # numpy scalars defer to our reflected operators (2 * x)

    def __init__(self, data: float, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value: label must be a str, got {type(label).__name__}")
        self.data = _to_float(data, "Value")
        self.grad = 0.0
        self.label = label
        self.op = None
        self.parents = ()
        self._local = ()
        self._attr = None

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={_short(self.data)}, grad={_short(self.grad)}{label})"

    @property
    def is_leaf(self) -> bool:
        """True for inputs, parameters and constants: nodes no op produced."""
        return self.op is None

    @property
    def local_grads(self) -> tuple:
        """d self / d parent for each parent, as computed at forward time."""
        return self._local

    @property
    def attr(self) -> float | None:
        """The op's constant parameter (the 3 of ``x ** 3``), or None."""
        return self._attr

    # micrograd's names, read-only, so its hand-written draw_dot works unchanged
    @property
    def _prev(self) -> set[Value]:
        """The parents as a set, as micrograd's ``Value._prev``."""
        return set(self.parents)

    @property
    def _op(self) -> str:
        """The op's display symbol (``'**2'`` for a power), ``''`` for a leaf."""
        if self.op is None:
            return ""
        return self.op.symbol + ("" if self._attr is None else f"{self._attr:g}")

    # comparisons by data; == and hash by identity (see the class docstring)
    def __lt__(self, other): return self.data < _data(other, "<")
    def __le__(self, other): return self.data <= _data(other, "<=")
    def __gt__(self, other): return self.data > _data(other, ">")
    def __ge__(self, other): return self.data >= _data(other, ">=")
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __float__(self) -> float:
        return self.data

    def backward(self, create_graph: bool = False) -> None:
        """Set ``node.grad = d self / d node`` for every node of this graph.

        Leaf grads accumulate across calls (clear them with ``autograd.zero_grad``);
        other nodes' grads are replaced. With ``create_graph=True`` the grads are
        Values that can be differentiated again.
        """
        from .backward import backward
        backward(self, create_graph=create_graph)

    def detach(self) -> Value:
        """A new leaf with the same data and label, cut off from this graph."""
        return Value(self.data, self.label)


class Constant(Value):
    """A leaf made from a plain number in an expression (the ``1`` of ``x + 1``).

    It is a Value in every way; diagrams and listings may show it as a literal, and
    ``backward(create_graph=True)`` keeps its grad a float (no one can zero it).
    """

    __slots__ = ()


# --- numbers in, errors out ---------------------------------------------------------------

def _short(x) -> str:
    if type(x) is not float:
        return repr(x)
    s = f"{x:.4g}"
    return s if any(c in s for c in ".enai") else s + ".0"


def _to_float(x, where: str) -> float:
    if type(x) is float:
        return x
    if type(x) is int or (isinstance(x, Real) and not isinstance(x, Value)):
        return float(x)
    raise TypeError(f"{where}: expected a real number, got {type(x).__name__} {x!r:.60}")


def _data(other, where: str) -> float:
    return other.data if isinstance(other, Value) else _to_float(other, where)


def _leaf(data: float, kind: type = Constant) -> Value:
    v = _new(kind)
    v.data = data
    v.grad = 0.0
    v.label = ""
    v.op = None
    v.parents = ()
    v._local = ()
    v._attr = None
    return v


def as_value(x, op: Op | None = None) -> Value:
    """``x`` if it is a Value, else a new :class:`Constant` leaf holding ``float(x)``.

    Anything but a real number raises TypeError naming the op and the type.
    """
    if isinstance(x, Value):
        return x
    if type(x) is float:
        return _leaf(x)
    if type(x) is int or isinstance(x, Real):
        return _leaf(float(x))
    where = f"{op.name} ({op.symbol})" if op else "Value"
    raise TypeError(f"unsupported operand for {where}: {type(x).__name__} {x!r:.60}; "
                    "expected a Value or a real number")


def _domain_error(op: Op, inputs: tuple, attr) -> DomainError:
    """Name the op, the operand values and their labels."""
    def show(v: Value) -> str:
        return f"{v.data!r} (node {v.label!r})" if v.label else repr(v.data)
    operands = [show(v) for v in inputs]
    if attr is not None:
        operands.append(f"{op.attr}={attr!r}")
    return DomainError(f"{op.name}({', '.join(operands)}): {op.domain or 'no real result'}")


def _finish(v: Value, op: Op, parents: tuple, local: tuple, attr) -> Value:
    """The slow end of every op: under no_grad, or checking for anomalies."""
    if modes.anomaly and not math.isfinite(v.data):
        inputs = ", ".join(repr(p.data) for p in parents)
        raise modes.AnomalyError(f"{op.name}({inputs}) produced {v.data} in the forward pass")
    if modes.grad_enabled:
        v.op, v.parents, v._local, v._attr = op, parents, local, attr
    else:
        v.op, v.parents, v._local, v._attr = None, (), (), None
    return v


# --- generating the operators from the table -------------------------------------------
# One factory per kind of signature; each returns a function that evaluates the op's
# rule on floats and records a node. They are the forward pass's hot path, so the work
# is inlined: one call into the rule, one object, its parents tuple.

def _unary(op: Op) -> Callable[[Value], Value]:
    rule = op.rule

    def method(x: Value) -> Value:
        try:
            out, local = rule(FLOAT, x.data)
        except (ArithmeticError, ValueError):
            raise _domain_error(op, (x,), None) from None
        v = _new(Value)
        v.data = out
        v.grad = 0.0
        v.label = ""
        if modes.plain:
            v.op = op
            v.parents = (x,)
            v._local = local
            v._attr = None
            return v
        return _finish(v, op, (x,), local, None)
    return method


def _unary_with_attr(op: Op) -> Callable[[Value, float], Value]:
    rule = op.rule

    def method(x: Value, attr: float) -> Value:
        if type(attr) is not float:
            attr = _to_float(attr, op.name)
        try:
            out, local = rule(FLOAT, x.data, attr)
        except (ArithmeticError, ValueError):
            raise _domain_error(op, (x,), attr) from None
        v = _new(Value)
        v.data = out
        v.grad = 0.0
        v.label = ""
        if modes.plain:
            v.op = op
            v.parents = (x,)
            v._local = local
            v._attr = attr
            return v
        return _finish(v, op, (x,), local, attr)
    return method


def _binary(op: Op) -> Callable[[Value, object], Value]:
    rule = op.rule

    def method(x, y) -> Value:
        if type(y) is not Value:
            y = _leaf(y) if type(y) is float else as_value(y, op)
        if type(x) is not Value:
            x = _leaf(x) if type(x) is float else as_value(x, op)
        try:
            out, local = rule(FLOAT, x.data, y.data)
        except (ArithmeticError, ValueError):
            raise _domain_error(op, (x, y), None) from None
        v = _new(Value)
        v.data = out
        v.grad = 0.0
        v.label = ""
        if modes.plain:
            v.op = op
            v.parents = (x, y)
            v._local = local
            v._attr = None
            return v
        return _finish(v, op, (x, y), local, None)
    return method


def _n_ary(op: Op) -> Callable[[Iterable], Value]:
    rule = op.rule

    def function(xs: Iterable) -> Value:
        parents = tuple([x if type(x) is Value else as_value(x, op) for x in xs])
        try:
            out, local = rule(FLOAT, *[p.data for p in parents])
        except (ArithmeticError, ValueError):
            raise _domain_error(op, parents, None) from None
        return _finish(_leaf(out, Value), op, parents, local, None)
    return function


_KIND = {1: _unary, 2: _binary, -1: _n_ary}
apply: dict[str, Callable] = {
    name: (_unary_with_attr(op) if op.attr else _KIND[op.arity](op)) for name, op in OPS.items()}
"""``apply[op_name](...)``: the op applied to Values (and numbers) as a graph node."""


def _reflected(f: Callable) -> Callable:
    def method(self, other):
        return f(other, self)
    return method


_pow_number, _pow_value = apply["pow"], apply["pow_value"]


def _power(x: Value, exponent) -> Value:
    if type(exponent) is Value or isinstance(exponent, Value):
        return _pow_value(x, exponent)
    return _pow_number(x, exponent)


for _name, _symbol in (("add", "add"), ("sub", "sub"), ("mul", "mul"), ("div", "truediv")):
    setattr(Value, f"__{_symbol}__", apply[_name])
    setattr(Value, f"__r{_symbol}__", _reflected(apply[_name]))
Value.__neg__ = apply["neg"]
Value.__pow__ = _power
Value.__rpow__ = _reflected(_pow_value)
Value.__abs__ = apply["abs"]
for _name in ("exp", "log", "sqrt", "tanh", "sigmoid", "relu", "softplus", "abs", "sin", "cos"):
    setattr(Value, _name, apply[_name])
    setattr(VALUE, _name, staticmethod(apply[_name]))
Value.leaky_relu = lambda self, slope=0.01: apply["leaky_relu"](self, slope)
Value.elu = lambda self, alpha=1.0: apply["elu"](self, alpha)
VALUE.pow = staticmethod(lambda base, exponent: base ** exponent)
VALUE.expm1 = staticmethod(lambda v: apply["exp"](v) - 1.0)
