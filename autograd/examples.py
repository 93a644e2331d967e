"""Small graphs used across the docs, the demo, the notebooks and the tests.

>>> o, inputs = neuron()
>>> round(o.data, 4), [v.label for v in inputs]
(0.7071, ['x1', 'x2', 'w1', 'w2', 'b'])
"""

from __future__ import annotations

from .value import Value

__all__ = ["neuron"]


def neuron() -> tuple[Value, tuple[Value, ...]]:
    """micrograd's lecture neuron ``o = tanh(x1*w1 + x2*w2 + b)``, every node labelled
    (``n`` is the pre-activation); returns ``o`` and ``(x1, x2, w1, w2, b)``. The bias
    makes ``n = 0.8814`` so that ``o = 1/sqrt(2)`` and ``do/dn = 0.5``."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o, (x1, x2, w1, w2, b)
