"""``python -m autograd.exercises release OUT`` / ``grade SUBMISSIONS`` (see the package)."""

from __future__ import annotations

import argparse
import sys

from . import grade, release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograd.exercises",
                                     description="tracegrad's exercise kit, for teachers")
    commands = parser.add_subparsers(dest="command", required=True)
    r = commands.add_parser("release", help="write the student version: stubs and tests")
    r.add_argument("out", help="the folder to write (must be empty, or --force)")
    r.add_argument("--source", help="the kit (default: the repository's exercises/)")
    r.add_argument("--force", action="store_true", help="write into a non-empty folder")
    r.add_argument("--no-check", action="store_true",
                   help="do not run the reference solutions first")
    g = commands.add_parser("grade", help="grade a folder of student folders")
    g.add_argument("submissions", help="a folder holding one folder per student")
    g.add_argument("--out", default="gradebook.csv", help="the CSV to write "
                   "(feedback/STUDENT.txt goes next to it)")
    g.add_argument("--source", help="the kit (default: the repository's exercises/)")
    g.add_argument("--timeout", type=float, default=10.0, help="seconds per test (10)")
    args = parser.parse_args(argv)
    try:
        if args.command == "release":
            files = release(args.out, args.source, force=args.force, check=not args.no_check)
            print(f"released {len(files)} files to {args.out} (no solutions)")
        else:
            grade(args.submissions, args.out, args.source, timeout=args.timeout)
    except (FileNotFoundError, FileExistsError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
