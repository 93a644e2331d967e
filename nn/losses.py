"""Losses: each takes predictions and targets and returns one Value (the mean).

Predictions are Values (or lists of Values per sample for cross-entropy); targets are
numbers. Lengths must match. Each loss also knows how to score accuracy where that
means something (``LOSSES[name].accuracy``), which ``nn.fit`` reports.

>>> from autograd import Value
>>> mse([Value(1.0), Value(3.0)], [0.0, 3.0]).data
0.5
"""

from __future__ import annotations

import math
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


# PyTorch's binary_cross_entropy: each log is clamped at -100, and the gradient is
# (p - t) / max(p (1 - p), eps) with eps = 1e-12 rounded to float32, as its kernel.
_LOG_FLOOR = -100.0
_BCE_EPS = 9.999999960041972e-13


def _target(name: str, i: int, t, allowed: str) -> float:
    """Target ``t`` (sample ``i``) as a float, checked against ``allowed``:
    "0..1" (a probability) or "-1,1" (a sign label)."""
    try:
        x = float(t)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: target {i} is {t!r}, not a number") from None
    ok = 0.0 <= x <= 1.0 if allowed == "0..1" else x in (-1.0, 1.0)
    if not ok:
        want = "between 0 and 1" if allowed == "0..1" else "-1 or 1 (not 0/1: use bce)"
        raise ValueError(f"{name}: targets must be {want}; target {i} is {t!r}")
    return x


def bce(probabilities, targets) -> Value:
    """Binary cross-entropy on probabilities p in [0, 1]; targets in [0, 1].

    As PyTorch: each log is clamped at -100 (the loss stays finite at p = 0 or 1), and a
    confidently wrong p still gets a large finite gradient, (p - t) / max(p (1 - p), 1e-12).
    NaN probabilities give a NaN loss.

    >>> from autograd import Value
    >>> p = Value(0.0); loss = bce([p], [1]); loss.backward()
    >>> loss.data, p.grad < -1e11
    (100.0, True)
    """
    terms = []
    for i, (p, t) in enumerate(_pairs(probabilities, targets, "bce")):
        t = _target("bce", i, t, "0..1")
        x = p.data
        if x < 0.0 or x > 1.0:
            raise ValueError(f"bce: probabilities must be between 0 and 1; prediction {i} is "
                             f"{x!r} (use bce_with_logits for logits)")
        if not x * (1.0 - x) < _BCE_EPS:      # the exact formula (NaN included)
            log_q = (1 - p).log()
            lost = math.log1p(-x) - log_q.data  # the digits 1 - p rounds away at a small p
            if lost:                            # (1e-9: log1p gives -1.0000000005e-9)
                log_q = log_q + lost
            terms.append(-(t * p.log() + (1 - t) * log_q))
            continue
        # within 1e-12 of 0 or 1: PyTorch's clamped value, with its gradient as the slope
        log_p = max(math.log(x), _LOG_FLOOR) if x > 0.0 else _LOG_FLOOR
        log_q = max(math.log1p(-x), _LOG_FLOOR) if x < 1.0 else _LOG_FLOOR
        value = -(t * log_p + (1 - t) * log_q)
        slope = (x - t) / max(x * (1.0 - x), _BCE_EPS)
        terms.append((p - x) * slope + value)
    return _mean(terms)


def bce_with_logits(logits, targets) -> Value:
    """Binary cross-entropy on logits z; targets in [0, 1]. Stable, as PyTorch:
    (1 - t) z + softplus(-z) for z >= 0 and softplus(z) - t z below, so no term cancels
    (at t = 1, z = 40 the loss is e^-40, not 0).

    >>> from autograd import Value
    >>> bce_with_logits([Value(40.0)], [1]).data
    4.248354255291589e-18
    """
    terms = []
    for i, (z, t) in enumerate(_pairs(logits, targets, "bce_with_logits")):
        t = _target("bce_with_logits", i, t, "0..1")
        terms.append((1 - t) * z + (-z).softplus() if z.data >= 0.0
                     else z.softplus() - t * z)
    return _mean(terms)


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
    """Max-margin loss, as micrograd's demo: mean of relu(1 - t s); targets -1 or 1
    (0/1 labels raise: with t = 0 a sample would never count)."""
    return _mean([(1 - _target("hinge", i, t, "-1,1") * s).relu()
                  for i, (s, t) in enumerate(_pairs(scores, targets, "hinge"))])


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
