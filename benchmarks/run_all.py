"""`make bench`: every workload, all engines in this one process, one table.

    python benchmarks/run_all.py            # full sizes (a few minutes on 2 cores)
    python benchmarks/run_all.py --quick    # tiny sizes, seconds (the smoke test)

Writes the same figures to out/bench.json (or --json PATH). Fails if two engines
disagree on a loss or a gradient.
"""

from __future__ import annotations

import argparse
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_codegen  # noqa: E402
import bench_deep_chain  # noqa: E402
import bench_memory  # noqa: E402
import bench_per_op  # noqa: E402
import bench_tracer  # noqa: E402
import bench_training  # noqa: E402
import bench_viz  # noqa: E402
import bench_wide  # noqa: E402
from engines import available, missing  # noqa: E402
from measure import Row, check_agreement  # noqa: E402
from report import print_table, write_json, write_readme  # noqa: E402

WORKLOADS = (bench_per_op, bench_deep_chain, bench_wide, bench_training, bench_memory,
             bench_tracer, bench_viz, bench_codegen)


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
    args = parser.parse_args(argv)
    engines = available()
    if missing():
        print(f"not installed, left out: {', '.join(missing())} "
              "(make bench installs them: pip install -e '.[bench,torch]')")
    rows: list[Row] = []
    for workload in WORKLOADS:
        start = time.perf_counter()
        rows += workload.run(engines, quick=args.quick)
        print(f"  {workload.__name__}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    for row in rows:
        check_agreement(row)
    print_table(rows)
    write_json(rows, args.json, _versions())
    print(f"wrote {args.json}")
    if args.readme:
        write_readme(rows, Path(__file__).parents[1] / "README.md", _versions())
        print("wrote the table into README.md")
    return rows


if __name__ == "__main__":
    main()
