"""Timing, result rows, and the cross-engine agreement check shared by every workload."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Failed:
    """An engine that could not run a workload: ``short`` goes in the table, ``detail``
    in a note under it."""

    short: str
    detail: str = ""

    def __str__(self) -> str:
        return f"fails: {self.short}"


@dataclass
class NotApplicable:
    """A figure that does not exist for an engine (no such op; not measurable)."""

    reason: str

    def __str__(self) -> str:
        return "n/a"


@dataclass
class Row:
    workload: str
    unit: str
    results: dict = field(default_factory=dict)   # engine name -> float or Failed
    checks: dict = field(default_factory=dict)    # engine name -> tuple of numbers
    note: str = ""
    ratios: bool = True                           # False where a ratio means nothing
    tolerance: float = 1e-6                       # relative, for check_agreement

    def ratio(self, engine: str, base: str = "tracegrad") -> float | None:
        """How many times the base engine is better (figures are lower-is-better)."""
        a, b = self.results.get(engine), self.results.get(base)
        if self.ratios and isinstance(a, float) and isinstance(b, float) and b > 0:
            return a / b
        return None


def best_of(repeats: int, run: Callable[[], object], setup: Callable[[], None] | None = None,
            batch: int = 1) -> tuple[float, object]:
    """Seconds per ``run()`` in steady state, as users run code: the garbage collector on,
    ``batch`` runs back to back, each dropping the previous run's result (so freeing a
    graph, by reference counting or by the cycle collector, is billed to the engine that
    made it). The best of ``repeats`` batches, and the last run's result.
    ``setup()`` runs untimed before each batch."""
    gc.collect()  # start clean, once
    best, result = float("inf"), None
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        for _ in range(batch):
            result = run()
        best = min(best, (time.perf_counter() - start) / batch)
    return best, result


class Disagreement(AssertionError):
    pass


def check_agreement(row: Row, rel: float | None = None) -> None:
    """Every engine that ran must report the same checked numbers (loss, gradients), to
    ``row.tolerance`` relative unless ``rel`` is given."""
    rel = row.tolerance if rel is None else rel
    items = list(row.checks.items())
    if len(items) < 2:
        return
    base_name, base = items[0]
    for name, values in items[1:]:
        if len(values) != len(base) or any(
                abs(a - b) > rel * max(1.0, abs(a), abs(b)) for a, b in zip(base, values)):
            raise Disagreement(f"{row.workload}: {name} computed {values}, "
                               f"{base_name} computed {base}")
