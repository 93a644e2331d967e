"""The table `make bench` prints and the JSON it writes (out/bench.json)."""

from __future__ import annotations

import datetime
import json
import os
import platform
import sys
from pathlib import Path

from measure import Failed, NotApplicable, Row

ENGINES = ("tracegrad", "micrograd", "torch")


def _cell(value) -> str:
    if value is None or isinstance(value, (Failed, NotApplicable)):
        return str(value or "n/a")
    return f"{value:,.3g}" if value < 100 else f"{value:,.0f}"


def _ratio(row: Row, engine: str) -> str:
    r = row.ratio(engine)
    return "" if r is None else f"{r:.1f}x"


def print_table(rows: list[Row], out=sys.stdout) -> None:
    """One line per workload: the figure for each engine (lower is better) and how many
    times tracegrad beats micrograd and torch."""
    header = ["workload", "unit", *ENGINES, "micrograd/tracegrad", "torch/tracegrad"]
    lines = [[row.workload, row.unit, *(_cell(row.results.get(e)) for e in ENGINES),
              _ratio(row, "micrograd"), _ratio(row, "torch")] for row in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines)]
    for i, line in enumerate([header, *lines]):
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths)).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)
    print("\nlower is better; the last two columns: how many times faster (or smaller) "
          "tracegrad is.", file=out)
    for row in rows:
        notes = [row.note] if row.note else []
        for engine, value in row.results.items():
            if isinstance(value, Failed) and value.detail:
                notes.append(f"{engine} {value.short}: {value.detail}")
            elif isinstance(value, NotApplicable):
                notes.append(f"{engine} n/a: {value.reason}")
        for note in notes:
            print(f"- {row.workload}: {note}", file=out)


def markdown(rows: list[Row], facts: dict, versions: dict) -> str:
    """The README's table: the same figures, with the machine and versions they came from."""
    lines = ["| workload | unit | tracegrad | micrograd | torch | micrograd ÷ tracegrad "
             "| torch ÷ tracegrad |", "|---|---|--:|--:|--:|--:|--:|"]
    for row in rows:
        cells = [_cell(row.results.get(e)) for e in ENGINES]
        lines.append(f"| {row.workload} | {row.unit} | {' | '.join(cells)} | "
                     f"{_ratio(row, 'micrograd')} | {_ratio(row, 'torch')} |")
    used = ", ".join(f"{k} {v}" for k, v in versions.items() if v)
    lines.append("")
    lines.append(f"Measured {facts['date'][:10]} on {facts['cpu_count']} CPUs ({facts['machine']}, "
                 f"{facts['system']}), Python {facts['python']}; {used}. Lower is better; "
                 "the ratios say how many times faster (or smaller) tracegrad is. Notes: "
                 + "; ".join(sorted({row.note for row in rows if row.note})) + ".")
    return "\n".join(lines)


def write_readme(rows: list[Row], readme: Path, versions: dict) -> None:
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    text = readme.read_text()
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    readme.write_text(f"{head}{begin}\n{markdown(rows, machine(), versions)}\n{end}{tail}")


def machine() -> dict:
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "cpu_count": os.cpu_count(), "machine": platform.machine(),
            "system": platform.platform(), "processor": platform.processor(),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def write_json(rows: list[Row], path: Path, versions: dict) -> None:
    def encode(value):
        if isinstance(value, Failed):
            return {"failed": value.short, "detail": value.detail}
        if isinstance(value, NotApplicable):
            return {"not_applicable": value.reason}
        return value

    data = {**machine(), "versions": versions, "rows": [
        {"workload": r.workload, "unit": r.unit, "note": r.note,
         "results": {e: encode(v) for e, v in r.results.items()},
         "micrograd_over_tracegrad": r.ratio("micrograd"), "torch_over_tracegrad": r.ratio("torch")}
        for r in rows]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
