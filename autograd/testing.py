"""Checking gradients against central finite differences.

>>> from autograd.testing import gradcheck
>>> gradcheck(lambda x, y: (x * y).tanh(), [0.3, -1.2])
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .backward import gradients
from .modes import no_grad
from .value import Value

__all__ = ["gradcheck", "numeric_gradients"]


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
