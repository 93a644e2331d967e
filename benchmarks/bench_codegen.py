"""Workload 8: a traced graph as code (``Graph.compile``).

* Replay: micrograd's demo training graph (``MLP(2, [16, 16, 1])`` on 100 moons, hinge
  loss + L2, each neuron one ``dot``) traced once and compiled; one call computes the loss
  and every gradient, against rebuilding the same graph with Value ops and ``backward()``.
  The gradients must be equal bit for bit.
* Batched replay: ``nn.MLP`` trained on 100 moons (mini-batches of 20, SGD) by a compiled
  trace of ONE sample run on NumPy arrays (``backend="numpy"``), against the scalar loop
  that builds each batch's graph; the two loss curves must agree to 1e-9.
"""

from __future__ import annotations

import sys
import time

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from bench_training import MLP, SIZES, make_moons
from engines import Engine, available
from measure import Disagreement, Row, best_of

import autograd
import nn
from autograd import trace, trace_fn

EPOCHS = {"full": 5, "quick": 2}


def training_graph(engine: Engine, X, y, sizes):
    """micrograd's demo loss on the engine, each neuron one dot; (loss, parameters)."""
    model = MLP(engine, 2, sizes, use_dot=True)
    params = model.parameters()
    scores = [model([float(a), float(b)]) for a, b in X]
    losses = [(1 + -float(yi) * s).relu() for yi, s in zip(y, scores)]
    loss = autograd.sum(losses) * (1.0 / len(losses)) + 1e-4 * autograd.sum([p * p for p in params])
    return loss, params, model


def replay(engine: Engine, quick: bool) -> Row:
    n, sizes = SIZES["quick" if quick else "full"]
    X, y = make_moons(n)
    row = Row(f"training step replaying the compiled graph (Graph.compile), MLP(2, {sizes}), "
              f"{n} moons", "ms/step", ratios=False)
    loss, params, model = training_graph(engine, X, y, sizes)
    g = trace(loss)
    start = time.perf_counter()
    f = g.compile()
    compile_s = time.perf_counter() - start
    values = [node.data for node in g.inputs]

    def rebuild():
        again, again_params, _ = training_graph(engine, X, y, sizes)
        for p, node in zip(again_params, params):
            p.data = node.data
        again.backward()
        return again, again_params

    repeats = 1 if quick else 3
    compiled_s, (out, grads) = best_of(repeats, lambda: f(*values), batch=1 if quick else 5)
    rebuild_s, (again, again_params) = best_of(repeats, rebuild, batch=1 if quick else 3)
    by_param = {id(p): i for i, p in enumerate(params)}
    ours = [grads[k] for k, node in enumerate(g.inputs)]
    theirs = [again_params[by_param[id(node.value)]].grad for node in g.inputs]
    if out != again.data or ours != theirs:
        raise Disagreement(f"{row.workload}: the compiled graph's loss or gradients differ "
                           "from backward()'s")
    row.results["tracegrad"] = compiled_s * 1e3
    row.checks["tracegrad"] = (out,)
    row.note = (f"rebuilding and backpropagating the same graph takes {rebuild_s * 1e3:.1f} ms, "
                f"{rebuild_s / compiled_s:.1f}x longer; compiling its {len(g):,} nodes once "
                f"takes {compile_s:.1f} s; the gradients are equal bit for bit")
    return row


def _per_sample_loss(model):
    def loss(x0, x1, y):
        return (1 - y * model([x0, x1])).relu()
    return loss


def batched(quick: bool) -> Row:
    n, sizes = SIZES["quick" if quick else "full"]
    X, y = make_moons(n)
    epochs, batch = EPOCHS["quick" if quick else "full"], 20 if not quick else 4
    row = Row(f"epoch of MLP(2, {sizes}) on {n} moons, batches of {batch}, batched NumPy "
              "replay of a one-sample trace", "ms/epoch", ratios=False)

    def scalar_loop():
        model = nn.MLP(2, sizes, seed=1)
        opt = nn.SGD(model.parameters(), lr=0.05)
        curve = []
        for _ in range(epochs):
            for start in range(0, n, batch):
                xb, yb = X[start:start + batch], y[start:start + batch]
                model.zero_grad()
                loss = nn.hinge([model([float(a), float(b)]) for a, b in xb], yb)
                loss.backward()
                opt.step()
                curve.append(loss.data)
        return curve

    state = {}

    def prepare():
        start = time.perf_counter()
        model = nn.MLP(2, sizes, seed=1)
        g = trace_fn(_per_sample_loss(model), 0.0, 0.0, 1.0)
        state.update(f=g.compile("numpy"), opt=nn.SGD(model.parameters(), lr=0.05),
                     params=[node.value for node in g.inputs[3:]],
                     setup=time.perf_counter() - start)

    def replayed():
        f, opt, params = state["f"], state["opt"], state["params"]
        curve = []
        for _ in range(epochs):
            for start in range(0, n, batch):
                xb, yb = X[start:start + batch], y[start:start + batch]
                losses, grads = f(xb[:, 0], xb[:, 1], yb, *[p.data for p in params])
                for p, gp in zip(params, grads[3:]):
                    p.grad = float(gp) / len(yb)
                opt.step()
                curve.append(float(np.sum(losses)) * (1.0 / len(yb)))
        return curve

    scalar_s, scalar_curve = best_of(1, scalar_loop)
    batched_s, batched_curve = best_of(1 if quick else 2, replayed, setup=prepare)
    gap = max(abs(a - b) for a, b in zip(scalar_curve, batched_curve))
    if len(scalar_curve) != len(batched_curve) or not gap <= 1e-9:
        raise Disagreement(f"{row.workload}: the loss curves differ by {gap}")
    row.results["tracegrad"] = batched_s / epochs * 1e3
    row.checks["tracegrad"] = (batched_curve[-1],)
    row.note = (f"the scalar loop (each batch's graph built and backpropagated) takes "
                f"{scalar_s / epochs * 1e3:.0f} ms/epoch, {scalar_s / batched_s:.1f}x longer; "
                f"the loss curves agree to {gap:.1g} over {len(scalar_curve)} steps; "
                f"tracing and compiling the one-sample graph once: {state['setup'] * 1e3:.0f} ms")
    return row


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    tracegrad = next(e for e in engines if e.name == "tracegrad")
    return [replay(tracegrad, quick), batched(quick)]



if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
