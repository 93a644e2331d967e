"""Dropout and batch normalisation over a mini-batch of Value vectors."""

from __future__ import annotations

import math
from collections.abc import Sequence

import autograd
from autograd import Value

from .init import rng_from
from .module import Module

__all__ = ["Dropout", "BatchNorm"]


class Dropout(Module):
    """In training, zero each value with probability p and scale the rest by 1/(1-p)
    (inverted dropout); in eval mode, the identity."""

    def __init__(self, p: float = 0.5, seed=None) -> None:
        if not isinstance(p, (int, float)) or isinstance(p, bool) or not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout: p must be in [0, 1), got {p!r}")
        self.p = p
        self._rng = rng_from(seed if seed is not None else 0)

    def forward(self, x: Sequence[Value]) -> list[Value]:
        if not self.training or self.p == 0.0:
            return list(x)
        keep = self._rng.random(len(x)) >= self.p
        scale = 1.0 / (1.0 - self.p)
        return [v * scale if k else v * 0.0 for v, k in zip(x, keep)]

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


class BatchNorm(Module):
    """Normalise each feature over a mini-batch: gamma (x - mean) / sqrt(var + eps) + beta.

    Training uses the batch's mean and (biased) variance and updates running statistics
    (running = (1 - momentum) running + momentum batch, with the unbiased variance, as
    PyTorch); eval mode uses the running statistics.
    """

    def __init__(self, features: int, momentum: float = 0.1, eps: float = 1e-5) -> None:
        if not isinstance(features, int) or isinstance(features, bool) or features < 1:
            raise ValueError(f"BatchNorm: features must be a positive int, got {features!r}")
        if not (isinstance(momentum, (int, float)) and 0.0 <= momentum <= 1.0):
            raise ValueError(f"BatchNorm: momentum must be in [0, 1], got {momentum!r}")
        if not (isinstance(eps, (int, float)) and 0.0 < eps < math.inf):
            raise ValueError(f"BatchNorm: eps must be a positive number, got {eps!r}")
        self.gamma = [Value(1.0) for _ in range(features)]
        self.beta = [Value(0.0) for _ in range(features)]
        self._running_mean = [0.0] * features
        self._running_var = [1.0] * features
        self.momentum, self.eps = momentum, eps

    def forward(self, batch: Sequence[Sequence]) -> list[list[Value]]:
        batch = [list(row) for row in batch]
        n, features = len(batch), len(self.gamma)
        if any(len(row) != features for row in batch):
            raise ValueError(f"BatchNorm: every row needs {features} features")
        columns = list(zip(*batch))
        out_columns = []
        for j, column in enumerate(columns):
            if self.training:
                if n < 2:
                    raise ValueError("BatchNorm: training needs a batch of at least 2 rows")
                mean = autograd.sum(column) * (1.0 / n)
                var = autograd.sum([(x - mean) ** 2 for x in column]) * (1.0 / n)
                m = self.momentum
                self._running_mean[j] = (1 - m) * self._running_mean[j] + m * float(mean)
                self._running_var[j] = (1 - m) * self._running_var[j] + m * float(var) * n / (n - 1)
                scale = self.gamma[j] / (var + self.eps).sqrt()
            else:
                mean = self._running_mean[j]
                scale = self.gamma[j] * (1.0 / math.sqrt(self._running_var[j] + self.eps))
            out_columns.append([(x - mean) * scale + self.beta[j] for x in column])
        return [list(row) for row in zip(*out_columns)]

    def buffers(self) -> dict[str, list[float]]:
        return {"running_mean": self._running_mean, "running_var": self._running_var}

    def check_buffer(self, name: str, value: float) -> str | None:
        return "a variance is never negative" if name == "running_var" and value < 0 else None

    def __repr__(self) -> str:
        return f"BatchNorm({len(self.gamma)})"
