"""Learning-rate schedules: functions of the step number t (0-based), given to an
optimizer as ``lr=``. Warmup composes with any of the others.

>>> lr = warmup(cosine(0.1, t_max=100), steps=10)
>>> round(lr(0), 4), round(lr(10), 4), round(lr(110), 4)
(0.01, 0.1, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["constant", "step_decay", "exponential", "cosine", "cosine_restarts", "warmup"]

Schedule = Callable[[int], float]


def constant(lr: float) -> Schedule:
    return lambda t: lr


def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    """lr * gamma ** (t // step_size)."""
    return lambda t: lr * gamma ** (t // step_size)


def exponential(lr: float, gamma: float) -> Schedule:
    """lr * gamma ** t."""
    return lambda t: lr * gamma ** t


def cosine(lr: float, t_max: int, lr_min: float = 0.0) -> Schedule:
    """lr_min + (lr - lr_min) (1 + cos(pi t / t_max)) / 2, then lr_min after t_max."""
    return lambda t: lr_min + (lr - lr_min) * (1 + math.cos(math.pi * min(t, t_max) / t_max)) / 2


def cosine_restarts(lr: float, t_0: int, t_mult: int = 1, lr_min: float = 0.0) -> Schedule:
    """Cosine annealing restarted after t_0 steps, each period t_mult times longer (SGDR)."""
    def at(t: int) -> float:
        period, start = t_0, 0
        while t >= start + period:
            start += period
            period *= t_mult
        return lr_min + (lr - lr_min) * (1 + math.cos(math.pi * (t - start) / period)) / 2
    return at


def warmup(after: Schedule | float, steps: int) -> Schedule:
    """Rise linearly to ``after``'s value over ``steps`` steps ((t + 1) / steps of it),
    then follow ``after`` shifted by ``steps``."""
    follow = after if callable(after) else constant(after)
    return lambda t: follow(0) * (t + 1) / steps if t < steps else follow(t - steps)
