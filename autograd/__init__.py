"""tracegrad's engine: scalar reverse-mode autograd that makes backpropagation visible.

>>> from autograd import Value
>>> x = Value(0.5, label="x")
>>> y = (x * 3 + 1).tanh()
>>> y.backward()
>>> round(x.grad, 4)                # 3 * (1 - tanh(2.5)**2)
0.0798

Where things are:

* ``autograd/ops.py``      -- the op table: every op's forward, local derivative, symbol;
* ``autograd/custom_ops.py`` -- ``register_op``: add an op to the table;
* ``autograd/value.py``    -- the ``Value`` node and the operators that apply ops;
* ``autograd/backward.py`` -- the chain rule, ``backward``, ``grad``;
* ``autograd/closures.py`` -- micrograd's ``Value(data, _children, _op)`` and ``_backward``;
* ``autograd/numpy_interop.py`` -- Values in numpy object arrays;
* ``autograd/modes.py``    -- ``no_grad``, ``detect_anomaly`` and ``scope``, per thread;
* ``autograd/copying.py``  -- ``deepcopy`` and ``pickle`` of graphs, at any depth;
* ``autograd/tracer.py``   -- ``trace``: a graph to list, step through, replay and save;
* ``autograd/text.py``     -- ``visible``: labels as listings and diagrams show them;
* ``autograd/symbolic.py``, ``autograd/codegen.py`` -- a graph written out as a Python
  program (``Graph.to_python``) and run on floats, NumPy arrays or tensors (``compile``);
* ``autograd/testing.py``  -- ``gradcheck`` against finite differences, and the checks of
  students' exercise answers against a reference;
* ``autograd/exercises/`` -- ``python -m autograd.exercises release`` / ``grade`` (teachers);
* ``autograd/examples.py`` -- small labelled graphs (micrograd's lecture neuron);
* ``autograd/_core.py``    -- whether modes, ops, value and backward run compiled by Cython
  from their source (``autograd.compiled``; ``TRACEGRAD_PURE=1`` forces pure Python).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# first: _core decides whether the engine's modules load compiled or from their source
from ._core import compiled, compiled_why
from .backward import backward, backward_order, grad, gradients, zero_grad
from .custom_ops import register_op, unregister_op
from .modes import (
    AnomalyError,
    current_scope,
    detect_anomaly,
    enable_grad,
    is_grad_enabled,
    no_grad,
    scope,
)
from .ops import OPS, DomainError, Op
from .symbolic import CodegenError
from .tracer import Graph, GraphFormatError, trace, trace_fn
from .value import Value, apply

__all__ = [
    "Value", "Op", "OPS", "sum", "dot", "backward", "grad", "zero_grad", "no_grad",
    "enable_grad", "is_grad_enabled", "detect_anomaly", "AnomalyError", "DomainError",
    "backward_order", "gradients", "apply", "scope", "current_scope", "trace", "trace_fn",
    "Graph", "GraphFormatError", "register_op", "unregister_op", "CodegenError", "compiled",
    "compiled_why",
]


def sum(values: Iterable) -> Value:  # noqa: A001 - the name users expect, as numpy.sum
    """One n-ary node adding all ``values`` (Values or numbers), not a chain of n-1 adds.

    >>> sum([Value(1.0), 2, Value(3.0)]).data
    6.0
    """
    values = list(values)
    if not values:
        raise ValueError("autograd.sum: needs at least one value")
    return apply["sum"](values)


def dot(a: Sequence, b: Sequence) -> Value:
    """One node for ``a[0]*b[0] + a[1]*b[1] + ...`` with 2n parents.

    >>> dot([Value(1.0), Value(2.0)], [3, 4]).data
    11.0
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"autograd.dot: lengths differ ({len(a)} and {len(b)})")
    if not a:
        raise ValueError("autograd.dot: needs at least one pair")
    return apply["dot"](a + b)

