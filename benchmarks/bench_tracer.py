"""Workload 6: the tracer and the diagrams. ``autograd.trace`` of a 1,000,000-node graph
(the per-op chain), which must take well under 10 s on a 2-core machine, and ``viz.draw``
of a 1,000-node graph: its DOT source, and that source laid out to SVG by Graphviz's
``dot``. Neither micrograd nor scalar torch has a tracer or diagrams to compare with.
"""

from __future__ import annotations

import sys

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from bench_per_op import chain_graph
from engines import Engine, available
from measure import NotApplicable, Row, best_of

import autograd
import viz

SIZE = {"full": 1_000_000, "quick": 2_000}
DRAW = {"full": 1_000, "quick": 100}


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    n = SIZE["quick" if quick else "full"]
    tracegrad = next(e for e in engines if e.name == "tracegrad")
    x, y = chain_graph(tracegrad, n)           # n ops and one input
    seconds, graph = best_of(1 if quick else 3, lambda: autograd.trace(y))
    row = Row(f"trace a graph of {len(graph):,} nodes", "s",
              results={"tracegrad": seconds})
    m = DRAW["quick" if quick else "full"]
    _, small = chain_graph(tracegrad, m - 1)  # m - 1 ops and one input: m nodes
    small_graph = autograd.trace(small)
    seconds, _ = best_of(1 if quick else 3, lambda: viz.draw(small_graph, max_nodes=3 * m))
    source = Row(f"viz.draw of a {len(small_graph):,}-node graph, DOT source", "s",
                 results={"tracegrad": seconds})
    seconds, _ = best_of(1, lambda: viz.draw(small_graph, max_nodes=3 * m).pipe(format="svg"))
    svg = Row(f"viz.draw of a {len(small_graph):,}-node graph, laid out to SVG by dot", "s",
              results={"tracegrad": seconds})
    rows = [row, source, svg]
    for r in rows:
        for e in engines:
            if e is not tracegrad:
                r.results[e.name] = NotApplicable("no graph tracer or diagrams")
    return rows


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
