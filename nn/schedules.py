"""Learning-rate schedules: functions of the step number t (0-based), given to an
optimizer as ``lr=``. Warmup composes with any of the others.

Every argument is checked when the schedule is made (a ValueError names it), so a
schedule never fails or loops inside ``optimizer.step()``; each takes O(1) time per step.

>>> lr = warmup(cosine(0.1, t_max=100), steps=10)
>>> round(lr(0), 4), round(lr(10), 4), round(lr(110), 4)
(0.01, 0.1, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["constant", "step_decay", "exponential", "cosine", "cosine_restarts", "warmup"]

Schedule = Callable[[int], float]


def _rate(schedule: str, name: str, x, low_open: bool = True) -> float:
    """A finite number > 0 (>= 0 when not ``low_open``), or a ValueError naming it."""
    ok = isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) \
        and (x > 0 if low_open else x >= 0)
    if not ok:
        raise ValueError(f"{schedule}: {name} must be a finite number "
                         f"{'> 0' if low_open else '>= 0'}, got {x!r}")
    return float(x)


def _count(schedule: str, name: str, x, least: int = 1) -> int:
    """An int >= ``least``, or a ValueError naming it."""
    if not isinstance(x, int) or isinstance(x, bool) or x < least:
        raise ValueError(f"{schedule}: {name} must be an int >= {least}, got {x!r}")
    return x


def _power(gamma: float, n: int) -> float:
    try:
        return gamma ** n
    except OverflowError:          # a growing schedule overflows to inf, as float * does
        return math.inf


def constant(lr: float) -> Schedule:
    lr = _rate("constant", "lr", lr)
    return lambda t: lr


def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    """lr * gamma ** (t // step_size)."""
    lr, gamma = _rate("step_decay", "lr", lr), _rate("step_decay", "gamma", gamma)
    step_size = _count("step_decay", "step_size", step_size)
    return lambda t: lr * _power(gamma, t // step_size)


def exponential(lr: float, gamma: float) -> Schedule:
    """lr * gamma ** t."""
    lr, gamma = _rate("exponential", "lr", lr), _rate("exponential", "gamma", gamma)
    return lambda t: lr * _power(gamma, t)


def cosine(lr: float, t_max: int, lr_min: float = 0.0) -> Schedule:
    """lr_min + (lr - lr_min) (1 + cos(pi t / t_max)) / 2, then lr_min after t_max."""
    lr, t_max = _rate("cosine", "lr", lr), _count("cosine", "t_max", t_max)
    lr_min = _rate("cosine", "lr_min", lr_min, low_open=False)
    return lambda t: lr_min + (lr - lr_min) * (1 + math.cos(math.pi * min(t, t_max) / t_max)) / 2


def cosine_restarts(lr: float, t_0: int, t_mult: int = 1, lr_min: float = 0.0) -> Schedule:
    """Cosine annealing restarted after t_0 steps, each period t_mult times longer (SGDR,
    torch's CosineAnnealingWarmRestarts): t_0 an int >= 1, t_mult an int >= 1.

    >>> lr = cosine_restarts(1.0, t_0=10, t_mult=2)
    >>> lr(0), lr(10), lr(30), round(lr(20), 6)
    (1.0, 1.0, 1.0, 0.5)
    """
    lr, lr_min = _rate("cosine_restarts", "lr", lr), \
        _rate("cosine_restarts", "lr_min", lr_min, low_open=False)
    t_0 = _count("cosine_restarts", "t_0", t_0)
    t_mult = _count("cosine_restarts", "t_mult", t_mult)

    def at(t: int) -> float:
        if t_mult == 1:
            start, period = t - t % t_0, t_0
        else:                       # periods grow geometrically: O(log t) steps
            period, start = t_0, 0
            while t >= start + period:
                start += period
                period *= t_mult
        return lr_min + (lr - lr_min) * (1 + math.cos(math.pi * (t - start) / period)) / 2
    return at


def warmup(after: Schedule | float, steps: int) -> Schedule:
    """Rise linearly to ``after``'s value over ``steps`` steps ((t + 1) / steps of it),
    then follow ``after`` shifted by ``steps``."""
    steps = _count("warmup", "steps", steps)
    follow = after if callable(after) else constant(after)
    return lambda t: follow(0) * (t + 1) / steps if t < steps else follow(t - steps)
