"""Workload 6: the tracer. ``autograd.trace`` of a 1,000,000-node graph (the per-op chain),
which must take well under 10 s on a 2-core machine. (Drawing a 1,000-node graph with
``viz.draw`` joins this workload with the viz package.) Neither micrograd nor scalar
torch has a tracer to compare with.
"""

from __future__ import annotations

import sys

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from bench_per_op import chain_graph
from engines import Engine, available
from measure import NotApplicable, Row, best_of

import autograd

SIZE = {"full": 1_000_000, "quick": 2_000}


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    n = SIZE["quick" if quick else "full"]
    tracegrad = next(e for e in engines if e.name == "tracegrad")
    x, y = chain_graph(tracegrad, n)           # n ops and one input
    seconds, graph = best_of(1 if quick else 3, lambda: autograd.trace(y))
    row = Row(f"trace a graph of {len(graph):,} nodes", "s",
              results={"tracegrad": seconds})
    for e in engines:
        if e is not tracegrad:
            row.results[e.name] = NotApplicable("no graph tracer")
    return [row]


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
