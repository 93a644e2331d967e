"""Optimizers (SGD with momentum/Nesterov/weight decay, RMSProp, Adam, AdamW) and
gradient clipping. The update rules are PyTorch's; each optimizer keeps its state (step
count, moment estimates) in a ``state_dict()``.

``lr`` is a number or a schedule from ``nn.schedules`` (a function of the step number,
0-based, evaluated at each ``step()``).

>>> from autograd import Value
>>> w = Value(1.0); (w * w).backward()
>>> opt = SGD([w], lr=0.1); opt.step(); w.data
0.8
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd import Value

__all__ = ["Optimizer", "SGD", "RMSProp", "Adam", "AdamW", "clip_grad_value", "clip_grad_norm",
           "grad_norm"]


class Optimizer:
    """Holds the parameters and the step count; subclasses write ``update``."""

    def __init__(self, params: Sequence[Value], lr: float | Callable[[int], float]) -> None:
        self.params = list(params)
        if not self.params or not all(type(p) is Value for p in self.params):
            raise TypeError(f"{type(self).__name__}: params must be a non-empty list of Values")
        if not callable(lr) and not (isinstance(lr, (int, float)) and lr > 0):
            raise ValueError(f"{type(self).__name__}: lr must be a positive number or a "
                             f"schedule, got {lr!r}")
        self.lr = lr
        self.steps = 0
        self.state: dict[str, list[float]] = {}

    @property
    def current_lr(self) -> float:
        """The learning rate the next ``step()`` uses."""
        return float(self.lr(self.steps)) if callable(self.lr) else float(self.lr)

    def _buffer(self, name: str) -> list[float]:
        return self.state.setdefault(name, [0.0] * len(self.params))

    def step(self) -> None:
        """Update every parameter from its ``grad``."""
        lr = self.current_lr
        self.steps += 1
        for i, p in enumerate(self.params):
            p.data -= self.update(i, float(p.grad), p.data, lr)

    def update(self, i: int, g: float, w: float, lr: float) -> float:
        raise NotImplementedError

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = 0.0

    def state_dict(self) -> dict:
        return {"steps": self.steps, "state": {k: list(v) for k, v in self.state.items()}}

    def load_state_dict(self, state: dict) -> None:
        buffers = state.get("state", {})
        if not isinstance(state.get("steps"), int) or any(
                len(v) != len(self.params) for v in buffers.values()):
            raise ValueError(f"{type(self).__name__}: state does not fit {len(self.params)} "
                             "parameters")
        self.steps = state["steps"]
        self.state = {k: [float(x) for x in v] for k, v in buffers.items()}


class SGD(Optimizer):
    """w -= lr * g, with g = grad + weight_decay * w; momentum keeps
    buf = momentum * buf + g (buf = g at the first step), and Nesterov uses
    g + momentum * buf in place of buf."""

    def __init__(self, params, lr=0.01, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        if nesterov and momentum <= 0:
            raise ValueError("SGD: Nesterov needs momentum > 0")
        self.momentum, self.nesterov, self.weight_decay = momentum, nesterov, weight_decay

    def update(self, i, g, w, lr):
        g += self.weight_decay * w
        if self.momentum:
            buf = self._buffer("momentum")
            buf[i] = g if self.steps == 1 else self.momentum * buf[i] + g
            g = g + self.momentum * buf[i] if self.nesterov else buf[i]
        return lr * g


class RMSProp(Optimizer):
    """v = alpha v + (1 - alpha) g^2;  w -= lr g / (sqrt(v) + eps)."""

    def __init__(self, params, lr=0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        self.alpha, self.eps, self.weight_decay = alpha, eps, weight_decay

    def update(self, i, g, w, lr):
        g += self.weight_decay * w
        v = self._buffer("square_avg")
        v[i] = self.alpha * v[i] + (1 - self.alpha) * g * g
        return lr * g / (math.sqrt(v[i]) + self.eps)


class Adam(Optimizer):
    """m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
    w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps). ``weight_decay`` adds
    weight_decay * w to g (L2), as torch.optim.Adam."""

    decoupled = False

    def __init__(self, params, lr=0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay

    def update(self, i, g, w, lr):
        b1, b2 = self.betas
        decay = 0.0
        if self.decoupled:
            decay = lr * self.weight_decay * w
        else:
            g += self.weight_decay * w
        m, v = self._buffer("exp_avg"), self._buffer("exp_avg_sq")
        m[i] = b1 * m[i] + (1 - b1) * g
        v[i] = b2 * v[i] + (1 - b2) * g * g
        t = self.steps
        m_hat, v_hat = m[i] / (1 - b1 ** t), v[i] / (1 - b2 ** t)
        return decay + lr * m_hat / (math.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay: w -= lr * weight_decay * w, apart from the
    gradient (torch.optim.AdamW; default weight_decay 0.01)."""

    decoupled = True

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay: float = 0.01) -> None:
        super().__init__(params, lr, betas, eps, weight_decay)


def grad_norm(params: Sequence[Value]) -> float:
    """The global L2 norm of the parameters' gradients."""
    return math.sqrt(sum(float(p.grad) ** 2 for p in params))


def clip_grad_value(params: Sequence[Value], clip: float) -> None:
    """Clamp every gradient to [-clip, clip]."""
    for p in params:
        p.grad = max(-clip, min(clip, float(p.grad)))


def clip_grad_norm(params: Sequence[Value], max_norm: float) -> float:
    """Scale all gradients so their global norm is at most ``max_norm`` (as
    torch.nn.utils.clip_grad_norm_); returns the norm before clipping."""
    norm = grad_norm(params)
    scale = max_norm / (norm + 1e-6)
    if scale < 1.0:
        for p in params:
            p.grad = float(p.grad) * scale
    return norm
