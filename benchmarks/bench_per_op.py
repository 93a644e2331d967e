"""Workload 1: per-op forward+backward, in microseconds per op, on a long chain of mixed
ops all three engines have (``* + ** relu``). micrograd is given the recursion limit its
recursive backward needs for the chain.
"""

from __future__ import annotations

import sys

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from engines import Engine, available, recursion_limit
from measure import Row, best_of

PER_OP = {"full": 10_000, "quick": 200}


def chain_graph(engine: Engine, n: int) -> tuple:
    """n ops, forward only; returns (input, output)."""
    x = engine.leaf(0.5)
    y = x
    for _ in range(n // 4):
        y = y * 1.0001
        y = y + 0.01
        y = y ** 1
        y = engine.relu(y)
    return x, y


def chain(engine: Engine, n: int) -> tuple[float, float]:
    """Forward and backward through n ops; returns (output, d output / d input)."""
    x, y = chain_graph(engine, n)
    engine.backward(y)
    return engine.data(y), engine.grad(x)


def per_op(engines: list[Engine], quick: bool = False) -> Row:
    n = PER_OP["quick" if quick else "full"]
    row = Row(f"per-op fwd+bwd, chain of {n:,} ops (+ * ** relu)", "µs/op",
              note="micrograd runs with the recursion limit raised to fit the chain")
    for e in engines:
        with recursion_limit(e, 2 * n):
            seconds, check = best_of(1 if quick else 3, lambda: chain(e, n),
                                     batch=1 if quick else 4)
        row.results[e.name] = seconds / n * 1e6
        row.checks[e.name] = check
    return row


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    return [per_op(engines, quick)]


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
