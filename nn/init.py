"""Weight initialisers: uniform (as micrograd), Xavier/Glorot and He/Kaiming.

Each takes the fan-in and fan-out and a random source and returns ``fan_in`` floats.
The source is a ``numpy.random.Generator`` (``seed=`` makes one), or, when no seed is
given, Python's ``random`` module, as micrograd does: after ``random.seed(1337)`` an
``MLP`` starts from exactly micrograd's weights.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["INITIALISERS", "initialiser", "rng_from"]


def _uniform(rng, low: float, high: float, n: int) -> list[float]:
    if rng is None:
        return [random.uniform(low, high) for _ in range(n)]
    return [float(x) for x in rng.uniform(low, high, n)]


def _normal(rng, std: float, n: int) -> list[float]:
    if rng is None:
        return [random.gauss(0.0, std) for _ in range(n)]
    return [float(x) for x in rng.normal(0.0, std, n)]


def uniform(fan_in: int, fan_out: int, rng=None) -> list[float]:
    """U(-1, 1), micrograd's initialiser."""
    return _uniform(rng, -1.0, 1.0, fan_in)


def xavier(fan_in: int, fan_out: int, rng=None) -> list[float]:
    """Glorot uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)); for tanh and sigmoid."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return _uniform(rng, -a, a, fan_in)


def he(fan_in: int, fan_out: int, rng=None) -> list[float]:
    """He/Kaiming normal: N(0, 2 / fan_in); for ReLU."""
    return _normal(rng, math.sqrt(2.0 / fan_in), fan_in)


INITIALISERS: dict[str, Callable] = {"uniform": uniform, "xavier": xavier, "glorot": xavier,
                                     "he": he, "kaiming": he}


def initialiser(name: str) -> Callable:
    try:
        return INITIALISERS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown initialiser {name!r}; choose one of "
                         f"{', '.join(INITIALISERS)}") from None


def rng_from(seed) -> np.random.Generator | None:
    """``None`` (use Python's ``random``), a ``numpy.random.Generator`` as given, or a new
    Generator from an int seed."""
    if seed is None:
        return None
    import numpy as np
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.random.default_rng(int(seed))
    raise TypeError(f"seed must be None, an int or a numpy Generator, got {type(seed).__name__}")
