"""The table `make bench` prints and the JSON it writes (out/bench.json)."""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
from pathlib import Path

from measure import Failed, NotApplicable, Row

import autograd

ENGINES = ("tracegrad", "tracegrad pure", "localgrad", "micrograd", "torch")
"""Columns, in order. "tracegrad" is the engine of this process: compiled when the core is
built (make build), else pure Python; "tracegrad pure" is the same suite run with
TRACEGRAD_PURE=1 beside a compiled run. localgrad is benchmarks/localgrad.py."""
COMPARED = ("localgrad", "micrograd", "torch")


def _name(engine: str) -> str:
    if engine == "tracegrad":
        return "tracegrad compiled" if autograd.compiled else "tracegrad pure"
    return engine


def _columns(rows: list[Row]) -> list[str]:
    return [e for e in ENGINES if e == "tracegrad" or any(e in r.results for r in rows)]


def _cell(value) -> str:
    if value is None or isinstance(value, (Failed, NotApplicable)):
        return str(value or "n/a")
    return f"{value:,.3g}" if value < 100 else f"{value:,.0f}"


def _ratio(row: Row, engine: str) -> str:
    r = row.ratio(engine)
    return "" if r is None else f"{r:.1f}x"


def print_table(rows: list[Row], out=sys.stdout) -> None:
    """One line per workload: the figure for each engine (lower is better) and how many
    times tracegrad beats the others."""
    columns, compared = _columns(rows), [e for e in COMPARED if e in _columns(rows)]
    header = ["workload", "unit", *map(_name, columns), *(f"{e}/tracegrad" for e in compared)]
    lines = [[row.workload, row.unit, *(_cell(row.results.get(e)) for e in columns),
              *(_ratio(row, e) for e in compared)] for row in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines)]
    for i, line in enumerate([header, *lines]):
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths)).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)
    print(f"\nlower is better; the last {len(compared)} columns: how many times faster (or "
          f"smaller) {_name('tracegrad')} is.", file=out)
    for row in rows:
        notes = [row.note] if row.note else []
        for engine, value in row.results.items():
            if isinstance(value, Failed) and value.detail:
                notes.append(f"{engine} {value.short}: {value.detail}")
            elif isinstance(value, NotApplicable):
                notes.append(f"{engine} n/a: {value.reason}")
        for note in notes:
            print(f"- {row.workload}: {note}", file=out)


def markdown(rows: list[Row], facts: dict, versions: dict, goals: list[str] = ()) -> str:
    """The README's table: the same figures, with the machine and versions they came from."""
    columns, compared = _columns(rows), [e for e in COMPARED if e in _columns(rows)]
    header = ["workload", "unit", *map(_name, columns), *(f"{e} ÷ tracegrad" for e in compared)]
    lines = ["| " + " | ".join(header) + " |",
             "|---|---|" + "--:|" * (len(columns) + len(compared))]
    for row in rows:
        cells = [_cell(row.results.get(e)) for e in columns] + [_ratio(row, e) for e in compared]
        lines.append(f"| {row.workload} | {row.unit} | {' | '.join(cells)} |")
    used = ", ".join(f"{k} {v}" for k, v in versions.items() if v)
    lines.append("")
    lines.append(f"Measured {facts['date'][:10]} on {facts['cpu_count']} CPUs ({facts['machine']}, "
                 f"{facts['system']}), Python {facts['python']}; {used}. Lower is better; "
                 f"the ratios say how many times faster (or smaller) {_name('tracegrad')} is. "
                 "Notes: "
                 + "; ".join(sorted({row.note for row in rows if row.note})) + ".")
    if goals:
        lines += ["", "The compiled core's targets, from the same run:", "",
                  *(f"* {goal}" for goal in goals)]
    return "\n".join(lines)


def write_readme(rows: list[Row], readme: Path, versions: dict, goals: list[str] = ()) -> None:
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    text = readme.read_text()
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    table = markdown(rows, machine(), versions, goals)
    readme.write_text(f"{head}{begin}\n{table}\n{end}{tail}")


def machine() -> dict:
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "cpu_count": os.cpu_count(), "machine": platform.machine(),
            "system": platform.platform(), "processor": platform.processor(),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def write_json(rows: list[Row], path: Path, versions: dict, goals: list[str] = ()) -> None:
    def encode(value):
        if isinstance(value, Failed):
            return {"failed": value.short, "detail": value.detail}
        if isinstance(value, NotApplicable):
            return {"not_applicable": value.reason}
        return value

    data = {**machine(), "versions": versions, "compiled": autograd.compiled, "rows": [
        {"workload": r.workload, "unit": r.unit, "note": r.note,
         "results": {e: encode(v) for e, v in r.results.items()},
         "checks": {e: list(c) for e, c in r.checks.items()},
         **{f"{e}_over_tracegrad": r.ratio(e) for e in COMPARED}}
        for r in rows], "targets": list(goals)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
