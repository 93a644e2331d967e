"""The engines behind one small interface, so each workload is written once.

tracegrad and the minimal local-gradients engine (``localgrad.py``) are always there;
micrograd (the ``bench`` extra) and torch (the ``torch`` extra) are used when importable.
Torch runs on scalar float64 tensors on the CPU, one thread, which is what a scalar engine
is compared with.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import autograd


@dataclass(frozen=True)
class Engine:
    name: str
    leaf: Callable[[float], object]              # a new input / parameter
    relu: Callable[[object], object]
    backward: Callable[[object], None]
    grad: Callable[[object], float]
    data: Callable[[object], float]
    set_data: Callable[[object, float], None]
    zero_grad: Callable[[object], None]
    add_all: Callable | None = None              # one n-ary sum node, if the engine has it
    dot: Callable | None = None                  # one n-ary dot node, if the engine has it
    recursive_backward: bool = False             # its topological sort recurses per node


def _tracegrad() -> Engine:
    def set_grad_zero(v):
        v.grad = 0.0

    def set_data(v, x):
        v.data = x

    return Engine("tracegrad", autograd.Value, lambda v: v.relu(), lambda y: y.backward(),
                  lambda v: v.grad, lambda v: v.data, set_data, set_grad_zero,
                  add_all=autograd.sum, dot=autograd.dot)


def _localgrad() -> Engine:
    from localgrad import Value

    def set_grad_zero(v):
        v.grad = 0

    def set_data(v, x):
        v.data = x

    return Engine("localgrad", Value, lambda v: v.relu(), lambda y: y.backward(),
                  lambda v: float(v.grad), lambda v: float(v.data), set_data, set_grad_zero,
                  recursive_backward=True)


def _micrograd() -> Engine | None:
    try:
        from micrograd.engine import Value
    except ImportError:
        return None

    def set_grad_zero(v):
        v.grad = 0

    def set_data(v, x):
        v.data = x

    return Engine("micrograd", Value, lambda v: v.relu(), lambda y: y.backward(),
                  lambda v: float(v.grad), lambda v: float(v.data), set_data, set_grad_zero,
                  recursive_backward=True)


def _torch() -> Engine | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)

    def leaf(x):
        return torch.tensor(float(x), dtype=torch.float64, requires_grad=True)

    def grad(v):
        return 0.0 if v.grad is None else v.grad.item()

    def set_data(v, x):
        with torch.no_grad():
            v.fill_(x)

    def zero_grad(v):
        v.grad = None

    def vector(values):
        return torch.stack([v if isinstance(v, torch.Tensor)
                            else torch.tensor(float(v), dtype=torch.float64) for v in values])

    return Engine("torch", leaf, torch.relu, lambda y: y.backward(), grad,
                  lambda v: v.item(), set_data, zero_grad,
                  add_all=lambda vs: vector(vs).sum(),
                  dot=lambda a, b: torch.dot(vector(a), vector(b)))


def available() -> list[Engine]:
    """tracegrad first, the local-gradients engine, then whichever of micrograd and torch
    are installed."""
    return [e for e in (_tracegrad(), _localgrad(), _micrograd(), _torch()) if e is not None]


def missing() -> list[str]:
    names = {e.name for e in available()}
    return [n for n in ("micrograd", "torch") if n not in names]


@contextmanager
def recursion_limit(engine: Engine, depth: int):
    """micrograd's backward recurses once per node of a chain: give it room for ``depth``
    (only where a workload says so; the deep-chain workload keeps the default)."""
    before = sys.getrecursionlimit()
    if engine.recursive_backward:
        sys.setrecursionlimit(max(before, depth + 1000))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
