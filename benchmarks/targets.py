"""Issue 17's targets for the compiled core, read off one ``make bench`` run: each with
the figure measured, the bound, and whether it is met. The "today" of the micrograd demo's
step is the pure engine (the engine before the compiled core), run in the same session."""

from __future__ import annotations

from measure import Row


def _find(rows: list[Row], prefix: str) -> Row | None:
    return next((r for r in rows if r.workload.startswith(prefix)), None)


def _figure(row: Row | None, engine: str) -> float | None:
    value = None if row is None else row.results.get(engine)
    return value if isinstance(value, float) else None


def compiled_core(rows: list[Row]) -> list[str]:
    """One line per target; [] unless the compiled engine ran beside the pure one."""
    gpt, per_op = _find(rows, "GPT training step"), _find(rows, "per-op")
    demo, memory = _find(rows, "training step, MLP"), _find(rows, "memory per op")
    if _figure(per_op, "tracegrad pure") is None:
        return []
    checks = []

    def check(name: str, measured: float | None, bound: float, text: str, higher: bool):
        if measured is None:
            return
        met = measured >= bound if higher else measured <= bound
        checks.append(f"{name}: {text.format(measured)} (target {'≥' if higher else '≤'} "
                      f"{bound:g}): {'met' if met else 'NOT met'}")

    check("GPT step vs the local-gradients engine", gpt and gpt.ratio("localgrad"), 4,
          "{:.1f}x faster", True)
    check("per-op fwd+bwd, 10,000-op chain", _figure(per_op, "tracegrad"), 0.25,
          "{:.3f} µs/op", False)
    check("micrograd demo step vs the pure engine", demo and demo.ratio("tracegrad pure"), 3,
          "{:.1f}x faster", True)
    check("memory per node after backward", _figure(memory, "tracegrad"), 100,
          "{:.0f} bytes", False)
    return checks
