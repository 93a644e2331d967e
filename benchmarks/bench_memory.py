"""Workload 5: memory. Bytes held per op node after backward (tracemalloc, which sees
Python allocations only: torch's C++ graph is invisible to it), and the share of a
dropped graph that stays allocated until the cyclic garbage collector runs."""

from __future__ import annotations

import gc
import sys
import tracemalloc

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from bench_per_op import chain_graph
from engines import Engine, available, recursion_limit
from measure import NotApplicable, Row

SIZE = {"full": 20_000, "quick": 400}


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    n = SIZE["quick" if quick else "full"]
    per_node = Row(f"memory per op after backward, chain of {n:,} ops", "bytes",
                   note="constants included (micrograd makes a node per number)")
    leftover = Row("dropped graph left for the cycle collector", "%", ratios=False,
                   note="Python's float free list keeps up to 100 freed floats alive")
    for e in engines:
        if e.name == "torch":
            reason = "its graph lives in C++, invisible to tracemalloc"
            per_node.results[e.name] = leftover.results[e.name] = NotApplicable(reason)
            continue
        with recursion_limit(e, 2 * n):
            gc.collect()
            was_enabled = gc.isenabled()
            gc.disable()
            tracemalloc.start()
            try:
                base = tracemalloc.get_traced_memory()[0]
                x, y = chain_graph(e, n)
                e.backward(y)
                held = tracemalloc.get_traced_memory()[0] - base
                del x, y
                left = tracemalloc.get_traced_memory()[0] - base
            finally:
                tracemalloc.stop()
                gc.collect()
                if was_enabled:
                    gc.enable()
        per_node.results[e.name] = held / n
        leftover.results[e.name] = 100.0 * max(left, 0) / held
    return [per_node, leftover]


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
