"""Checking gradients against central finite differences, with feedback for students.

>>> from autograd.testing import gradcheck
>>> gradcheck(lambda x, y: (x * y).tanh(), [0.3, -1.2])
True

``check_local_derivative(rule, points)`` checks one op's rule (as written in
``autograd/ops.py`` or in an exercise); ``check_backward(f, inputs)`` checks every node of a
graph and names the node whose local derivative is wrong. Both explain a failure in words
(the node, the analytic and numeric values, where to look) and report a rule that still
raises ``NotImplementedError`` as not done yet.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from collections.abc import Callable as _Callable

from .backward import gradients
from .modes import no_grad
from .ops import FLOAT, Op
from .tracer import trace
from .value import _FACTORY, Value

__all__ = ["gradcheck", "numeric_gradients", "check_local_derivative", "check_backward",
           "op_function", "NotDoneYet"]


class NotDoneYet(AssertionError):
    """An exercise function that still raises NotImplementedError."""


def _close(a: float, n: float, atol: float, rtol: float) -> bool:
    return abs(a - n) <= atol + rtol * abs(n)  # written so that NaN fails


def _call_rule(rule: _Callable, name: str, args: list[float]):
    try:
        return rule(FLOAT, *args)
    except NotImplementedError as e:
        raise NotDoneYet(f"{name} is not done yet: {e}") from None


def check_local_derivative(rule: _Callable, points, *, name: str | None = None,
                           eps: float = 1e-6, atol: float = 1e-6, rtol: float = 1e-4) -> bool:
    """Check ``rule(F, *args) -> (value, local_derivatives)`` at each point (a tuple of
    floats): each local derivative must match the central difference of the rule's own
    value. Returns True, or raises an AssertionError saying which derivative is wrong.

    >>> def square(F, a):
    ...     return a * a, (2 * a,)
    >>> check_local_derivative(square, [(3.0,), (-0.5,)])
    True
    """
    name = name or getattr(rule, "__name__", "the rule")
    params = list(inspect.signature(rule).parameters)[1:]
    for point in points:
        args = [float(x) for x in point]
        result = _call_rule(rule, name, args)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise AssertionError(f"{name} must return (value, local_derivatives), got {result!r}")
        value, local = result
        if len(local) != len(args):
            raise AssertionError(f"{name} returned {len(local)} local derivatives for "
                                 f"{len(args)} arguments: give one per argument")
        for i, d in enumerate(local):
            up, down = args.copy(), args.copy()
            up[i] += eps
            down[i] -= eps
            numeric = (_call_rule(rule, name, up)[0] - _call_rule(rule, name, down)[0]) / (2 * eps)
            if not _close(float(d), numeric, atol, rtol):
                arg = params[i] if i < len(params) and not params[i].startswith("*") else f"#{i}"
                at = ", ".join(f"{p}={x!r}" for p, x in zip(params, args))
                raise AssertionError(
                    f"the local derivative of {name} with respect to {arg} is wrong at "
                    f"({at}): your rule gives {float(d)!r}, central finite differences "
                    f"give {numeric!r}. Look at local derivative #{i} in what {name} "
                    f"returns: (value, (d value/d {', d value/d '.join(params)}))")
    return True


def op_function(name: str, rule: _Callable, arity: int = 1, symbol: str | None = None):
    """A function applying a rule to Values, as the built-in ops are applied: for trying
    out an exercise's rule inside a graph (it is not added to the op table)."""
    return _FACTORY[arity](Op(name, symbol or name, arity, rule, "an exercise's rule"))


def check_backward(f: _Callable, inputs, *, eps: float = 1e-6, atol: float = 1e-5,
                   rtol: float = 1e-3) -> bool:
    """Build ``f(*inputs)``, then check every node's local derivatives against finite
    differences of its own op (so a wrong one is named: node, op, values, where to look),
    and finally every input's gradient against finite differences of ``f``.

    >>> check_backward(lambda x, y: (x * y + 1).tanh(), [0.5, -2.0])
    True
    """
    names = list(inspect.signature(f).parameters)
    names += [f"x{i}" for i in range(len(names), len(inputs))]
    leaves = [Value(float(x), label=n) for n, x in zip(names, inputs)]
    try:
        out = f(*leaves)
    except NotImplementedError as e:
        raise NotDoneYet(f"{getattr(f, '__name__', 'f')} is not done yet: {e}") from None
    if not isinstance(out, Value):
        raise AssertionError(f"{getattr(f, '__name__', 'f')} must return a Value, "
                             f"got {type(out).__name__}")
    graph = trace(out)
    for node in graph:
        if node.op is None:
            continue
        args = [graph[a].data if type(a) is int else a for a in node.args]
        for i, (a, d) in enumerate(zip(node.args, node.local_grads)):
            if type(a) is not int:
                continue
            up, down = args.copy(), args.copy()
            up[i] += eps
            down[i] -= eps
            rule = node.op.rule
            numeric = (rule(FLOAT, *up)[0] - rule(FLOAT, *down)[0]) / (2 * eps)
            if not _close(float(d), numeric, atol, rtol):
                shown = ", ".join(f"%{x}" if type(x) is int else repr(x) for x in node.args)
                label = f" [{node.label}]" if node.label else ""
                raise AssertionError(
                    f"node %{node.id} = {node.op.name}({shown}){label}: its local derivative "
                    f"with respect to %{a} ({graph[a].label or 'argument ' + str(i)}) is "
                    f"{float(d)!r}, but finite differences of {node.op.name} at "
                    f"{tuple(args)} give {numeric!r}. Look at the local derivatives the rule "
                    f"for {node.op.name!r} returns.")
    analytic = [float(g) for g in gradients(out, leaves)]
    numeric = numeric_gradients(f, [v.data for v in leaves], eps)
    for leaf, a, n in zip(leaves, analytic, numeric):
        if not _close(a, n, 100 * atol, rtol) and not math.isnan(n):
            raise AssertionError(f"d output / d {leaf.label} is {a!r} by backward() but "
                                 f"{n!r} by finite differences: every local derivative is "
                                 "right, so look at how they are combined (the chain rule)")
    return True


def _call(f: Callable, xs: Sequence[float]) -> float:
    with no_grad():
        out = f(*[Value(x) for x in xs])
    return float(out)


def numeric_gradients(f: Callable, inputs: Sequence[float], eps: float = 1e-6) -> list[float]:
    """Central differences ``(f(x + eps) - f(x - eps)) / (2 eps)``, one input at a time."""
    xs = [float(x) for x in inputs]
    result = []
    for i in range(len(xs)):
        up, down = xs.copy(), xs.copy()
        up[i] += eps
        down[i] -= eps
        result.append((_call(f, up) - _call(f, down)) / (2 * eps))
    return result


def gradcheck(f: Callable, inputs: Sequence[float | Value], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    """Compare autograd's gradients of ``f(*inputs)`` with central finite differences.

    ``f`` takes one Value per input and returns a Value. An input passes when
    ``|analytic - numeric| <= atol + rtol * |numeric|``. Returns True, or raises an
    AssertionError that lists every input with its analytic and numeric gradient and
    their relative error.
    """
    xs = [float(x) for x in inputs]
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(out).__name__}")
    analytic = [float(g) for g in gradients(out, leaves)]
    numeric = numeric_gradients(f, xs, eps)
    rows, failed = [], False
    for i, (x, a, n) in enumerate(zip(xs, analytic, numeric)):
        bad = not abs(a - n) <= atol + rtol * abs(n)  # written so that NaN fails
        failed |= bad
        rel = abs(a - n) / max(abs(n), 1e-12)
        rows.append(f"  {'FAIL' if bad else 'ok  '} input {i} = {x!r}: analytic {a!r}, "
                    f"numeric {n!r}, relative error {rel:.3g}")
    if failed:
        name = getattr(f, "__name__", "f")
        raise AssertionError(f"gradcheck failed for {name} (eps={eps}, atol={atol}, "
                             f"rtol={rtol}):\n" + "\n".join(rows))
    return True
