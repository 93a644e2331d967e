"""Activations by name (the layer option), and softmax / log-softmax over a list.

>>> from autograd import Value
>>> [round(p.data, 4) for p in softmax([Value(1.0), Value(2.0)])]
[0.2689, 0.7311]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import autograd
from autograd import Value

__all__ = ["ACTIVATIONS", "activation", "softmax", "log_softmax"]

ACTIVATIONS: dict[str, Callable[[Value], Value]] = {
    "relu": Value.relu,
    "leaky_relu": Value.leaky_relu,
    "elu": Value.elu,
    "sigmoid": Value.sigmoid,
    "tanh": Value.tanh,
    "linear": lambda v: v,
}


def activation(name: str) -> Callable[[Value], Value]:
    """The activation function called ``name``; a ValueError lists the choices."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; choose one of "
                         f"{', '.join(ACTIVATIONS)}") from None


def log_softmax(values: Sequence) -> list[Value]:
    """``x_i - log(sum_j e^{x_j})``, computed stably: the max is subtracted first."""
    values = list(values)
    if not values:
        raise ValueError("log_softmax: needs at least one value")
    top = max(v.data if isinstance(v, Value) else float(v) for v in values)
    log_sum = autograd.sum([(v - top).exp() for v in values]).log() + top
    return [v - log_sum for v in values]


def softmax(values: Sequence) -> list[Value]:
    """``e^{x_i} / sum_j e^{x_j}``, computed stably (no overflow for large inputs)."""
    values = list(values)
    if not values:
        raise ValueError("softmax: needs at least one value")
    top = max(v.data if isinstance(v, Value) else float(v) for v in values)
    exps = [(v - top).exp() if isinstance(v, Value) else Value(float(v) - top).exp()
            for v in values]
    total = autograd.sum(exps)
    return [e / total for e in exps]
