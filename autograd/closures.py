"""micrograd's extension idiom: a node built as ``Value(data, _children, _op)`` whose
``_backward`` is then assigned a closure.

::

    def tanh(self):                              # micrograd-style, outside the class
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")
        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

Such a node holds its children as arguments (each once, as micrograd's ``_prev`` set)
and an :class:`~autograd.ops.Op` named after its ``_op`` string, so listings, diagrams
and the player show it like any other node; ``backward()`` runs its closure at its turn
in reverse topological order. Its local derivatives are not stored: they are read off the
closure when asked for (:func:`probe`). What a closure cannot give is a rule: the tape
cannot re-evaluate the node, and ``create_graph`` cannot differentiate it again. Define
the op with :func:`autograd.register_op` to get those.

The closure refers to its own node (``out``), so each such node is a reference cycle,
freed by Python's cyclic garbage collector rather than at once: this is micrograd's cost,
and the reason the op table stores numbers instead of closures.

>>> from autograd import Value
>>> x = Value(0.5)
>>> out = Value(x.data * 3, (x,), "*3")
>>> def _backward():
...     x.grad += 3 * out.grad
>>> out._backward = _backward
>>> out.backward(); x.grad
3.0
"""

from __future__ import annotations

from .ops import Op

__all__ = ["ClosureOp", "closure_op", "is_closure", "probe", "written"]


class ClosureOp(Op):
    """The op of micrograd-style nodes with one ``_op`` string (name and symbol alike).
    Copied and pickled by its symbol, never looked up in the op table."""

    __slots__ = ()

    def __reduce__(self) -> tuple:
        return (closure_op, (self.symbol,))


_OPS: dict[str, ClosureOp] = {}


def _no_rule(F, *args):
    raise TypeError("this node was made by a micrograd-style _backward closure, not by a "
                    "rule of the op table, so it cannot be re-evaluated (tape replay, "
                    "create_graph, check_backward): define the op with "
                    "autograd.register_op to get all of these")


def closure_op(symbol: str) -> ClosureOp:
    """The Op of nodes built as ``Value(data, children, symbol)``: one per symbol."""
    op = _OPS.get(symbol)
    if op is None:
        name = symbol or "closure"
        op = _OPS[symbol] = ClosureOp(name, name, -1, _no_rule,
                                      "a micrograd-style _backward closure")
    return op


def is_closure(op: Op | None) -> bool:
    """True for the op of a node built micrograd's way (see :func:`closure_op`)."""
    return type(op) is ClosureOp


_OPERATOR = set("+-*/%@^&|<>=!~")


def written(symbol: str, parts: list[str]) -> str | None:
    """A micrograd ``_op`` applied to its operands as micrograd's symbol suggests:
    infix for an operator (``'+'``), postfix for an operator with its constant
    (``'**2'``); None for a name (``'tanh'``), written as a call. A negative operand is
    put in parentheses where it would misread.

    >>> written("**2", ["%10"]), written("**2", ["-2.5"]), written("+", ["a", "-1"])
    ('%10**2', '(-2.5)**2', 'a + (-1)')
    >>> written("tanh", ["%1"]) is None
    True
    """
    if not symbol or symbol[0] not in _OPERATOR or not parts:
        return None
    def operand(p: str, first: bool) -> str:
        return f"({p})" if p.startswith("-") and not first else p
    if all(c in _OPERATOR for c in symbol):
        if len(parts) < 2:
            return None
        return f" {symbol} ".join(operand(p, i == 0) for i, p in enumerate(parts))
    if len(parts) == 1:
        return operand(parts[0], False) + symbol
    return None


def probe(node, closure) -> tuple[float, ...]:
    """d node / d child for each child, read off ``closure``: it is run once with
    ``node.grad = 1`` and every child's grad at 0, then every grad is put back.

    Exact for a closure that adds ``local * out.grad`` into each child's grad, as chain
    rule closures do; a closure writing into nodes other than its children would change
    them, as it does in ``backward()``.
    """
    children = node._a
    saved = [c.grad for c in children]
    own = node.grad
    try:
        for c in children:
            c.grad = 0.0
        node.grad = 1.0
        closure()
        return tuple(float(c.grad) for c in children)
    finally:
        node.grad = own
        for c, g in zip(children, saved):
            c.grad = g
