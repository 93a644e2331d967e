"""Small seedable data sets as numpy arrays, and a mini-batch iterator.

Every generator returns ``(X, y)``: ``X`` of shape (n, features), ``y`` of shape (n,).
Binary sets label their classes -1 and 1 (for the max-margin loss, as micrograd's demo);
``labels01=True`` gives 0 and 1 instead.

>>> X, y = moons(100, seed=1)
>>> X.shape, sorted(set(y.tolist()))
((100, 2), [-1.0, 1.0])
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = ["xor", "moons", "circles", "spirals", "blobs", "regression", "batches"]


def _rng(seed) -> np.random.Generator:
    import numpy as np
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _labels(y: np.ndarray, labels01: bool) -> np.ndarray:
    return y.astype(float) if labels01 else y.astype(float) * 2 - 1


def xor(n: int = 4, noise: float = 0.0, seed=None, labels01: bool = False):
    """The four XOR corners (n = 4), or n noisy points around them."""
    import numpy as np
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    X = corners[np.arange(n) % 4]
    if noise:
        X = X + _rng(seed).normal(scale=noise, size=X.shape)
    y = (X[:, 0] > 0.5) ^ (X[:, 1] > 0.5)
    return X, _labels(y, labels01)


def moons(n: int = 100, noise: float = 0.1, seed=None, labels01: bool = False):
    """Two interleaving half circles, as scikit-learn's make_moons."""
    import numpy as np
    rng = _rng(seed)
    n_out, n_in = n // 2, n - n // 2
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)],
                   np.c_[1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]])
    X += rng.normal(scale=noise, size=X.shape)
    return X, _labels(np.r_[np.zeros(n_out), np.ones(n_in)], labels01)


def circles(n: int = 100, noise: float = 0.05, factor: float = 0.5, seed=None,
            labels01: bool = False):
    """A small circle inside a large one."""
    import numpy as np
    rng = _rng(seed)
    n_out, n_in = n // 2, n - n // 2
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)],
                   factor * np.c_[np.cos(t_in), np.sin(t_in)]])
    X += rng.normal(scale=noise, size=X.shape)
    return X, _labels(np.r_[np.zeros(n_out), np.ones(n_in)], labels01)


def spirals(n: int = 100, classes: int = 2, noise: float = 0.2, seed=None):
    """``classes`` interleaved spiral arms; labels 0 .. classes-1."""
    import numpy as np
    rng = _rng(seed)
    per = np.full(classes, n // classes)
    per[: n % classes] += 1
    X, y = [], []
    for k, m in enumerate(per):
        r = np.linspace(0.0, 1.0, m)
        t = np.linspace(k * 4, (k + 1) * 4, m) + rng.normal(scale=noise, size=m)
        X.append(np.c_[r * np.sin(t), r * np.cos(t)])
        y.append(np.full(m, k))
    return np.vstack(X), np.concatenate(y).astype(float)


def blobs(n: int = 100, centers: int = 3, std: float = 0.5, seed=None):
    """Gaussian blobs around ``centers`` random centres in [-5, 5]^2; labels 0 .. centers-1."""
    import numpy as np
    rng = _rng(seed)
    middle = rng.uniform(-5, 5, size=(centers, 2))
    y = np.arange(n) % centers
    return middle[y] + rng.normal(scale=std, size=(n, 2)), y.astype(float)


def regression(n: int = 50, noise: float = 0.1, seed=None):
    """1-D regression: y = sin(2x) + x/2 + noise, x in [-2, 2]; X has shape (n, 1)."""
    import numpy as np
    rng = _rng(seed)
    x = np.sort(rng.uniform(-2, 2, n))
    return x[:, None], np.sin(2 * x) + 0.5 * x + rng.normal(scale=noise, size=n)


def batches(X, y, batch_size: int, shuffle: bool = True, seed=None) -> Iterator[tuple]:
    """Mini-batches ``(X_batch, y_batch)`` covering the data once, shuffled by default."""
    import numpy as np
    if len(X) != len(y):
        raise ValueError(f"batches: X has {len(X)} rows but y has {len(y)}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batches: batch_size must be a positive int, got {batch_size!r}")
    order = _rng(seed).permutation(len(X)) if shuffle else np.arange(len(X))
    for start in range(0, len(X), batch_size):
        index = order[start:start + batch_size]
        yield X[index], y[index]
