"""Workload 7: the viz package. How long ``import autograd, nn, viz`` takes in a fresh
Python (matplotlib is imported only when a chart is made; target under 0.2 s), and the
step-through player of a graph of about 1,000 edges, which lays the graph out once:
it should build within 2x of one ``dot`` layout of the same graph.
"""

from __future__ import annotations

import random
import subprocess
import sys

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from engines import Engine, available
from measure import NotApplicable, Row, best_of

import autograd
import viz
from autograd import Value

EDGES = {"full": 1_000, "quick": 100}
IMPORT = ("import time; start = time.perf_counter(); import autograd, nn, viz; "
          "print(time.perf_counter() - start)")


def import_seconds(repeats: int) -> float:
    """The best of ``repeats`` fresh interpreters importing the three packages."""
    runs = [float(subprocess.run([sys.executable, "-c", IMPORT], capture_output=True,
                                 text=True, check=True).stdout) for _ in range(repeats)]
    return min(runs)


def layered_graph(edges: int, width: int = 10) -> Value:
    """Layers of ``tanh(a*b + a)`` over neighbours (5 edges per node), summed: a graph
    with at least ``edges`` edges."""
    rng = random.Random(0)
    layer = [Value(rng.uniform(-1, 1), label=f"x{i}") for i in range(width)]
    count = width
    while count < edges:
        layer = [(layer[i] * layer[(i + 1) % width] + layer[i]).tanh() for i in range(width)]
        count += 5 * width
    loss = autograd.sum(layer)
    loss.label = "L"
    loss.backward()
    return loss


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    size = "quick" if quick else "full"
    seconds = import_seconds(2 if quick else 7)
    rows = [Row("import autograd, nn, viz in a fresh process", "s",
                results={"tracegrad": seconds},
                note="import: best of fresh interpreters; matplotlib loads at the first chart")]
    graph = autograd.trace(layered_graph(EDGES[size]))
    edges = sum(len(n.parents) for n in graph)
    limit = 4 * len(graph)
    layout, _ = best_of(1 if quick else 3,
                        lambda: viz.draw(graph, max_nodes=limit).pipe(format="svg"))
    player, built = best_of(1 if quick else 3,
                            lambda: viz.step_through(graph, max_nodes=limit, max_steps=10**6))
    assert len(built) == edges + 1
    rows.append(Row(f"one dot layout of a graph of {edges:,} edges", "s",
                    results={"tracegrad": layout}))
    rows.append(Row(f"step-through player of that graph, {len(built):,} frames", "s",
                    results={"tracegrad": player},
                    note=f"player: {player / layout:.2f}x one dot layout (target under 2x)"))
    for r in rows:
        for e in engines:
            if e.name != "tracegrad":
                r.results[e.name] = NotApplicable("no diagrams or player")
    return rows


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
