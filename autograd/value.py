"""``Value``: one scalar node of the graph; its operators are generated from the op table.

A node stores its arguments and the local derivatives its op's rule returned at forward
time. It never references itself or its consumers, so a dropped graph is freed by
reference counting alone, without the cyclic garbage collector.

>>> x = Value(2.0, label="x")
>>> y = x * x + 1
>>> y.backward(); x.grad
4.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from numbers import Real

from . import modes
from .closures import closure_op, is_closure, probe
from .modes import State
from .ops import FLOAT, FLOAT_FAST, OPS, VALUE, DomainError, Op

try:  # Cython's pure-Python mode: C types when compiled (scripts/build_core.py), else no-ops
    import cython
except ImportError:  # without Cython installed: the same no-ops
    from . import _cython as cython

__all__ = ["Value", "apply", "set_node", "factory", "collectable", "collectable_grads",
           "settled", "needs_attributes", "grads_put_aside", "engine_sets_grad", "names",
           "is_closure_node"]

_state = modes.state  # the current thread's modes: one call on the hot path


class _InTheField:
    __slots__ = ()

    def __repr__(self) -> str:
        return "_FIELD"


_FIELD = _InTheField()
"""``_Info.grad`` when the grad is the number in the node's own ``grad`` field."""


class _Info:
    """What few nodes have, kept out of the node (see :class:`Value`'s ``_info``): a
    label, a scope that is not a str, and (compiled) a grad that is not a float."""

    __slots__ = ("label", "scope", "grad")

    def __init__(self, label: object, scope: object) -> None:
        self.label, self.scope, self.grad = label, scope, _FIELD


def names(label: object, scope: object) -> str | _Info:
    """What a node's ``_info`` holds for this label and scope: the scope itself when the
    label is ``""`` (every node an op makes), else an ``_Info``."""
    if type(label) is str and not label and type(scope) is str:
        return scope
    return _Info(label, scope)


@cython.trashcan(True)  # compiled: freeing a chain a million nodes deep recurses no deeper
@cython.cclass          # compiled: an extension type, its fields declared in value.pxd
class Value:
    """A scalar in the graph: ``data``, ``grad``, ``label``, the ``op`` that made it, and
    its ``args`` (Values, or numbers stored as constants). Leaves (inputs, parameters)
    have ``op is None``. ``scope`` is the dotted ``autograd.scope`` path it was made in.

    Comparisons: ``==`` and ``hash`` are by identity, so Values work as dict keys and in
    sets, and two nodes holding the same number stay two nodes. ``<``, ``<=``, ``>`` and
    ``>=`` compare ``data`` (with a Value or a number) and return a plain bool, which is
    not differentiable.

    Layout (for speed and memory: one object per op, 8 fields): ``_a``/``_b`` hold the
    first/second argument and ``_da``/``_db`` their local derivatives; a one-argument
    node has ``_b = None``; an n-ary node (sum, dot) keeps all its arguments as a tuple
    in ``_a`` and their derivatives as a tuple in ``_b`` (a micrograd-style node: its
    ``_backward`` closure, or None). Read them through ``args``, ``parents`` and
    ``local_grads``. ``_info`` is the scope (a str) for a node with no label, else an
    ``_Info`` holding label and scope. Compiled, ``data``, ``grad``, ``_da`` and ``_db``
    are C doubles: a node is 96 bytes with nothing else to allocate, and a grad that is
    not a float (a Value, under ``create_graph``) is kept in the ``_Info``.

    micrograd's constructor works too: ``Value(data, _children, _op)`` makes a node whose
    ``_backward`` closure, once assigned, ``backward()`` runs (``autograd/closures.py``).
    A str in second place is the label (``Value(2.0, "x")``). Subclasses work; ops on
    them return plain Values, as in micrograd, and ``2 + v`` calls a subclass's own
    ``__add__`` (``2 * v`` its ``__mul__``).

    >>> Value(0.5, label="w")
    Value(data=0.5, grad=0.0, label='w')
    """

    __slots__ = ("data", "grad", "op", "_a", "_b", "_da", "_db", "_info")

    def __init__(self, data: float, _children: Iterable[Value] = (), _op: str = "",
                 label: str = "") -> None:
        if type(_children) is str and not _op and not label:
            _children, label = (), _children       # Value(2.0, "x"): the label
        if not isinstance(label, str):
            raise TypeError(f"Value: label must be a str, got {type(label).__name__}")
        data = _to_float(data, "Value")
        scope = _state().scope_path
        self._info = names(label, scope)
        if type(self) is Value:
            self.data = data
            self.grad = 0.0
        else:   # through the attributes, which a subclass may have made its own
            _set_attributes(self, data, label, scope)
        self.op = None
        self._a = self._b = None
        self._da = self._db = 0.0
        if _children:
            _closure_node(self, _children, _op)


    def __array_ufunc__(self, ufunc, method: str, *inputs, **kwargs):
        """numpy ufuncs and operators with Values: elementwise over object arrays
        (``arr - v``, ``np.exp(arr)``); a numpy scalar with a Value gives a Value."""
        from .numpy_interop import array_ufunc
        return array_ufunc(ufunc, method, inputs, kwargs)

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={_short(_own(self))}, grad={_short(_grad(self))}{label})"

    # --- names: the label, and the autograd.scope the node was made in (in _info) ---------
    @property
    def label(self) -> str:
        """The node's name, shown in diagrams and listings (``""``: none)."""
        info = self._info
        return "" if type(info) is str else info.label

    @label.setter
    def label(self, label: str) -> None:
        info = self._info
        if type(info) is _Info:
            info.label = label
        else:
            self._info = names(label, info)

    @property
    def scope(self) -> str:
        """The dotted ``autograd.scope`` path the node was made in (``""``: none)."""
        info = self._info
        return info if type(info) is str else info.scope

    @scope.setter
    def scope(self, scope: str) -> None:
        info = self._info
        if type(info) is _Info:
            info.scope = scope
        else:
            self._info = names("", scope)

    # --- the graph, read-only views ------------------------------------------------------
    @property
    def args(self) -> tuple:
        """The op's arguments in order: Values, or floats for numbers used as constants."""
        a = self._a
        if type(a) is tuple:
            return a
        if self.op is None:
            return ()
        return (a,) if self._b is None else (a, self._b)

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Value arguments (no constants), in order."""
        return tuple([a for a in self.args if type(a) is not float])

    @property
    def local_grads(self) -> tuple:
        """d self / d arg for each of ``args``, as computed at forward time (read off
        the ``_backward`` closure for a node built micrograd's way)."""
        a, b = self._a, self._b
        if type(a) is tuple:
            if type(b) is tuple:
                return b
            return (0.0,) * len(a) if b is None else probe(self, b)
        if self.op is None:
            return ()
        if b is None:
            return (self._da,)
        return (self._da, self._db)

    @property
    def is_leaf(self) -> bool:
        """True for inputs and parameters: nodes no op produced."""
        return self.op is None

    # micrograd's names, read-only, so its hand-written draw_dot works unchanged
    @property
    def _prev(self) -> set[Value]:
        """The parents as a set, as micrograd's ``Value._prev``."""
        return set(self.parents)

    @property
    def _op(self) -> str:
        """The op's symbol with any constant argument (``'**2'``, ``'*3'``), ``''`` for a
        leaf, as micrograd's ``Value._op``."""
        if self.op is None:
            return ""
        symbol = self.op.symbol
        args = self.args
        if self.op.arity != 2 or len(args) != 2:
            return symbol
        a, b = args
        if type(a) is float:
            return f"{a:g}{symbol}"
        return symbol if type(b) is not float else f"{symbol}{b:g}"

    # --- the chain rule for one node (the micrograd lecture's manual backprop) -----------
    def backward_step(self) -> None:
        """Apply the chain rule for this one node: ``p.grad += self.grad * d self / d p``
        for each argument ``p``, with the local derivatives stored at forward time. A leaf
        does nothing. Called on every node in reverse topological order, after setting the
        output's grad to 1, it gives exactly ``backward()``'s gradients (which, unlike
        this, also zeroes non-leaf grads first).

        >>> x = Value(3.0); y = x * x
        >>> y.grad = 1.0; y.backward_step(); x.grad
        6.0
        """
        if is_closure_node(self):
            if self._b is not None:
                self._b()
            return
        g = _grad(self)
        for p, d in zip(self.args, self.local_grads):
            if type(p) is not float:
                p.grad += g * d

    @property
    def _backward(self) -> Callable[[], None]:
        """micrograd's name: this node's chain-rule step, :meth:`backward_step` (or the
        closure assigned to a node built as ``Value(data, _children, _op)``)."""
        if is_closure_node(self) and self._b is not None:
            return self._b
        return self.backward_step

    @_backward.setter
    def _backward(self, closure: Callable[[], None]) -> None:
        if not callable(closure):
            raise TypeError(f"Value._backward: expected a function of no arguments, got "
                            f"{type(closure).__name__}")
        if is_closure(self.op):
            self._b = closure
        elif self.op is not None:
            raise TypeError(f"Value._backward: this node was made by the op table's "
                            f"{self.op.name!r}, whose backward is its rule; to add an op, "
                            "build its node as Value(data, _children, _op) or use "
                            "autograd.register_op")
        elif _state().grad_enabled and not _does_nothing(closure):
            raise TypeError("Value._backward: this node is a leaf (no children), so a "
                            "closure has nothing to send gradients to; build it as "
                            "Value(data, _children, _op)")
        # micrograd's ``lambda: None`` on a leaf, or any closure under no_grad (the node
        # is a leaf on purpose): nothing to run, a leaf's backward step does nothing

    # --- comparisons (by data); == and hash by identity -----------------------------------
    def __lt__(self, other): return _own(self) < _data(other, "<")
    def __le__(self, other): return _own(self) <= _data(other, "<=")
    def __gt__(self, other): return _own(self) > _data(other, ">")
    def __ge__(self, other): return _own(self) >= _data(other, ">=")

    def __float__(self) -> float:
        return _own(self)

    def __format__(self, spec: str) -> str:
        """``f"{v:.2f}"`` formats ``data``; ``f"{v}"`` is the repr."""
        return format(_own(self), spec) if spec else str(self)

    def __round__(self, ndigits: int | None = None) -> float | int:
        """``round(v, 2)`` is a float and ``round(v)`` an int, as for ``data`` (not a node)."""
        return round(_own(self), ndigits)

    # --- PyTorch's names for a scalar: item(), int(), pow() ------------------------------------
    def item(self) -> float:
        """``data`` as a Python float, as PyTorch's ``Tensor.item()`` (not a node).

        >>> Value(2.5).item()
        2.5
        """
        return float(_own(self))

    def __int__(self) -> int:
        """``int(v)`` is ``int(v.data)``: truncated toward zero, not a node."""
        return int(_own(self))

    def pow(self, exponent) -> Value:
        """``self ** exponent`` (a node), as PyTorch's ``Tensor.pow``.

        >>> Value(3.0).pow(2)
        Value(data=9.0, grad=0.0)
        """
        return self ** exponent

    # --- gradients ---------------------------------------------------------------------------
    def backward(self, create_graph: bool = False) -> None:
        """Set ``node.grad = d self / d node`` for every node of this graph.

        Leaf grads accumulate across calls (clear them with ``autograd.zero_grad``);
        other nodes' grads are replaced. With ``create_graph=True`` leaf grads are
        Values that can be differentiated again.
        """
        from .backward import backward
        backward(self, create_graph=create_graph)

    # --- copying and pickling: iterative, any depth (autograd/copying.py) ----------------
    def __reduce_ex__(self, protocol: int) -> tuple:
        return _copying.reduce_value(self)

    def __setstate__(self, state: tuple) -> None:
        _copying.set_state(self, state)

    def __copy__(self) -> Value:
        return _copying.copy_value(self)

    def __deepcopy__(self, memo: dict) -> Value:
        return _copying.deepcopy_value(self, memo)

    def detach(self) -> Value:
        """A new leaf with the same data and label, cut off from this graph."""
        return Value(_own(self), label=self.label)


# compiled from text: the code of a Python ``lambda: None`` (a compiled lambda has no such code)
_NOTHING = next(c for c in compile("lambda: None", "<no-op>", "eval").co_consts
                if hasattr(c, "co_code"))


def _does_nothing(f: Callable) -> bool:
    """True for a function of no arguments whose body is ``None`` or ``pass``
    (micrograd's ``self._backward = lambda: None``)."""
    code = getattr(f, "__code__", None)
    return (code is not None and code.co_code == _NOTHING.co_code and not code.co_names
            and code.co_argcount == 0 and all(c is None for c in code.co_consts))


def _closure_node(v: Value, children: Iterable, symbol: str) -> None:
    """Make ``v`` a micrograd-style node (``Value(data, children, symbol)``): its
    children, each once, as arguments; its ``_backward`` is assigned afterwards."""
    if type(children) is not tuple or len(children) > 2:
        children = tuple({id(c): c for c in children}.values())   # by identity
    elif len(children) == 2 and children[0] is children[1]:
        children = children[:1]
    for c in children:
        if not isinstance(c, Value):
            raise TypeError(f"Value(..., _children, {symbol!r}): every child must be a "
                            f"Value, got {type(c).__name__} {c!r:.60}")
    if type(symbol) is not str:
        raise TypeError(f"Value: _op must be a str, got {type(symbol).__name__}")
    s = _state()
    if not s.plain:
        s = modes.settle()
        if s.anomaly and not math.isfinite(v.data):
            shown = ", ".join(repr(c.data) for c in children)
            raise modes.AnomalyError(f"{symbol}({shown}) produced {v.data} in the forward pass")
        if not s.grad_enabled:
            return
    v.op = closure_op(symbol)
    v._a = children
    v._b = None         # its _backward closure, once assigned
    collectable((v,))   # its closure will refer back to it: a cycle for the collector


# Set here, not in the class body, where a compiled class cannot have them.
Value.__eq__ = object.__eq__
Value.__hash__ = object.__hash__

# Compiled, a node is born untracked by Python's cyclic garbage collector. A graph of
# table ops has no cycles (a node refers to its arguments only), so reference counting
# frees it, as in pure Python; and the collector, which otherwise walks every live node
# each time it runs (over half the forward pass's time in a training step), never sees
# it. A node that can sit on a cycle is handed back to it: see ``collectable``.
if cython.compiled:
    tracegrad_untrack_at_birth(Value)  # noqa: F821 - C, in value.pxd (a Value subclass is tracked)


def collectable(nodes: Iterable[Value]) -> None:
    """Put ``nodes`` and every node they depend on (back) under the cyclic garbage
    collector: what may be on a reference cycle must be, or the cycle is never freed.

    Compiled, nodes are born untracked (see above). Three rules keep every cycle through
    nodes in the collector's sight: the engine calls this where it makes a cycle (a
    micrograd-style closure node, whose closure refers to it; a grad that is a Value
    under ``create_graph``, whose graph contains the node; copies of those); a node made
    from a tracked argument is tracked (``tracegrad_inherit``, ``set_node``: whatever it
    may close a cycle with is); and a tracked node's ancestors are tracked (this walk,
    which can therefore stop at tracked nodes; one collection then frees a chain of
    cycles linked through table ops). A no-op in pure Python, where every node is
    tracked."""
    if not cython.compiled:
        return
    stack = list(nodes)
    for v in stack:
        tracegrad_track(v)  # noqa: F821 - C, in value.pxd
    while stack:
        v = stack.pop()
        for p in v.parents:
            if tracegrad_track(p):  # noqa: F821 - True if it was untracked
                stack.append(p)


def is_closure_node(v: Value) -> bool:
    """A node built micrograd's way: n-ary (``_a`` a tuple), with its ``_backward``
    closure (or None, not yet assigned) where a table op keeps its derivatives."""
    return type(v._a) is tuple and type(v._b) is not tuple


def _own(v: Value) -> object:
    """``v.data`` through the attribute: compiled, a Value's own methods would read the C
    field, where a subclass may have made ``data`` a property."""
    return v.data


def _grad(v: Value) -> object:
    """``v.grad`` through the attribute: compiled, a Value's own methods read the C
    double field, which holds no grad that is not a float (see ``_get_grad``)."""
    return v.grad


@cython.cfunc
def _aside(info: object) -> bool:
    """A node's ``_info`` holding its grad (compiled: a grad that is not a float)."""
    return type(info) is _Info and info.grad is not _FIELD


@cython.locals(v=Value)
def _get_grad(v: Value) -> object:
    info = v._info
    if _aside(info):
        return info.grad
    return v.grad


@cython.locals(v=Value)
def _set_grad(v: Value, g: object) -> None:
    if _store_grad(v, g):   # not a number: it may close a cycle through v
        collectable((v, g) if isinstance(g, Value) else (v,))


@cython.locals(v=Value)
def _store_grad(v: Value, g: object) -> bool:
    """Compiled: ``g`` into v's double field, or beside it (True) if not a number."""
    info = v._info
    if type(g) is not float:
        if isinstance(g, Real):
            g = float(g)
        else:   # a Value (create_graph), or whatever else a user puts there (None...)
            if type(info) is not _Info:
                info = v._info = _Info("", info)
            info.grad = g
            v.grad = math.nan   # never read while info.grad is set: needs_attributes
            tracegrad_grads_put_aside()[0] += 1  # noqa: F821 - C, in value.pxd
            return True
    v.grad = g
    if type(info) is _Info:
        info.grad = _FIELD
    return False


def engine_sets_grad(v: Value, g: object) -> None:
    """``v.grad = g`` as backward's general loop does it: compiled, without handing the
    collector v and g at each step, since backward hands it what stays a cycle when it
    ends (``collectable_grads``). A subclass's own ``grad`` is set through it."""
    if cython.compiled and type(v) is Value:
        _store_grad(v, g)
    else:
        v.grad = g


if cython.compiled:  # data and grad are C doubles; a grad that is not a float is in _info
    Value.grad = property(_get_grad, _set_grad, doc="d output / d this node: a float, or a "
                          "Value after backward(create_graph=True)")


def _set_attributes(v: Value, data: float, label: str, scope: str) -> None:
    v.data = data
    v.grad = 0.0
    v.label = label
    v.scope = scope


def grads_put_aside() -> int:
    """Compiled: how many times a grad that is not a float was stored (0 in pure Python)."""
    return tracegrad_grads_put_aside()[0] if cython.compiled else 0  # noqa: F821


@cython.locals(v=Value, n=Value)
def needs_attributes(order: Sequence[Value]) -> bool:
    """Compiled: whether the fast loops, which read a node's double fields directly, must
    leave ``order`` to the general one, which goes through the attributes: a node of it
    or an argument of one has a grad that is not a float (held aside), or is of a Value
    subclass (whose properties may stand for data or grad). Free until some grad has been
    put aside or a subclass defined. Pure Python: False (a grad slot holds anything, and
    ``+=`` on an attribute calls any property)."""
    if not cython.compiled or not (tracegrad_grads_put_aside()[0]  # noqa: F821
                                   or tracegrad_any_subclass()[0]):  # noqa: F821
        return False
    for v in order:
        if type(v) is not Value or _aside(v._info):
            return True
        a = v._a
        if type(a) is tuple:    # (the one- and two-argument layouts hold exact Values)
            for q in a:
                if isinstance(q, Value):
                    n = q
                    if type(n) is not Value or _aside(n._info):
                        return True
            continue
        if isinstance(a, Value):
            n = a
            if _aside(n._info):
                return True
        b = v._b
        if isinstance(b, Value):
            n = b
            if _aside(n._info):
                return True
    return False


def collectable_grads(nodes: Iterable[Value]) -> None:
    """``collectable`` for those of ``nodes`` whose grad is a Value (``create_graph``), with
    their grads: such a grad's graph contains its node, a cycle. A no-op in pure Python."""
    held = [v for v in nodes if isinstance(v.grad, Value)]
    collectable(held + [v.grad for v in held])


def settled(v: Value) -> None:
    """Compiled: a plain leaf whose data and grad are floats (and label and scope strs)
    refers to no other object, so it can be on no cycle, and goes back out of the
    collector's sight (where ``create_graph`` had handed it in; ``autograd.zero_grad``
    calls this). A no-op in pure Python."""
    if not cython.compiled or type(v) is not Value or v.op is not None:
        return
    info = v._info
    if type(info) is str or (not _aside(info) and type(info.label) is str
                             and type(info.scope) is str):
        PyObject_GC_UnTrack(v)  # noqa: F821 - C, in value.pxd


_LAYOUT = frozenset({"op", "_a", "_b", "_da", "_db", "_info"})
"""What a subclass may not redefine: compiled, the engine reads these fields directly."""


def _init_subclass(cls, **kwargs) -> None:
    """A subclass gets the checked one-argument methods (``apply``'s) where it does
    not define its own: Value's are unchecked, for speed (see ``_UNARY_METHODS``)."""
    super(Value, cls).__init_subclass__(**kwargs)
    taken = sorted(_LAYOUT.intersection(cls.__dict__))   # (a slot is a class attribute)
    if taken:
        raise TypeError(f"Value subclass {cls.__name__}: {', '.join(map(repr, taken))} "
                        f"{'is' if len(taken) == 1 else 'are'} the engine's own field"
                        f"{'' if len(taken) == 1 else 's'} (Value's layout); give yours "
                        "another name (data, grad, label and scope may be redefined)")
    if cython.compiled:
        tracegrad_any_subclass()[0] = 1  # noqa: F821 - see needs_attributes
    for name, (fast, checked) in _UNARY_METHODS.items():
        if getattr(cls, name) is fast:
            setattr(cls, name, checked)
    for name, (reflected, swapped) in _COMMUTED.items():   # 2 + v calls an own __add__
        if getattr(cls, name) is not getattr(Value, name) and \
                getattr(cls, reflected) is getattr(Value, reflected):
            setattr(cls, reflected, swapped)


Value.__init_subclass__ = classmethod(_init_subclass)


# --- numbers in, errors out ---------------------------------------------------------------

_FLOATS = cython.declare(dict, {i: float(i) for i in range(-256, 257)})
"""The float of each small int: a constant such as the 2 of ``x ** 2`` is one shared
float object in every node it is stored in, not one each (24 bytes a node)."""


def _short(x) -> str:
    if type(x) is not float:
        return repr(x)
    s = f"{x:.4g}"
    return s if any(c in s for c in ".enai") else s + ".0"


def _to_float(x, where: str, expected: str = "a real number") -> float:
    """``x`` as a float; a TypeError naming ``where`` and the type for anything else."""
    if type(x) is float:
        return x
    if type(x) is int:
        f = _FLOATS.get(x)
        return float(x) if f is None else f
    if isinstance(x, Real) and not isinstance(x, Value):
        return float(x)
    raise TypeError(f"{where}: expected {expected}, got {type(x).__name__} {x!r:.60}")


def _data(other, where: str) -> float:
    return other.data if isinstance(other, Value) else _to_float(other, where)


def _constant(x, op: Op) -> float:
    """A number used as an op's argument, as a float."""
    return _to_float(x, f"operand of {op.name} ({op.symbol})", "a Value or a real number")


def _call(op: Op, args: tuple) -> str:
    """``log(0.0 (node 'z'))``: the op, the argument values and their labels."""
    def show(v) -> str:
        if not isinstance(v, Value):
            return repr(v)
        return f"{v.data!r} (node {v.label!r})" if v.label else repr(v.data)
    return f"{op.name}({', '.join(map(show, args))})"


def _domain_error(op: Op, args: tuple) -> DomainError:
    return DomainError(f"{_call(op, args)}: {op.domain or 'no real result'}")


def _overflow_error(op: Op, args: tuple) -> OverflowError:
    """A rule that overflowed with FLOAT: it called math (``math.exp``, ``**``) that raises
    where ``F.exp``/``F.pow`` give inf, so there is no value to give."""
    return OverflowError(f"{_call(op, args)}: overflow, a result too large for a float. "
                         "Built-in ops give inf there (IEEE); write the rule with F.exp and "
                         "F.pow, which do too, not math.exp or **")


def _checked_rule(op: Op, args: tuple, floats: Sequence) -> tuple:
    """The op's rule run with FLOAT, checked: what the fast path does when running it
    with FLOAT_FAST and unpacking the result raised. An error from the math is a
    DomainError naming the op and its operands; an IEEE edge (overflow, sin(inf)) gives
    inf or NaN; a result that is not ``(value, (one derivative per argument))`` is a
    TypeError (a bug in the rule, not a domain error)."""
    try:
        result = op.rule(FLOAT, *floats)
    except OverflowError:
        raise _overflow_error(op, args) from None
    except (ArithmeticError, ValueError):
        raise _domain_error(op, args) from None
    except AttributeError as e:
        if getattr(e, "obj", None) is not FLOAT:
            raise
        have = ", ".join(n for n in vars(FLOAT) if not n.startswith("_"))
        raise AttributeError(f"the rule of op {op.name!r} asks for F.{e.name}, which the "
                             f"math namespace F does not have: it has {have}; write the "
                             "rest with + - * / ** and comparisons on the arguments "
                             "(Python's abs(a) works too)") from None
    try:
        out, local = result
        if len(local) == len(args):
            return out, tuple(local)
    except (TypeError, ValueError):
        pass
    raise TypeError(f"the rule of op {op.name!r} must return (value, tuple of {len(args)} "
                    f"local derivative{'s' if len(args) != 1 else ''}), got {result!r:.200}")


def set_node(v: Value, op: Op | None, args: Sequence = (), local: Sequence = ()) -> None:
    """Make ``v`` the node ``op(*args)`` with local derivatives ``local`` (or a leaf, for
    ``op=None``). The one place, with the hot paths below, that knows the slot layout.
    A node with an argument of a Value subclass takes the n-ary layout, whose loops
    accept any Value (the one- and two-argument loops check ``type(x) is Value``).
    Compiled, a node under the cyclic garbage collector hands it its new arguments, and
    a node with a tracked argument goes under it (see ``collectable``)."""
    if op is None:
        v.op, v._a, v._b, v._da, v._db = None, None, None, 0.0, 0.0
    elif op.arity == 1 and _exact(args[0]):
        v.op, v._a, v._b, v._da, v._db = op, args[0], None, local[0], 0.0
    elif op.arity == 2 and _exact(args[0]) and _exact(args[1]):
        v.op, v._a, v._b, v._da, v._db = op, args[0], args[1], local[0], local[1]
    else:
        v.op, v._a, v._b, v._da, v._db = op, tuple(args), tuple(local), 0.0, 0.0
    if cython.compiled and op is not None and (  # see collectable: a tracked node, or
            PyObject_GC_IsTracked(v) or any(PyObject_GC_IsTracked(a) for a in v.args)):  # noqa: F821
        collectable((v,))   # one made from a tracked argument: with all its ancestors


def _exact(x) -> bool:
    """A Value (not a subclass) or a float: what the one- and two-argument layouts hold."""
    return type(x) is Value or type(x) is float


def _finish(v: Value, op: Op, args: tuple, local: tuple) -> Value:
    """The slow end of every op: under no_grad, checking for anomalies, or the first op
    in a thread (or task) that never set a mode (see modes.UNSET)."""
    s = modes.settle()
    if s.anomaly and not math.isfinite(v.data):
        shown = ", ".join(repr(x if type(x) is float else x.data) for x in args)
        raise modes.AnomalyError(f"{op.name}({shown}) produced {v.data} in the forward pass")
    set_node(v, op if s.grad_enabled else None, args, local)
    return v


# --- generating the operators from the table -------------------------------------------
# One factory per arity; each returns a function that evaluates the op's rule on floats
# and records one node. This is the forward pass's hot path, so the work is inlined.

def _unary(op: Op) -> Callable[[Value], Value]:
    rule = op.rule

    @cython.locals(v=Value, s=State, arg=Value)
    def method(x: Value) -> Value:
        arg = x     # compiled: a typed reference, so that .data is a field read, not a lookup
        try:
            out, (da,) = rule(FLOAT_FAST, arg.data)
        except (ArithmeticError, ValueError, TypeError, AttributeError):
            out, (da,) = _checked_rule(op, (x,), (arg.data,))
        v = Value.__new__(Value)
        v.data = out
        v.grad = 0.0
        s = _state()
        v._info = s.scope_path
        if s.plain:
            v.op = op
            v._a = x
            v._b = None
            v._da = da
            v._db = 0.0
            if cython.compiled and tracegrad_inherit(v, x, x):  # noqa: F821 - see collectable
                collectable((v,))
            return v
        return _finish(v, op, (x,), (da,))
    method.__name__ = method.__qualname__ = op.name   # "tanh() takes 1 positional argument"
    return method


def _binary(op: Op) -> Callable[[object, object], Value]:
    rule = op.rule

    @cython.locals(v=Value, s=State, arg=Value)
    def function(x, y) -> Value:
        if type(x) is Value:
            arg = x     # compiled: a typed reference (.data a field read), as in _unary
            a = arg.data
        elif type(x) is float:
            a = x
        elif isinstance(x, Real):
            x = a = _constant(x, op)
        else:                       # a Value subclass, an array, or an error
            return _other_operands(function, op, (x, y))
        if type(y) is Value:
            arg = y
            b = arg.data
        elif type(y) is float:
            b = y
        elif type(y) is int:
            b = _FLOATS.get(y)      # one float object per small int constant, shared
            y = b = float(y) if b is None else b
        elif isinstance(y, Real):
            y = b = _constant(y, op)
        else:
            return _other_operands(function, op, (x, y))
        try:
            out, (da, db) = rule(FLOAT_FAST, a, b)
        except (ArithmeticError, ValueError, TypeError, AttributeError):
            out, (da, db) = _checked_rule(op, (x, y), (a, b))
        v = Value.__new__(Value)
        v.data = out
        v.grad = 0.0
        s = _state()
        v._info = s.scope_path
        if s.plain:
            v.op = op
            v._a = x
            v._b = y
            v._da = da
            v._db = db
            if cython.compiled and tracegrad_inherit(v, x, y):  # noqa: F821 - see collectable
                collectable((v,))   # the untracked argument goes in with its ancestors
            return v
        return _finish(v, op, (x, y), (da, db))
    function.__name__ = function.__qualname__ = op.name
    return function


def _record(op: Op, xs: Iterable) -> Value:
    """The general path: ``op`` on any arguments (Values of any subclass, or numbers)."""
    args = tuple([x if type(x) is Value or type(x) is float else _argument(x, op)
                  for x in xs])
    out, local = _checked_rule(op, args, [x if type(x) is float else x.data for x in args])
    return _finish(Value(out), op, args, local)


def _argument(x, op: Op) -> Value | float:
    return x if isinstance(x, Value) else _constant(x, op)


def _other_operands(function: Callable, op: Op, args: tuple):
    """The slow path of the one- and two-argument ops: elementwise over numpy arrays;
    else one node (a Value subclass among the arguments, or numbers only)."""
    if any(hasattr(a, "__array_ufunc__") and not isinstance(a, (Value, Real)) for a in args):
        from .numpy_interop import elementwise
        return elementwise(function, args)
    return _record(op, args)


def _n_ary(op: Op) -> Callable[[Iterable], Value]:
    def function(xs: Iterable) -> Value:
        return _record(op, xs)
    function.__name__ = function.__qualname__ = op.name
    return function


def _fixed(op: Op) -> Callable[..., Value]:
    """Ops of three or more arguments (registered ones): the n-ary layout."""
    def function(*xs) -> Value:
        if len(xs) != op.arity:
            raise TypeError(f"{op.name} takes {op.arity} arguments, got {len(xs)}")
        return _record(op, xs)
    function.__name__ = function.__qualname__ = op.name
    return function


def _checked(method: Callable, op: Op) -> Callable:
    """A one-argument op for any argument: the fast ``method`` for a Value, else the slow
    path (a Value subclass, a number, a numpy array). ``Value``'s own methods are the
    fast ones, so this check costs ``Value`` nothing; subclasses get these (below)."""
    def function(x):
        if type(x) is Value:
            return method(x)
        return _other_operands(function, op, (x,))
    function.__name__ = function.__qualname__ = op.name
    return function


def factory(op: Op) -> Callable:
    """The function applying ``op`` to Values and numbers, by its arity."""
    if op.arity == 1:
        return _checked(_unary(op), op)
    return _FACTORY.get(op.arity, _fixed)(op)


_FACTORY = {1: _unary, 2: _binary, -1: _n_ary}
apply: dict[str, Callable] = {name: factory(op) for name, op in OPS.items()}
"""``apply[op_name](*args)``: the op applied to Values and numbers, as a new node."""


def _reflected(f: Callable) -> Callable:
    def method(self, other):
        return f(other, self)
    return method


for _name, _dunder in (("add", "add"), ("sub", "sub"), ("mul", "mul"), ("div", "truediv"),
                       ("pow", "pow")):
    setattr(Value, f"__{_dunder}__", apply[_name])
    setattr(Value, f"__r{_dunder}__", _reflected(apply[_name]))


def _swapped_add(self: Value, other) -> Value:
    """micrograd's ``__radd__``: ``self + other``, through a subclass's own ``__add__``."""
    return self + other


def _swapped_mul(self: Value, other) -> Value:
    """micrograd's ``__rmul__``: ``self * other``, through a subclass's own ``__mul__``."""
    return self * other


# A subclass overriding __add__ or __mul__ (and not its reflected twin) gets these, so
# ``2 + v`` calls its override as micrograd's does; Value keeps its one-call reflected ops.
_COMMUTED = {"__add__": ("__radd__", _swapped_add), "__mul__": ("__rmul__", _swapped_mul)}
# One-argument methods: the unchecked fast function on Value, the checked one
# (``apply``'s) on subclasses, which Value.__init_subclass__ installs.
_UNARY_METHODS: dict[str, tuple[Callable, Callable]] = {}
for _method, _name in (("__neg__", "neg"), ("__abs__", "abs"), *(
        (n, n) for n in ("exp", "log", "sqrt", "tanh", "sigmoid", "relu", "softplus", "abs",
                         "sin", "cos"))):
    _UNARY_METHODS[_method] = (_unary(OPS[_name]), apply[_name])
    setattr(Value, _method, _UNARY_METHODS[_method][0])



def _value_math(on_value: Callable, on_float: Callable) -> staticmethod:
    """A VALUE function: a graph node for Value arguments, plain math for constants."""
    def function(*args):
        if any(isinstance(a, Value) for a in args):
            return on_value(*args)
        return on_float(*args)
    return staticmethod(function)


for _name in ("exp", "log", "sqrt", "tanh", "sigmoid", "softplus", "sin", "cos", "pow"):
    setattr(VALUE, _name, _value_math(apply[_name], getattr(FLOAT, _name)))
VALUE.expm1 = _value_math(lambda v: apply["exp"](v) - 1.0, FLOAT.expm1)


def _log_fast(x: float) -> float:
    """``math.log(x)`` for the compiled engine's forward pass: a positive float goes to C's
    ``log``, which is what ``math.log`` calls for it, without ``math.log``'s parsing of an
    optional base (a third of ``pow``'s time); anything else to ``math.log`` itself."""
    if type(x) is float and x > 0.0:
        return c_log(x)  # noqa: F821 - C, in value.pxd
    return math.log(x)


if cython.compiled:  # the same numbers, bit for bit: pure Python keeps math.log
    FLOAT_FAST.log = staticmethod(_log_fast)


def _leaky_relu(self: Value, slope: float = 0.01) -> Value:
    """max(a, slope*a) for slope < 1."""
    return apply["leaky_relu"](self, slope)


def _elu(self: Value, alpha: float = 1.0) -> Value:
    """a for a > 0, alpha*(e^a - 1) otherwise."""
    return apply["elu"](self, alpha)


Value.leaky_relu = _leaky_relu
Value.elu = _elu

from . import copying as _copying  # noqa: E402 - it needs Value and set_node, defined above
