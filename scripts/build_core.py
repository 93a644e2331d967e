"""Compile tracegrad's hot modules with Cython, in place; or say why the engine stays pure.

    python scripts/build_core.py              # build now (make build)
    python scripts/build_core.py --if-needed  # build if missing or out of date (make demo/test)
    python scripts/build_core.py --clean      # remove the compiled modules: pure Python again

The modules in ``autograd._core.HOT`` are compiled from their ``.py`` source (Cython's
pure-Python mode), with the C types declared in the ``.pxd`` file beside each. Without
Cython, a C compiler or Python's headers nothing breaks: this prints one line saying the
engine runs pure Python, and exits 0. The build records the hash of each source, so a
module edited after the build is noticed at import (the pure engine runs until rebuilt).
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import json
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_core():
    """autograd/_core.py alone: importing the package would load the modules rebuilt here."""
    spec = importlib.util.spec_from_file_location("_tracegrad_core", ROOT / "autograd/_core.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_core = _load_core()

DIRECTIVES = {
    "language_level": 3,
    "binding": True,            # functions keep signatures and docstrings (inspect, doctest)
    "embedsignature": True,
    "cdivision": False,         # Python's division: ZeroDivisionError, floor semantics
    "infer_types": None,        # only safe inference: Python ints stay Python ints
    "annotation_typing": False, # type hints are for readers; C types come from the .pxd and
                                # cython.locals (a `float` hint would make a C double)
    "always_allow_keywords": True,
    "autotestdict": False,      # doctests are collected from the .py, once
}


def artefacts() -> list[Path]:
    """Everything a build leaves in the package (git-ignored)."""
    out = [_core.STAMP]
    for name in _core.HOT:
        out += [_core.HERE / f"{name}.c", _core.HERE / f"{name}.html"]
        out += [_core.HERE / f"{name}{s}" for s in importlib.machinery.EXTENSION_SUFFIXES]
    return [p for p in out if p.exists()]


def missing() -> str:
    """Why a build cannot run here, or '' when it can."""
    try:
        import Cython  # noqa: F401
        import setuptools  # noqa: F401
    except ImportError as e:
        return f"{e.name} is not installed (pip install cython setuptools)"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc} not found)"
    include = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not include.exists():
        return f"no Python headers ({include} is missing; apt-get install python3-dev)"
    return ""


def build(annotate: bool = False) -> None:
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    # type specs: Value is a heap type, so it takes new methods after its class is made
    # (the operators generated from the op table, register_op's), as a Python class does
    # -ffp-contract=off: `p.grad += g * d` on C doubles must round the product before the
    # sum, as Python does; clang (macOS, arm64) would otherwise fuse the two into one
    # multiply-add, and the engines would no longer agree bit for bit
    extensions = [Extension(f"autograd.{name}", [str(_core.HERE / f"{name}.py")],
                            define_macros=[("CYTHON_USE_TYPE_SPECS", "1")],
                            extra_compile_args=["-ffp-contract=off"])
                  for name in _core.HOT]
    with tempfile.TemporaryDirectory() as tmp:
        modules = cythonize(extensions, compiler_directives=DIRECTIVES, annotate=annotate,
                            include_path=[str(ROOT)],
                            quiet=True, force=True)
        dist = Distribution({"ext_modules": modules, "script_args": [
            "build_ext", "--inplace", "--build-temp", tmp]})
        dist.parse_command_line()
        dist.run_commands()
    _core.STAMP.write_text(json.dumps(_core.source_hashes(), indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    parser.add_argument("--if-needed", action="store_true",
                        help="only when the compiled modules are missing or out of date")
    parser.add_argument("--annotate", action="store_true",
                        help="also write autograd/NAME.html: Cython's view of the C it made")
    args = parser.parse_args(argv)
    if args.if_needed and not args.clean and not _core.stale():
        return 0
    for path in artefacts():
        path.unlink()
    if args.clean:
        print("tracegrad: compiled core removed; the engine runs pure Python")
        return 0
    why = missing()
    if why:
        print(f"tracegrad: {why}: the engine runs pure Python (autograd.compiled is False)")
        return 0
    try:
        build(args.annotate)
    except Exception as e:  # noqa: BLE001 - any failure leaves the pure engine, said once
        for path in artefacts():
            path.unlink()
        print(f"tracegrad: the compiled core did not build ({type(e).__name__}: {e}); "
              "the engine runs pure Python (autograd.compiled is False)")
        return 0 if args.if_needed else 1
    for path in (_core.HERE / f"{n}.c" for n in _core.HOT):
        if path.exists() and not args.annotate:
            path.unlink()
    print(f"tracegrad: compiled {', '.join(_core.HOT)} with Cython (autograd.compiled is True)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
