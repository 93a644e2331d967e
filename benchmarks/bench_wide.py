"""Workload 3: wide graphs. One n-ary node (``autograd.sum``, ``autograd.dot``; torch's
``stack().sum()`` and ``dot``) against the same sum written with ``+``, which is a chain
100,000 additions deep."""

from __future__ import annotations

import sys

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from engines import Engine, available
from measure import Failed, NotApplicable, Row, best_of

SIZE = {"full": 100_000, "quick": 500}


def _leaves(engine: Engine, n: int, offset: float = 0.0) -> list:
    return [engine.leaf((i % 7) * 0.1 + offset) for i in range(n)]


def _measure(row: Row, engine: Engine, leaves: list, build, repeats: int) -> None:
    def setup():
        for v in leaves:
            engine.zero_grad(v)

    def run():
        out = build()
        engine.backward(out)
        return engine.data(out)

    try:
        seconds, _ = best_of(repeats, run, setup, batch=repeats)
    except RecursionError:
        row.results[engine.name] = Failed(
            "RecursionError", "a sum written with + is a chain as deep as it has terms")
        return
    row.results[engine.name] = seconds * 1e3
    # the check comes from one more run from zeroed grads: torch 2.13 accumulates wrongly
    # across repeated backward calls through stack().sum() (its leaves' grads end up
    # sharing one expanded buffer), so accumulated grads are not compared
    setup()
    value = run()
    row.checks[engine.name] = (value, sum(engine.grad(v) for v in leaves))


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    n = SIZE["quick" if quick else "full"]
    repeats = 1 if quick else 3
    n_ary = Row(f"wide sum, one n-ary node, {n:,} terms", "ms")
    dot = Row(f"wide dot, one n-ary node, {n:,} pairs", "ms")
    plus = Row(f"wide sum written with +, {n:,} terms", "ms")
    for e in engines:
        xs = _leaves(e, n)
        if e.add_all is not None:
            _measure(n_ary, e, xs, lambda: e.add_all(xs), repeats)
        else:
            n_ary.results[e.name] = NotApplicable("no n-ary sum")
        if e.dot is not None:
            ys = _leaves(e, n, 0.05)
            _measure(dot, e, xs + ys, lambda: e.dot(xs, ys), repeats)
        else:
            dot.results[e.name] = NotApplicable("no n-ary dot")
        _measure(plus, e, xs, lambda: sum(xs[1:], xs[0]), repeats)
    return [n_ary, dot, plus]


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
