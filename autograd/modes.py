"""Recording modes: ``no_grad``, ``enable_grad``, ``detect_anomaly`` and tracer ``scope``s.

The modes are per thread, as PyTorch's grad mode is (and per asyncio task: they live in a
``contextvars.ContextVar``): a thread inside ``no_grad()`` never stops another thread from
recording, and a new thread starts with recording on, no anomaly check and no scope.

The current modes are one immutable :class:`State`; entering a mode object pushes a new
state that points to the previous one, and leaving it pops back. A mode object only
remembers the last state it made (and from which), to push that same state again when
entered from the same place (an ``nn`` module's scope on every call), so it can be
entered again, nested in itself, shared between threads, and used as a decorator. The
forward fast path makes one call, ``state()``, and reads ``scope_path`` and ``plain``
(graphs recorded, no anomaly check) from it.

>>> from autograd import Value, no_grad
>>> with no_grad():
...     y = Value(2.0) * 3
>>> y.is_leaf
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar

__all__ = ["no_grad", "enable_grad", "detect_anomaly", "is_grad_enabled", "AnomalyError",
           "scope", "current_scope", "State", "state", "settle", "UNSET"]


class AnomalyError(ArithmeticError):
    """Raised under ``detect_anomaly()`` by the first op whose value or gradient is not finite."""


class State:
    """The modes in force: one immutable object per ``with`` block, linked to the one
    before it (``prev``) and to the key of the mode object that made it (``owner``: a
    token, not the object, so that a mode object remembering its state is no cycle)."""

    __slots__ = ("grad_enabled", "anomaly", "scope_path", "plain", "prev", "owner")

    def __init__(self, grad_enabled: bool, anomaly: bool, scope_path: str,
                 prev: State | None = None, owner: object = None) -> None:
        self.grad_enabled = grad_enabled
        self.anomaly = anomaly
        self.scope_path = scope_path  # the dotted scope every new node is tagged with
        self.plain = grad_enabled and not anomaly  # the forward fast path's one test
        self.prev = prev
        self.owner = owner

    def __repr__(self) -> str:
        return (f"State(grad_enabled={self.grad_enabled}, anomaly={self.anomaly}, "
                f"scope_path={self.scope_path!r})")


_BOTTOM = State(True, False, "")  # the modes outside every block; never mutated
# What a context where no mode was ever set sees. ContextVar.get is fast (cached) only for
# a variable set in the context; in one where another variable was set (Jupyter, asyncio)
# it would search on every op. So the fast path refuses this marker (plain=False), and
# the slow path, once per context, sets _BOTTOM (see settle).
UNSET = State(True, False, "")
UNSET.plain = False
_current: ContextVar[State] = ContextVar("autograd_modes", default=UNSET)  # noqa: B039
state: Callable[[], State] = _current.get
"""``state()``: the current thread's (or task's) :class:`State`."""


def settle() -> State:
    """Set the modes of a context that never set any (see ``UNSET``), so that reading
    them is cached from now on. Returns the current state."""
    s = _current.get()
    if s is UNSET:
        _current.set(s := _BOTTOM)
    return s


def __getattr__(name: str):
    # the module-level flags of earlier versions, read from the current state
    if name in ("grad_enabled", "anomaly", "scope_path", "plain"):
        return getattr(state(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_grad_enabled() -> bool:
    """True unless inside ``no_grad()`` (in this thread)."""
    return state().grad_enabled


def current_scope() -> str:
    """The dotted scope path new nodes are tagged with (``""`` outside any scope)."""
    return state().scope_path


_NEVER = (None, None)


class _Mode:
    """A context manager (and decorator) that pushes a :class:`State` on entry and pops
    it on exit. Subclasses say how the state changes in :meth:`_enter`.

    The state pushed depends only on the state entered from and on the mode object, and
    states are immutable: so each object keeps the last pair (from, pushed), and entering
    from the same state again pushes the same object (no new state, no new path string).
    The pair is one tuple, read and replaced whole, so threads sharing the object agree.
    """

    __slots__ = ("_key", "_last")

    def __init__(self) -> None:
        self._key = object()  # State.owner of the states this object pushes
        self._last = _NEVER   # (state entered from, state pushed) at the last entry

    def _enter(self, s: State) -> State:
        raise NotImplementedError

    def __enter__(self) -> None:
        s = _current.get()
        if s is UNSET:
            s = _BOTTOM
        last = self._last
        if last[0] is s:
            _current.set(last[1])
        else:
            new = self._enter(s)
            self._last = (s, new)
            _current.set(new)

    def __exit__(self, exc_type, exc, tb) -> None:
        s = _current.get()
        if s.owner is not self._key:  # misnested: pop back to the innermost state self pushed
            key = self._key
            while s is not None and s.owner is not key:
                s = s.prev
            if s is None:
                raise RuntimeError(f"{self!r}: __exit__ without a matching __enter__ in "
                                   "this thread (modes are per thread)")
        _current.set(s.prev)

    def __reduce__(self) -> tuple:
        # a copy (copy, deepcopy, pickle of a model holding one) is a fresh object
        return type(self), ()

    def __call__(self, function: Callable) -> Callable:
        """Use as a decorator: ``function`` runs inside this mode."""
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with self:
                return function(*args, **kwargs)
        return wrapper

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class _GradMode(_Mode):
    __slots__ = ()

    def __new__(cls, function: Callable | None = None):
        # `@no_grad` without parentheses decorates too, as in PyTorch
        self = super().__new__(cls)
        if function is None:
            return self   # __init__ runs next
        _Mode.__init__(self)
        return self(function)

    def __init__(self, function: None = None) -> None:
        _Mode.__init__(self)


class no_grad(_GradMode):
    """Ops inside record no graph; their results are leaves. Reusable, re-entrant, per
    thread; also a decorator (``@no_grad()`` or ``@no_grad``).

    >>> from autograd import Value, no_grad, is_grad_enabled
    >>> off = no_grad()
    >>> with off:
    ...     with off:
    ...         (Value(1.0) * 2).is_leaf
    True
    >>> is_grad_enabled()
    True
    """

    __slots__ = ()

    def _enter(self, s: State) -> State:
        return State(False, s.anomaly, s.scope_path, s, self._key)


class enable_grad(_GradMode):
    """Record graphs again inside a ``no_grad`` block."""

    __slots__ = ()

    def _enter(self, s: State) -> State:
        return State(True, s.anomaly, s.scope_path, s, self._key)


class detect_anomaly(_Mode):
    """Raise :class:`AnomalyError` at the first op whose forward value or backward
    gradient is NaN or infinite, naming that op.

    >>> from autograd import Value, detect_anomaly
    >>> with detect_anomaly():
    ...     Value(float("inf")) * 0
    Traceback (most recent call last):
    AnomalyError: mul(inf, 0.0) produced nan in the forward pass
    """

    __slots__ = ()

    def _enter(self, s: State) -> State:
        return State(s.grad_enabled, True, s.scope_path, s, self._key)


class scope(_Mode):
    """Tag every node created inside with a dotted scope path; scopes nest (the same
    object too), and ``with`` gives the path.

    >>> from autograd import Value, scope
    >>> with scope("layer1"):
    ...     with scope("neuron0"):
    ...         y = Value(1.0) * 2
    >>> y.scope
    'layer1.neuron0'
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        if not isinstance(name, str) or not name or "." in name:
            raise ValueError(f"scope: a name is a non-empty str without dots, got {name!r}")
        self.name = name
        self._key = object()  # as _Mode.__init__, inlined (`with scope(...)` made on the spot)
        self._last = _NEVER

    def _enter(self, s: State) -> State:
        path = f"{s.scope_path}.{self.name}" if s.scope_path else self.name
        return State(s.grad_enabled, s.anomaly, path, s, self._key)

    def __enter__(self) -> str:  # _Mode.__enter__, giving the path
        s = _current.get()
        if s is UNSET:
            s = _BOTTOM
        last = self._last
        if last[0] is s:
            new = last[1]
        else:
            new = self._enter(s)
            self._last = (s, new)
        _current.set(new)
        return new.scope_path

    def __reduce__(self) -> tuple:
        return type(self), (self.name,)

    def __repr__(self) -> str:
        return f"scope({self.name!r})"
