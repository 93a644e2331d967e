"""Workload 2: forward and backward through a chain 1,000,000 ops deep (the per-op chain
of ``* + ** relu``) at Python's default recursion limit. micrograd's recursive topological
sort fails there, and that is reported as a failure, not left out.
"""

from __future__ import annotations

import sys

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from bench_per_op import chain
from engines import Engine, available
from measure import Failed, Row, best_of

DEEP = {"full": 1_000_000, "quick": 2_000}


def deep(engines: list[Engine], quick: bool = False) -> Row:
    n = DEEP["quick" if quick else "full"]
    row = Row(f"deep chain of {n:,} ops, fwd+bwd", "s",
              note="at Python's default recursion limit")
    for e in engines:
        try:
            seconds, check = best_of(1 if quick or e.name != "tracegrad" else 3,
                                     lambda: chain(e, n))
        except RecursionError:
            row.results[e.name] = Failed(
                "RecursionError", "its recursive topological sort passes Python's default "
                f"recursion limit ({sys.getrecursionlimit()}) near depth 1,000")
            continue
        row.results[e.name] = seconds
        row.checks[e.name] = check
    return row


def run(engines: list[Engine], quick: bool = False) -> list[Row]:
    return [deep(engines, quick)]


if __name__ == "__main__":
    from report import print_table
    print_table(run(available(), quick="--quick" in sys.argv))
