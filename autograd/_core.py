"""Which engine runs: the pure-Python source, or the same source compiled by Cython.

``scripts/build_core.py`` compiles the hot modules (``HOT``) in place, each into an
extension module beside its ``.py``, and records a hash of the sources it compiled. At
import, the compiled modules are used only when they exist, were built from exactly the
sources on disk, and ``TRACEGRAD_PURE`` is not set to 1; otherwise every hot module is
imported from its ``.py``. ``autograd.compiled`` says which.

This module must not import the rest of the package: it runs before the engine does.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

__all__ = ["HOT", "STAMP", "decide", "stale", "source_hashes", "compiled", "compiled_why"]

PACKAGE = "autograd"
HERE = Path(__file__).parent
HOT = ("modes", "ops", "value", "backward")
"""The modules compiled, in import order; ``.pxd`` files beside them add C types."""
STAMP = HERE / "_core_build.json"
"""Written by the build: the hash of every source each compiled module was made from."""


def source_hashes() -> dict[str, str]:
    """sha256 of each hot module's ``.py`` and ``.pxd`` (what a build compiles)."""
    out = {}
    for name in HOT:
        h = hashlib.sha256()
        for suffix in (".py", ".pxd"):
            path = HERE / f"{name}{suffix}"
            h.update(suffix.encode() + (path.read_bytes() if path.exists() else b""))
        out[name] = h.hexdigest()
    return out


def _extension(name: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = HERE / f"{name}{suffix}"
        if path.exists():
            return path
    return None


def stale() -> str:
    """'' when every hot module is compiled from exactly the sources on disk, else why not."""
    if not any(_extension(n) for n in HOT):
        return "no compiled core (make build compiles it)"
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        stamp = {}
    hashes = source_hashes()
    old = [n for n in HOT if stamp.get(n) != hashes[n] or _extension(n) is None]
    if old:
        return (f"the compiled core is out of date with {', '.join(old)}.py "
                "(make build rebuilds it)")
    return ""


def decide() -> tuple[bool, str]:
    """(compiled, why): whether the compiled hot modules can and should be used."""
    if os.environ.get("TRACEGRAD_PURE", "") not in ("", "0"):
        return False, "TRACEGRAD_PURE is set"
    why = stale()
    return (False, why) if why else (True, "compiled by Cython from the same source")


class _PureFinder:
    """Imports each hot module from its ``.py`` even where an extension module is beside
    it (Python would otherwise prefer the extension)."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        package, _, name = fullname.rpartition(".")
        if package != PACKAGE or name not in HOT:
            return None
        return importlib.util.spec_from_file_location(fullname, HERE / f"{name}.py")


def install() -> tuple[bool, str]:
    """Decide, and make the imports that follow load the chosen modules."""
    compiled, why = decide()
    if not compiled and any(_extension(n) for n in HOT):
        if not any(isinstance(f, _PureFinder) for f in sys.meta_path):
            sys.meta_path.insert(0, _PureFinder())
        if "TRACEGRAD_PURE" not in why:  # built but unusable: say so, once per process
            print(f"tracegrad: running the pure-Python engine: {why}", file=sys.stderr)
    return compiled, why


compiled, compiled_why = install() if __name__ == f"{PACKAGE}._core" else (False, "")
"""``autograd.compiled``: True when the engine runs compiled by Cython (``make build``),
False for pure Python; ``compiled_why`` says why. ``TRACEGRAD_PURE=1`` forces pure Python."""
