"""Workload 4: micrograd's demo. ``MLP(2, [16, 16, 1])`` on 100 moons points, max-margin
(hinge) loss with L2 regularisation, SGD with micrograd's decaying learning rate.

The model is written once, in micrograd's own style, over each engine's scalar; every
engine starts from the same weights, so all must compute the same losses. tracegrad is
also measured with its n-ary ``dot`` (one node per neuron instead of a chain of adds).
"""

from __future__ import annotations

import sys
import time

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from engines import Engine, available
from measure import Failed, NotApplicable, Row, best_of

SIZES = {"full": (100, [16, 16, 1]), "quick": (12, [4, 1])}


def make_moons(n: int, noise: float = 0.1, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (as scikit-learn's make_moons); labels -1 and 1."""
    rng = np.random.default_rng(seed)
    n_out, n_in = n // 2, n - n // 2
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n_in)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)],
                   np.c_[1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]])
    X += rng.normal(scale=noise, size=X.shape)
    return X, np.r_[-np.ones(n_out), np.ones(n_in)]


class MLP:
    """micrograd's MLP: ReLU hidden layers, a linear output, weights from one seed."""

    def __init__(self, engine: Engine, nin: int, sizes: list[int], use_dot: bool, seed=0):
        rng = np.random.default_rng(seed)
        self.engine, self.use_dot = engine, use_dot
        dims = [nin] + sizes
        self.layers = [[([engine.leaf(w) for w in rng.uniform(-1, 1, dims[i])], engine.leaf(0.0))
                        for _ in range(dims[i + 1])] for i in range(len(sizes))]

    def parameters(self) -> list:
        return [p for layer in self.layers for w, b in layer for p in w + [b]]

    def __call__(self, x: list):
        for i, layer in enumerate(self.layers):
            last = i == len(self.layers) - 1
            out = []
            for w, b in layer:
                if self.use_dot:
                    act = self.engine.dot(w, x) + b
                else:
                    act = sum((wi * xi for wi, xi in zip(w, x)), b)
                out.append(act if last else self.engine.relu(act))
            x = out
        return x[0]


def step(model: MLP, X: np.ndarray, y: np.ndarray, k: int, total: int = 100):
    """One step of micrograd's demo; returns (loss, accuracy)."""
    e = model.engine
    inputs = [[float(a), float(b)] for a, b in X] if model.use_dot else \
        [[e.leaf(a), e.leaf(b)] for a, b in X]
    scores = [model(x) for x in inputs]
    losses = [e.relu(1 + -float(yi) * s) for yi, s in zip(y, scores)]
    params = model.parameters()
    if model.use_dot:
        data_loss = e.add_all(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * e.add_all([p * p for p in params])
    else:
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in params)
    loss = data_loss + reg_loss
    accuracy = float(np.mean([(yi > 0) == (e.data(s) > 0) for yi, s in zip(y, scores)]))
    for p in params:
        e.zero_grad(p)
    e.backward(loss)
    learning_rate = 1.0 - 0.9 * k / total
    for p in params:
        e.set_data(p, e.data(p) - learning_rate * e.grad(p))
    return e.data(loss), accuracy


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    n, sizes = SIZES["quick" if quick else "full"]
    X, y = make_moons(n)
    name = f"MLP(2, {sizes}), {n} moons"
    demo = Row(f"training step, {name}", "ms/step", note="micrograd's demo code on each engine")
    n_ary = Row(f"training step, {name}, n-ary dot", "ms/step",
                note="each neuron one dot node where the engine has one")
    to_100 = Row(f"train to 100% accuracy, {name}", "s", note="micrograd's demo code")
    max_steps = 3 if quick else 100
    for e in engines:
        for row, use_dot in ((demo, False), (n_ary, True)):
            if use_dot and e.dot is None:
                row.results[e.name] = NotApplicable("no n-ary dot")
                continue
            model = MLP(e, 2, sizes, use_dot)
            first = step(model, X, y, 0)  # the same first step on every engine
            seconds, _ = best_of(1 if quick else 3, lambda: step(model, X, y, 1),
                                 batch=1 if quick else 4)
            row.results[e.name] = seconds * 1e3
            row.checks[e.name] = (first[0],)
        model = MLP(e, 2, sizes, use_dot=False)
        start, accuracy, k = time.perf_counter(), 0.0, 0
        while accuracy < 1.0 and k < max_steps:
            _, accuracy = step(model, X, y, k)
            k += 1
        elapsed = time.perf_counter() - start
        if accuracy < 1.0 and not quick:
            to_100.results[e.name] = Failed("not reached", f"{accuracy:.0%} after {k} steps")
        else:
            to_100.results[e.name] = elapsed
            to_100.checks[e.name] = (k,)
    to_100.note += "; steps: " + ", ".join(f"{e}={c[0]}" for e, c in to_100.checks.items())
    return [demo, n_ary, to_100]


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
