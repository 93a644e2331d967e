"""Losses: each takes predictions and targets and returns one Value (the mean).

Predictions are Values (or lists of Values per sample for cross-entropy); targets are
numbers. Lengths must match. Each loss also knows how to score accuracy where that
means something (``LOSSES[name].accuracy``), which ``nn.fit`` reports.

>>> from autograd import Value
>>> mse([Value(1.0), Value(3.0)], [0.0, 3.0]).data
0.5
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import autograd
from autograd import Value

from .activations import log_softmax

__all__ = ["mse", "mae", "huber", "bce", "bce_with_logits", "cross_entropy", "hinge",
           "LOSSES", "Loss"]


def _pairs(predictions, targets, name: str) -> list[tuple]:
    predictions = [predictions] if isinstance(predictions, Value) else list(predictions)
    targets = list(targets) if not isinstance(targets, (int, float)) else [targets]
    if len(predictions) != len(targets):
        raise ValueError(f"{name}: {len(predictions)} predictions but {len(targets)} targets")
    if not predictions:
        raise ValueError(f"{name}: no predictions")
    return list(zip(predictions, targets))


def _mean(terms: list) -> Value:
    return autograd.sum(terms) * (1.0 / len(terms))


def mse(predictions, targets) -> Value:
    """Mean of (p - t)^2."""
    return _mean([(p - float(t)) ** 2 for p, t in _pairs(predictions, targets, "mse")])


def mae(predictions, targets) -> Value:
    """Mean of |p - t|."""
    return _mean([abs(p - float(t)) for p, t in _pairs(predictions, targets, "mae")])


def huber(predictions, targets, delta: float = 1.0) -> Value:
    """Mean of 0.5 e^2 where |e| <= delta, else delta (|e| - 0.5 delta); e = p - t."""
    terms = []
    for p, t in _pairs(predictions, targets, "huber"):
        e = p - float(t)
        terms.append(0.5 * e * e if abs(e.data) <= delta else delta * (abs(e) - 0.5 * delta))
    return _mean(terms)


def bce(probabilities, targets, eps: float = 1e-7) -> Value:
    """Binary cross-entropy on probabilities, clamped to [eps, 1 - eps]; targets 0 or 1."""
    terms = []
    for p, t in _pairs(probabilities, targets, "bce"):
        if p.data < eps:       # clamp: the value is held, the gradient stops, as torch
            p = Value(eps)
        elif p.data > 1 - eps:
            p = Value(1 - eps)
        t = float(t)
        terms.append(-(t * p.log() + (1 - t) * (1 - p).log()))
    return _mean(terms)


def bce_with_logits(logits, targets) -> Value:
    """Binary cross-entropy on logits z, stable: softplus(z) - t z; targets 0 or 1."""
    return _mean([z.softplus() - float(t) * z for z, t in _pairs(logits, targets, "bce")])


def cross_entropy(logits: Sequence[Sequence[Value]], targets) -> Value:
    """Categorical cross-entropy on logits (one list per sample), via a stable
    log-softmax; a target is a class index or a one-hot list."""
    terms = []
    for row, t in _pairs(logits, targets, "cross_entropy"):
        log_p = log_softmax(row)
        if isinstance(t, (list, tuple)) or hasattr(t, "__len__"):
            if len(t) != len(log_p):
                raise ValueError(f"cross_entropy: one-hot target of length {len(t)} for "
                                 f"{len(log_p)} classes")
            terms.append(-autograd.dot(log_p, [float(x) for x in t]))
        else:
            k = int(t)
            if k != t or not 0 <= k < len(log_p):
                raise ValueError(f"cross_entropy: target {t!r} is not a class index "
                                 f"0..{len(log_p) - 1}")
            terms.append(-log_p[k])
    return _mean(terms)


def hinge(scores, targets) -> Value:
    """Max-margin loss, as micrograd's demo: mean of relu(1 - t s); targets -1 or 1."""
    return _mean([(1 - float(t) * s).relu() for s, t in _pairs(scores, targets, "hinge")])


def _sign_accuracy(predictions, targets) -> float:
    hits = [bool(p.data > 0) == bool(t > 0) for p, t in zip(predictions, targets)]
    return sum(hits) / len(hits)


def _half_accuracy(predictions, targets) -> float:
    hits = [bool(p.data > 0.5) == bool(t > 0.5) for p, t in zip(predictions, targets)]
    return sum(hits) / len(hits)


def _argmax_accuracy(predictions, targets) -> float:
    def label(t):
        return int(max(range(len(t)), key=t.__getitem__)) if hasattr(t, "__len__") else int(t)
    hits = [bool(max(range(len(row)), key=lambda i: row[i].data) == label(t))
            for row, t in zip(predictions, targets)]
    return sum(hits) / len(hits)


@dataclass(frozen=True)
class Loss:
    function: Callable[..., Value]
    accuracy: Callable[..., float] | None  # None: regression, accuracy means nothing


LOSSES: dict[str, Loss] = {
    "mse": Loss(mse, None), "mae": Loss(mae, None), "huber": Loss(huber, None),
    "bce": Loss(bce, _half_accuracy), "bce_with_logits": Loss(bce_with_logits, _sign_accuracy),
    "cross_entropy": Loss(cross_entropy, _argmax_accuracy), "hinge": Loss(hinge, _sign_accuracy),
}
