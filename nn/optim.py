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
from numbers import Real

from autograd import Value, zero_grad

__all__ = ["Optimizer", "SGD", "RMSProp", "Adam", "AdamW", "clip_grad_value", "clip_grad_norm",
           "grad_norm"]


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and not math.isnan(x)


def _check(owner: str, name: str, x, low: float, high: float = math.inf,
           open_high: bool = False) -> float:
    """``x`` as a float if it is a number in [low, high] ([low, high) with ``open_high``);
    otherwise a ValueError naming ``owner`` and the argument."""
    if not _is_number(x) or not (low <= x < high if open_high else low <= x <= high):
        span = f"[{low:g}, {high:g}{')' if open_high else ']'}" if high != math.inf \
            else f">= {low:g}"
        raise ValueError(f"{owner}: {name} must be a number {span}, got {x!r}")
    return float(x)


class Optimizer:
    """Holds the parameters and the step count; subclasses write ``update`` and name the
    per-parameter buffers they keep in ``buffer_names``."""

    buffer_names: tuple[str, ...] = ()
    squares: tuple[str, ...] = ()     # buffers of squares (second moments): never negative

    def __init__(self, params: Sequence[Value], lr: float | Callable[[int], float]) -> None:
        self.params = list(params)
        if not self.params or not all(type(p) is Value for p in self.params):
            raise TypeError(f"{type(self).__name__}: params must be a non-empty list of Values")
        if not callable(lr) and not (_is_number(lr) and 0 < lr < math.inf):
            raise ValueError(f"{type(self).__name__}: lr must be a positive number or a "
                             f"schedule, got {lr!r}")
        self.lr = lr
        self.steps = 0
        self.state: dict[str, list[float]] = {}

    @property
    def current_lr(self) -> float:
        """The learning rate the next ``step()`` uses. A schedule's value is checked: a
        ValueError naming the optimizer and the value unless it is a finite number >= 0."""
        if not callable(self.lr):
            return float(self.lr)
        lr = self.lr(self.steps)
        if not (isinstance(lr, Real) and not isinstance(lr, bool) and 0.0 <= lr < math.inf):
            raise ValueError(f"{type(self).__name__}: the learning-rate schedule gave "
                             f"{lr!r:.60} at step {self.steps}; it must return a finite number "
                             ">= 0 (no parameter was changed)")
        return float(lr)

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
        zero_grad(self.params)

    def state_dict(self) -> dict:
        return {"steps": self.steps, "state": {k: list(v) for k, v in self.state.items()}}

    def load_state_dict(self, state: dict) -> None:
        """Restore ``state_dict()``'s result. A state that does not fit (another optimizer's,
        another parameter count, a value that is not a finite number) raises and changes
        nothing: a dict is checked whole before anything is set.

        >>> opt = SGD([Value(1.0)], lr=0.1)
        >>> opt.load_state_dict({"steps": 3, "state": {}}); opt.steps
        3
        """
        name = type(self).__name__
        if not isinstance(state, dict):
            raise TypeError(f"{name}.load_state_dict: expected a dict from state_dict(), got "
                            f"{type(state).__name__}")
        unexpected = sorted(map(repr, state.keys() - {"steps", "state"}))
        if unexpected:
            raise ValueError(f"{name}: state does not fit: unexpected keys {unexpected[:5]}")
        steps, buffers = state.get("steps"), state.get("state", {})
        if not isinstance(steps, int) or isinstance(steps, bool) or steps < 0:
            raise ValueError(f"{name}: state does not fit: 'steps' must be an int >= 0, "
                             f"got {steps!r:.40}")
        if not isinstance(buffers, dict):
            raise ValueError(f"{name}: state does not fit: 'state' must be a dict, got "
                             f"{type(buffers).__name__}")
        loaded = {}
        for key, values in buffers.items():
            if key not in self.buffer_names:
                raise ValueError(f"{name}: state does not fit: unknown buffer {key!r:.40} "
                                 f"(a {name} keeps {list(self.buffer_names)})")
            if not isinstance(values, (list, tuple)) or len(values) != len(self.params):
                raise ValueError(f"{name}: state does not fit {len(self.params)} parameters: "
                                 f"buffer {key!r} is not a list of {len(self.params)} numbers")
            bad = [x for x in values if not (_is_number(x) and math.isfinite(x))]
            if bad:
                raise ValueError(f"{name}: state does not fit: buffer {key!r} holds "
                                 f"{bad[0]!r:.40}, not a finite number")
            negative = [x for x in values if x < 0] if key in self.squares else []
            if negative:
                raise ValueError(f"{name}: state does not fit: buffer {key!r} holds "
                                 f"{negative[0]!r:.40}, but it averages squares, so it is "
                                 "never negative")
            loaded[key] = [float(x) for x in values]
        self.steps, self.state = steps, loaded


class SGD(Optimizer):
    """w -= lr * g, with g = grad + weight_decay * w; momentum keeps
    buf = momentum * buf + g (buf = g at the first step), and Nesterov uses
    g + momentum * buf in place of buf."""

    buffer_names = ("momentum",)

    def __init__(self, params, lr=0.01, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        momentum = _check("SGD", "momentum", momentum, 0.0)
        weight_decay = _check("SGD", "weight_decay", weight_decay, 0.0)
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

    buffer_names = ("square_avg",)
    squares = ("square_avg",)

    def __init__(self, params, lr=0.01, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        self.alpha = _check("RMSProp", "alpha", alpha, 0.0, 1.0)
        self.eps = _check("RMSProp", "eps", eps, 0.0)
        self.weight_decay = _check("RMSProp", "weight_decay", weight_decay, 0.0)

    def update(self, i, g, w, lr):
        g += self.weight_decay * w
        v = self._buffer("square_avg")
        v[i] = self.alpha * v[i] + (1 - self.alpha) * g * g
        return lr * g / (math.sqrt(v[i]) + self.eps)


class Adam(Optimizer):
    """m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
    w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps). ``weight_decay`` adds
    weight_decay * w to g (L2), as torch.optim.Adam."""

    buffer_names = ("exp_avg", "exp_avg_sq")
    squares = ("exp_avg_sq",)

    decoupled = False

    def __init__(self, params, lr=0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        name = type(self).__name__
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"{name}: betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (_check(name, "betas[0]", betas[0], 0.0, 1.0, open_high=True),
                      _check(name, "betas[1]", betas[1], 0.0, 1.0, open_high=True))
        self.eps = _check(name, "eps", eps, 0.0)
        self.weight_decay = _check(name, "weight_decay", weight_decay, 0.0)

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


def _norm(grads: list[float], norm_type: float) -> float:
    if not _is_number(norm_type) or not norm_type > 0:
        raise ValueError(f"norm_type must be a positive number or math.inf, got {norm_type!r}")
    sizes = [abs(g) for g in grads]
    if any(s != s for s in sizes):
        return math.nan                     # NaN wins over inf, as torch
    top = max(sizes, default=0.0)
    if norm_type == math.inf or top == 0.0 or top == math.inf:
        return top
    if norm_type == 2:
        return math.hypot(*sizes)           # scaled internally: no overflow, no underflow
    # scale by the largest magnitude so no power overflows
    return top * math.fsum((s / top) ** norm_type for s in sizes) ** (1.0 / norm_type)


def _grads(params, name: str) -> list[float]:
    try:
        return [float(p.grad) for p in params]
    except (AttributeError, TypeError):
        raise TypeError(f"{name}: params must be Values with a grad") from None


def grad_norm(params: Sequence[Value], norm_type: float = 2.0) -> float:
    """The global ``norm_type``-norm (default L2) of the parameters' gradients.

    Computed without overflow (scaled by the largest magnitude): gradients of 1e200 give
    1.41e200, not inf. Any NaN gradient makes it NaN; otherwise any infinite one, inf.

    >>> ps = [Value(0.0), Value(0.0)]; ps[0].grad, ps[1].grad = 3e200, 4e200
    >>> grad_norm(ps) / 1e200
    5.0
    """
    return _norm(_grads(params, "grad_norm"), norm_type)


def clip_grad_value(params: Sequence[Value], clip: float) -> None:
    """Clamp every gradient to [-clip, clip] (torch.nn.utils.clip_grad_value_); a NaN
    gradient stays NaN, so divergence stays visible.

    >>> ps = [Value(0.0), Value(0.0)]; ps[0].grad, ps[1].grad = 5.0, float("nan")
    >>> clip_grad_value(ps, 1.0); [p.grad for p in ps]
    [1.0, nan]
    """
    clip = _check("clip_grad_value", "clip", clip, 0.0)
    params = list(params)
    grads = _grads(params, "clip_grad_value")
    for p, g in zip(params, grads):
        if g > clip:
            p.grad = clip
        elif g < -clip:
            p.grad = -clip


def clip_grad_norm(params: Sequence[Value], max_norm: float, norm_type: float = 2.0,
                   error_if_nonfinite: bool = False) -> float:
    """Scale all gradients by max_norm / (norm + 1e-6) when that is below 1, so their
    global norm is at most ``max_norm`` (torch.nn.utils.clip_grad_norm_); returns the norm
    before clipping.

    As torch: a NaN norm makes every gradient NaN and an infinite one makes the finite
    gradients 0 (the infinite ones NaN); ``error_if_nonfinite=True`` raises a RuntimeError
    instead and changes nothing.

    >>> ps = [Value(0.0), Value(0.0)]; ps[0].grad, ps[1].grad = 3.0, 4.0
    >>> clip_grad_norm(ps, 1.0), [round(p.grad, 4) for p in ps]
    (5.0, [0.6, 0.8])
    """
    max_norm = _check("clip_grad_norm", "max_norm", max_norm, 0.0)
    params = list(params)
    grads = _grads(params, "clip_grad_norm")
    norm = _norm(grads, norm_type)
    if not math.isfinite(norm):
        if error_if_nonfinite:
            first = next(i for i, g in enumerate(grads) if not math.isfinite(g))
            label = params[first].label
            raise RuntimeError(
                f"clip_grad_norm: the gradient norm is {norm}, so it cannot be clipped "
                f"(parameter {first}{f' {label!r}' if label else ''} has grad {grads[first]});"
                " set error_if_nonfinite=False to scale by it anyway")
    scale = max_norm / (norm + 1e-6)
    if scale < 1.0 or scale != scale:        # a NaN scale spreads NaN, as torch
        for p, g in zip(params, grads):
            p.grad = g * scale
    return norm
