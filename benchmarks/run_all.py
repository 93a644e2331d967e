"""`make bench`: every workload, all engines in this one process, one table.

    python benchmarks/run_all.py            # full sizes (a few minutes on 2 cores)
    python benchmarks/run_all.py --quick    # tiny sizes, seconds (the smoke test)

Writes the same figures to out/bench.json (or --json PATH). Fails if two engines
disagree on a loss or a gradient. When the compiled core is built (``autograd.compiled``),
the same workloads also run in a child process with ``TRACEGRAD_PURE=1``: the table shows
both modes of tracegrad side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_codegen  # noqa: E402
import bench_deep_chain  # noqa: E402
import bench_gpt  # noqa: E402
import bench_memory  # noqa: E402
import bench_per_op  # noqa: E402
import bench_tracer  # noqa: E402
import bench_training  # noqa: E402
import bench_viz  # noqa: E402
import bench_wide  # noqa: E402
import targets  # noqa: E402
from engines import available, missing  # noqa: E402
from measure import Row, check_agreement  # noqa: E402
from report import print_table, write_json, write_readme  # noqa: E402

import autograd  # noqa: E402

WORKLOADS = (bench_per_op, bench_deep_chain, bench_wide, bench_training, bench_gpt,
             bench_memory, bench_tracer, bench_viz, bench_codegen)


def _versions() -> dict:
    found = {}
    for package in ("tracegrad", "micrograd", "torch"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = None
    return found


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for the smoke test")
    parser.add_argument("--json", type=Path, default=Path("out/bench.json"))
    parser.add_argument("--readme", action="store_true",
                        help="also write the table into README.md (between its bench markers)")
    parser.add_argument("--engines", help="only these engines (comma-separated names)")
    parser.add_argument("--no-pure", action="store_true",
                        help="do not also run the pure-Python engine beside a compiled one")
    parser.add_argument("--workloads", help="only these workloads (comma-separated modules)")
    args = parser.parse_args(argv)
    workloads = [w for w in WORKLOADS
                 if not args.workloads or w.__name__ in args.workloads.split(",")]
    engines = available()
    if args.engines:
        engines = [e for e in engines if e.name in args.engines.split(",")]
    elif missing():
        print(f"not installed, left out: {', '.join(missing())} "
              "(make bench installs them: pip install -e '.[bench,torch]')")
    rows: list[Row] = []
    for workload in workloads:
        start = time.perf_counter()
        new = workload.run(engines, quick=args.quick)
        if autograd.compiled and not args.no_pure:
            _add_pure_run(workload.__name__, new, args.quick)
        rows += new
        print(f"  {workload.__name__}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    for row in rows:
        check_agreement(row)
    print_table(rows)
    goals = targets.compiled_core(rows)
    if goals:
        print("\nthe compiled core's targets (issue 17):")
        print("\n".join(f"- {line}" for line in goals))
    write_json(rows, args.json, _versions(), goals)
    print(f"wrote {args.json}")
    if args.readme:
        write_readme(rows, Path(__file__).parents[1] / "README.md", _versions(), goals)
        print("wrote the table into README.md")
    return rows


def _add_pure_run(workload: str, rows: list[Row], quick: bool) -> None:
    """The workload again on tracegrad with TRACEGRAD_PURE=1, right after the compiled run
    (so both see the same machine), in a child process (a process imports the engine
    once, compiled or not), as the "tracegrad pure" column."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pure.json"
        command = [sys.executable, __file__, "--engines", "tracegrad", "--no-pure",
                   "--workloads", workload, "--json", str(path)] + (["--quick"] if quick else [])
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "TRACEGRAD_PURE": "1"})
        pure = json.loads(path.read_text())
    for row, data in zip(rows, pure["rows"], strict=True):
        value = data["results"].get("tracegrad")
        if isinstance(value, float):
            row.results["tracegrad pure"] = value
        if "tracegrad" in data["checks"]:
            row.checks["tracegrad pure"] = tuple(data["checks"]["tracegrad"])


if __name__ == "__main__":
    main()
