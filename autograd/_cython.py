"""What the engine uses of Cython's pure-Python mode, as no-ops, so that the engine runs
as plain Python without Cython installed. (With Cython installed, ``import cython`` gives
Cython's own no-op versions; compiled, they declare C types: scripts/build_core.py.)"""

compiled = False


def _no_op(*args, **kwargs):
    return lambda thing: thing


locals = trashcan = _no_op  # noqa: A001 - Cython's names
double = float


def declare(kind, value=None):
    return value


def cclass(cls):
    return cls


cfunc = cclass
