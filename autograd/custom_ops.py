"""Custom ops, the supported way: add a rule to the op table at run time.

A registered op is a built-in one in every respect: a function (``autograd.apply[name]``
and what :func:`register_op` returns), optionally a ``Value`` method, ``backward``,
``create_graph`` and ``grad``, trace listings, tape replay, JSON round trip (in a process
that registered it too), diagrams, the player and ``gradcheck``. Its rule is written as
the table's are (``autograd/ops.py``): ``rule(F, *args) -> (value, local_derivatives)``,
with ``F`` the math namespace (``F.exp``, ``F.log``, ``F.sqrt``, ``F.tanh``,
``F.sigmoid``, ``F.softplus``, ``F.expm1``, ``F.sin``, ``F.cos``, ``F.pow``) so that
``create_graph`` can run it on Values. Use those, operators and comparisons, never
``math.exp`` and the like: on a Value, ``math.exp`` returns a plain float, a constant,
and the second derivative comes out silently wrong.

>>> import autograd
>>> from autograd import Value
>>> @autograd.register_op("cube", "³", method=True)
... def cube(F, a):
...     return a * a * a, (3 * a * a,)
>>> x = Value(2.0)
>>> y = x.cube(); y.backward(); (y.data, x.grad)
(8.0, 12.0)
>>> autograd.unregister_op("cube")
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Callable

from .ops import OPS, Op
from .value import Value, apply, factory

__all__ = ["register_op", "unregister_op"]

_registered: dict[str, str | None] = {}   # op name -> the Value method it added, if any


def _rule_arity(rule: Callable, where: str) -> int | None:
    """How many arguments the rule takes after ``F`` (-1 for ``*args``), None if unknown."""
    try:
        params = list(inspect.signature(rule).parameters.values())
    except (TypeError, ValueError):
        return None
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    varargs = any(p.kind is p.VAR_POSITIONAL for p in params)
    if not positional and not varargs:
        raise ValueError(f"{where}: the rule takes F, the math namespace, first: "
                         "rule(F, a, ...)")
    if len(positional) == 1 and not varargs:
        raise ValueError(f"{where}: the rule {getattr(rule, '__name__', 'rule')}"
                         f"({positional[0].name}) takes nothing after F: a rule is "
                         "rule(F, a, ...), F the math namespace (F.exp, F.tanh, ...) and "
                         "then one parameter per argument of the op")
    return -1 if varargs else len(positional) - 1


def _check(name: str, symbol: str, rule: Callable, arity: int | None, method) -> tuple:
    where = f"register_op({name!r})"
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"register_op: the name must be a Python identifier, got {name!r}")
    if name in OPS:
        raise ValueError(f"{where}: an op named {name!r} already exists "
                         f"({'registered' if name in _registered else 'built in'}); "
                         "choose another name or unregister_op it first")
    if not isinstance(symbol, str) or not symbol:
        raise ValueError(f"{where}: the symbol must be a non-empty str, got {symbol!r}")
    if not callable(rule):
        raise TypeError(f"{where}: the rule must be a function rule(F, *args) -> "
                        f"(value, local_derivatives), got {type(rule).__name__}")
    takes = _rule_arity(rule, where)
    if takes is not None and takes < 0 and arity is None:
        arity = -1
    if arity is None:
        if takes is None:
            raise TypeError(f"{where}: give arity=, the rule's signature cannot be read")
        arity = takes
    if isinstance(arity, bool) or not isinstance(arity, int) or arity == 0 or arity < -1:
        raise ValueError(f"{where}: arity is the number of arguments (1, 2, ...) or -1 "
                         f"for any number, got {arity!r}")
    if takes is not None and takes != -1 and takes != arity:
        shown = ", ".join(["F"] + list(inspect.signature(rule).parameters)[1:])
        raise ValueError(f"{where}: arity={arity}, but the rule {rule.__name__}({shown}) "
                         f"takes {takes} argument{'s' * (takes != 1)} after F")
    if method is True:
        method = name
    if method:
        if not isinstance(method, str) or not method.isidentifier():
            raise ValueError(f"{where}: method must be True or a method name, got {method!r}")
        if hasattr(Value, method):
            raise ValueError(f"{where}: Value already has an attribute {method!r}")
    return arity, method or None


def register_op(name: str, symbol: str | None = None, rule: Callable | None = None,
                arity: int | None = None, *, derivative: str = "", domain: str = "",
                method: bool | str = False):
    """Add the op ``name`` to the op table and return the function applying it.

    ``rule(F, a, b, ...)`` returns ``(value, (d value/d a, d value/d b, ...))``, computed
    with ``F``'s functions (``F.exp``, ``F.tanh``, ...; not ``math``'s, which would turn a
    Value into a constant under ``create_graph``) and operators; it raises
    ``ValueError`` or ``ArithmeticError`` outside its domain (``domain`` says which
    arguments are allowed, for the error message). ``symbol`` is shown in diagrams
    (default: the name); ``arity`` is read from the rule's signature unless given (-1:
    any number of arguments, like ``sum``); ``derivative`` is the rule in words;
    ``method=True`` also adds ``Value.<name>`` (or give the method's name). Without
    ``rule`` it is a decorator. A bad registration (a name taken, a rule that is not a
    function, an arity that does not match it) raises and changes nothing.
    """
    if symbol is not None and rule is None and callable(symbol):
        symbol, rule = None, symbol          # register_op("name", rule)
    if rule is None:
        def decorator(rule: Callable) -> Callable:
            return register_op(name, symbol, rule, arity, derivative=derivative,
                               domain=domain, method=method)
        return decorator
    symbol = name if symbol is None else symbol
    arity, method = _check(name, symbol, rule, arity, method)
    op = Op(name, symbol, arity, rule, derivative or f"{name}: a registered rule", domain)
    function = factory(op)
    OPS[name] = op
    apply[name] = function
    _registered[name] = method
    if method:
        if arity in (1, 2):
            setattr(Value, method, function)
        else:
            def bound(self, *others):
                return function(*((self, *others) if arity > 0 else ([self, *others],)))
            bound.__name__ = method
            setattr(Value, method, bound)
    return function


def unregister_op(name: str) -> None:
    """Remove an op added by :func:`register_op` (and its Value method). Nodes already
    made keep working; built-in ops cannot be removed."""
    if name not in _registered:
        raise ValueError(f"unregister_op: {name!r} is not a registered op"
                         + (" (it is built in)" if name in OPS else ""))
    method = _registered.pop(name)
    del OPS[name], apply[name]
    if method:
        delattr(Value, method)
