"""Global recording modes: ``no_grad``, ``detect_anomaly`` and tracer ``scope``s.

The flags are process-wide (not per thread): tracegrad is a single-threaded teaching
engine. The forward fast path reads one flag, ``plain``, which is true when graphs are
recorded and no anomaly check is on.

>>> from autograd import Value, no_grad
>>> with no_grad():
...     y = Value(2.0) * 3
>>> y.is_leaf
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["no_grad", "enable_grad", "detect_anomaly", "is_grad_enabled", "AnomalyError",
           "scope", "current_scope"]

grad_enabled = True
anomaly = False
plain = True  # grad_enabled and not anomaly
scope_path = ""  # the dotted scope every new node is tagged with


class AnomalyError(ArithmeticError):
    """Raised under ``detect_anomaly()`` by the first op whose value or gradient is not finite."""


def _set(*, grad: bool | None = None, check: bool | None = None) -> None:
    global grad_enabled, anomaly, plain
    if grad is not None:
        grad_enabled = grad
    if check is not None:
        anomaly = check
    plain = grad_enabled and not anomaly


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad()``."""
    return grad_enabled


@contextmanager
def _mode(**flags: bool) -> Iterator[None]:
    before = {"grad": grad_enabled, "check": anomaly}
    _set(**flags)
    try:
        yield
    finally:
        _set(**before)


def no_grad():
    """Context manager: ops inside record no graph; their results are leaves."""
    return _mode(grad=False)


def enable_grad():
    """Context manager: record graphs again inside a ``no_grad`` block."""
    return _mode(grad=True)


def detect_anomaly():
    """Context manager: raise :class:`AnomalyError` at the first op whose forward value or
    backward gradient is NaN or infinite, naming that op.

    >>> from autograd import Value, detect_anomaly
    >>> with detect_anomaly():
    ...     Value(float("inf")) * 0
    Traceback (most recent call last):
    AnomalyError: mul(inf, 0.0) produced nan in the forward pass
    """
    return _mode(check=True)


def current_scope() -> str:
    """The dotted scope path new nodes are tagged with (``""`` outside any scope)."""
    return scope_path


class scope:
    """Tag every node created inside with a dotted scope path; scopes nest.

    A small class rather than a generator: nn modules open one per call.

    >>> from autograd import Value, scope
    >>> with scope("layer1"):
    ...     with scope("neuron0"):
    ...         y = Value(1.0) * 2
    >>> y.scope
    'layer1.neuron0'
    """

    __slots__ = ("name", "_before")

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name or "." in name:
            raise ValueError(f"scope: a name is a non-empty str without dots, got {name!r}")
        self.name = name

    def __enter__(self) -> str:
        global scope_path
        self._before = before = scope_path
        scope_path = f"{before}.{self.name}" if before else self.name
        return scope_path

    def __exit__(self, *exc) -> None:
        global scope_path
        scope_path = self._before
