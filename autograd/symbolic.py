"""Op rules run on symbols: the code form of every op, read off the op table.

A rule of ``autograd/ops.py`` is ordinary Python on numbers. Run it with ``F = SYMBOLIC``
on :class:`Sym` arguments and every operation it performs is recorded as an expression
instead of computed: ``tanh``'s rule gives ``tanh(a)`` and ``1.0 - tanh(a) * tanh(a)``.
A branch (``if a > 0.0``) cannot be recorded by running the rule once, so the rule is run
once down each side of every branch it takes (the comparison is the branch's condition)
and the results are joined into ``where(condition, then, otherwise)`` expressions. The
result, an op's :class:`Template`, is branch-free, so it evaluates on floats, on NumPy
arrays and on torch tensors alike, and it performs exactly the float operations the rule
does, in the same order: the generated code computes the same numbers bit for bit.

No second list of derivatives exists anywhere: a registered op gets its code form the same
way. A rule that does something a symbol cannot stand for (``math.exp(a)`` instead of
``F.exp(a)``, ``float(a)``, a micrograd-style closure) has no code form:
:class:`CodegenError` says which op and why.

>>> from autograd.ops import OPS
>>> t = template(OPS["relu"], 1)    # if a > 0.0: return a, (1.0,) ...
>>> show(t.out)
'where(a0 > 0.0, a0, where(a0 <= 0.0, 0.0, a0))'
>>> show(t.local[0], conditional=True)
'1.0 if a0 > 0.0 else (0.0 if a0 <= 0.0 else a0 * nan)'
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

from .ops import Op

__all__ = ["Sym", "SYMBOLIC", "Template", "template", "CodegenError", "show"]

_MAX_BRANCHES = 32      # conditions on one path through a rule
_MAX_PATHS = 512        # paths through one rule


class CodegenError(ValueError):
    """A graph that cannot be turned into code (an op without a code form), or input a
    compiled graph cannot take."""


class _NoCodeForm(Exception):
    """Raised inside a rule run on symbols; turned into a CodegenError naming the op."""


_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


class Sym:
    """One expression: ``kind`` and its parts ``a``; ``key`` is its structure (two
    expressions with the same key compute the same number).

    kinds: ``arg`` (the op's i-th argument), ``self`` (the node's own value), ``var``
    (a named variable), ``const`` (a number), ``bin`` (+ - * /), ``neg``, ``call`` (a
    function of the math namespace, or ``abs``), ``cmp`` (< <= > >=) and ``where``.
    """

    __slots__ = ("kind", "a", "key")

    def __init__(self, kind: str, *a) -> None:
        self.kind, self.a = kind, a
        if kind == "const":
            x = a[0]
            self.key = ("const", type(x).__name__, repr(x))
        elif kind in ("arg", "var", "self"):
            self.key = (kind, *a)
        else:
            self.key = (kind, *[p.key if type(p) is Sym else p for p in a])

    def __repr__(self) -> str:
        return f"Sym({show(self)})"

    # arithmetic records an expression (numbers become constants)
    def __add__(self, o): return _bin("+", self, o)
    def __radd__(self, o): return _bin("+", o, self)
    def __sub__(self, o): return _bin("-", self, o)
    def __rsub__(self, o): return _bin("-", o, self)
    def __mul__(self, o): return _bin("*", self, o)
    def __rmul__(self, o): return _bin("*", o, self)
    def __truediv__(self, o): return _bin("/", self, o)
    def __rtruediv__(self, o): return _bin("/", o, self)
    def __neg__(self): return Sym("neg", self)
    def __abs__(self): return Sym("call", "abs", self)

    def __pow__(self, o):
        raise _NoCodeForm("the rule uses ** on an argument: write F.pow(a, b)")

    __rpow__ = __pow__

    # comparisons record a condition; `if condition:` asks the current exploration
    def __lt__(self, o): return _cmp("<", self, o)
    def __le__(self, o): return _cmp("<=", self, o)
    def __gt__(self, o): return _cmp(">", self, o)
    def __ge__(self, o): return _cmp(">=", self, o)

    def __bool__(self) -> bool:
        if self.kind != "cmp" or _explorer is None:
            raise _NoCodeForm("the rule uses an argument as a truth value; compare it "
                              "with <, <=, > or >= instead")
        return _explorer.decide(self)

    def __float__(self):
        raise _NoCodeForm("the rule gives an argument to something that needs a float "
                          "(float(), a math function): use F's functions")

    __int__ = __index__ = __float__

    __hash__ = object.__hash__     # == stays identity, as for Values


def _sym(x) -> Sym:
    if type(x) is Sym:
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Sym("const", x)
    raise _NoCodeForm(f"the rule mixes an argument with a {type(x).__name__}")


def _bin(op: str, x, y) -> Sym:
    return Sym("bin", op, _sym(x), _sym(y))


def _cmp(op: str, x, y) -> Sym:
    return Sym("cmp", op, _sym(x), _sym(y))


class _Namespace:
    """``F`` for rules run on symbols: ``F.name(args)`` records a call of ``name``."""

    @staticmethod
    def where(cond, x, y):
        """``x if cond else y``, recorded as a branch-free ``where``."""
        if type(cond) is bool:
            return x if cond else y
        if type(cond) is not Sym or cond.kind != "cmp":
            raise _NoCodeForm("F.where's condition must be a comparison (<, <=, >, >=)")
        return _where(cond, _sym(x), _sym(y))

    @staticmethod
    def step(x):
        """1.0 where x > 0, else 0.0 (NaN too): the derivative of relu."""
        return _Namespace.where(_cmp(">", x, 0.0), 1.0, 0.0) if type(x) is Sym \
            else (1.0 if x > 0.0 else 0.0)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args):
            return Sym("call", name, *[_sym(a) for a in args])
        call.__name__ = name
        return call


SYMBOLIC = _Namespace()
"""The math namespace rules run with to give their code form."""


# --- running a rule down every branch ------------------------------------------------

class _Exploration:
    """One run of a rule: the branch decisions, forced ones first, then True for new
    conditions (their False side is explored by a later run)."""

    __slots__ = ("prefix", "decisions", "memo")

    def __init__(self, prefix: list[bool]) -> None:
        self.prefix, self.decisions, self.memo = prefix, [], {}

    def decide(self, cond: Sym) -> bool:
        known = self.memo.get(cond.key)
        if known is not None:       # the same condition asked twice: the same answer
            return known
        i = len(self.decisions)
        if i >= _MAX_BRANCHES:
            raise _NoCodeForm(f"the rule branches more than {_MAX_BRANCHES} times on one path")
        choice = self.prefix[i] if i < len(self.prefix) else True
        self.decisions.append((cond, choice))
        self.memo[cond.key] = choice
        return choice


_explorer: _Exploration | None = None


class Template:
    """An op's code form for ``nargs`` arguments: ``out`` and ``local[i]`` (d out / d
    argument i) as branch-free expressions of the arguments ``arg i`` (``a0``, ``a1``...);
    in ``local``, ``self`` stands for the node's value wherever the rule reuses it."""

    __slots__ = ("op", "nargs", "out", "local")

    def __init__(self, op: Op, nargs: int, out, local: tuple) -> None:
        self.op, self.nargs, self.out, self.local = op, nargs, out, local


_TEMPLATES: dict[tuple, Template] = {}


def template(op: Op, nargs: int) -> Template:
    """The code form of ``op`` with ``nargs`` arguments (cached); CodegenError if its rule
    has none."""
    key = (op.name, id(op.rule), nargs)
    found = _TEMPLATES.get(key)
    if found is None or found.op is not op:
        found = _TEMPLATES[key] = _build(op, nargs)
    return found


def _run(op: Op, args: list[Sym], prefix: list[bool]) -> tuple[_Exploration, tuple]:
    global _explorer
    exploration = _Exploration(prefix)
    before, _explorer = _explorer, exploration
    try:
        result = op.rule(SYMBOLIC, *args)
    except _NoCodeForm as e:
        raise CodegenError(f"op {op.name!r} has no code form: {e}") from None
    except Exception as e:        # math.exp(a), a closure node's rule, a rule's own error
        raise CodegenError(f"op {op.name!r} has no code form: its rule raised "
                           f"{type(e).__name__}: {e} when run on symbols (rules that use "
                           "only F's functions, arithmetic and <, <=, >, >= have one)") from None
    finally:
        _explorer = before
    try:
        out, local = result
        local = tuple(local)
    except (TypeError, ValueError):
        raise CodegenError(f"op {op.name!r}: its rule must return (value, local derivatives)"
                           ) from None
    if len(local) != len(args):
        raise CodegenError(f"op {op.name!r}: its rule gave {len(local)} local derivatives "
                           f"for {len(args)} arguments")
    try:
        out, local = _sym(out), tuple(_sym(d) for d in local)
    except _NoCodeForm as e:
        raise CodegenError(f"op {op.name!r} has no code form: {e}") from None
    if out.kind not in ("arg", "const"):   # the node's value, reused by its derivatives
        local = tuple(_replace(d, out.key, Sym("self")) for d in local)
    return exploration, (out, local)


def _build(op: Op, nargs: int) -> Template:
    args = [Sym("arg", i) for i in range(nargs)]
    paths = []                    # (decisions, (out, local))
    pending: list[list[bool]] = [[]]
    while pending:
        prefix = pending.pop()
        exploration, result = _run(op, args, prefix)
        decided = exploration.decisions
        for i in range(len(decided) - 1, len(prefix) - 1, -1):
            pending.append([d for _, d in decided[:i]] + [False])
        paths.append((decided, result))
        if len(paths) > _MAX_PATHS:
            raise CodegenError(f"op {op.name!r} has no code form: its rule has more than "
                               f"{_MAX_PATHS} paths")
    out = _join(paths, 0, lambda r: r[0])
    local = tuple(_join(paths, 0, lambda r, i=i: r[1][i]) for i in range(nargs))
    return Template(op, nargs, out, local)


def _join(paths: list, depth: int, part) -> Sym:
    """One expression for ``part`` of the results: where(condition, then, otherwise) at
    each decision, in the order the rule asked them."""
    decided, result = paths[0]
    if len(decided) == depth:
        return part(result)
    cond = decided[depth][0]
    yes = [p for p in paths if p[0][depth][1]]
    no = [p for p in paths if not p[0][depth][1]]
    if not yes or not no:         # cannot happen: each condition is explored both ways
        return _join(yes or no, depth + 1, part)
    return _where(cond, _join(yes, depth + 1, part), _join(no, depth + 1, part))


def _where(cond: Sym, then: Sym, otherwise: Sym) -> Sym:
    return then if then.key == otherwise.key else Sym("where", cond, then, otherwise)


def _replace(e: Sym, key: tuple, by: Sym) -> Sym:
    if e.key == key:
        return by
    if e.kind in ("arg", "var", "self", "const"):
        return e
    parts = [_replace(p, key, by) if type(p) is Sym else p for p in e.a]
    return Sym(e.kind, *parts)


# --- one node: the template with its arguments filled in ------------------------------

def instantiate(e: Sym, args: Sequence[Sym], own: Sym | None = None) -> Sym:
    """``e`` with ``arg i`` replaced by ``args[i]`` (a ``var`` or a ``const``) and ``self``
    by ``own``; arithmetic and conditions on constants alone are worked out here, with
    the same float operations the rule would do, so dead branches disappear."""
    kind = e.kind
    if kind == "arg":
        return args[e.a[0]]
    if kind == "self":
        return own
    if kind in ("var", "const"):
        return e
    if kind == "where":
        cond = instantiate(e.a[0], args, own)
        if cond.kind == "const":
            return instantiate(e.a[1] if cond.a[0] else e.a[2], args, own)
        return _where(cond, instantiate(e.a[1], args, own), instantiate(e.a[2], args, own))
    parts = [instantiate(p, args, own) if type(p) is Sym else p for p in e.a]
    if kind in ("bin", "cmp"):
        op, x, y = parts
        if x.kind == "const" and y.kind == "const" and not (
                op == "+" and type(x.a[0]) is int):          # keep sum()'s start
            try:
                value = (_ARITH if kind == "bin" else _COMPARE)[op](x.a[0], y.a[0])
            except ArithmeticError:
                return Sym(kind, *parts)
            return Sym("const", value)
    elif kind == "neg" and parts[0].kind == "const":
        return Sym("const", -parts[0].a[0])
    return Sym(kind, *parts)


# --- printing --------------------------------------------------------------------------

_PREC = {"+": 2, "-": 2, "*": 3, "/": 3}


def _literal(x) -> tuple[str, int]:
    if type(x) is bool:
        return repr(x), 6
    x = float(x) if type(x) is not int else x
    if x != x:
        return "nan", 6
    if x in (math.inf, -math.inf):
        return ("inf", 6) if x > 0 else ("-inf", 4)
    text = repr(x)
    return text, 4 if text.startswith("-") else 6


def show(e: Sym, conditional: bool = False) -> str:
    """Python source for ``e``: ``where`` as a call, or as ``x if c else y`` (which
    evaluates only the branch taken, as the rule does) with ``conditional=True``."""
    return _show(e, conditional)[0]


def _show(e: Sym, cond_expr: bool) -> tuple[str, int]:
    """(source, precedence): 0 conditional, 1 comparison, 2 + -, 3 * /, 4 unary, 6 atom."""
    kind, a = e.kind, e.a
    if kind == "const":
        return _literal(a[0])
    if kind == "var":
        return a[0], 6
    if kind == "arg":
        return f"a{a[0]}", 6
    if kind == "self":
        return "out", 6
    if kind == "bin":
        terms = _sum_terms(e)
        if terms is not None:
            inner = ", ".join(_show(t, cond_expr)[0] for t in terms)
            return f"sum(({inner}{',' if len(terms) == 1 else ''}))", 6
        op, x, y = a
        p = _PREC[op]
        return f"{_wrap(x, p, cond_expr)} {op} {_wrap(y, p + 1, cond_expr)}", p
    if kind == "neg":
        return f"-{_wrap(a[0], 5, cond_expr)}", 4
    if kind == "call":
        return f"{a[0]}({', '.join(_show(p, cond_expr)[0] for p in a[1:])})", 6
    if kind == "cmp":
        op, x, y = a
        return f"{_wrap(x, 2, cond_expr)} {op} {_wrap(y, 2, cond_expr)}", 1
    if kind == "where":
        c, x, y = a
        if cond_expr:
            return (f"{_wrap(x, 1, cond_expr)} if {_wrap(c, 1, cond_expr)} "
                    f"else {_wrap(y, 1, cond_expr)}"), 0
        return (f"where({_show(c, cond_expr)[0]}, {_show(x, cond_expr)[0]}, "
                f"{_show(y, cond_expr)[0]})"), 6
    raise AssertionError(kind)


def _wrap(e: Sym, at_least: int, cond_expr: bool) -> str:
    text, p = _show(e, cond_expr)
    return text if p >= at_least else f"({text})"


def _sum_terms(e: Sym) -> list[Sym] | None:
    """The terms of ``0 + t1 + t2 + ...`` (what the builtin ``sum`` computes), else None."""
    terms = []
    while e.kind == "bin" and e.a[0] == "+":
        terms.append(e.a[2])
        e = e.a[1]
    if e.kind == "const" and type(e.a[0]) is int and e.a[0] == 0 and terms:
        terms.reverse()
        return terms
    return None


def functions(e: Sym, found: set[str]) -> set[str]:
    """Add the names of the functions ``e`` calls (``where``, ``sum`` included) and of the
    constants it needs (``inf``, ``nan``) to ``found``."""
    stack = [e]
    while stack:
        x = stack.pop()
        kind = x.kind
        if kind in ("var", "arg", "self"):
            continue
        if kind == "const":
            if type(x.a[0]) is float and not math.isfinite(x.a[0]):
                found.add("nan" if x.a[0] != x.a[0] else "inf")
            continue
        if kind == "call":
            found.add(x.a[0])
        elif kind == "where":
            found.add("where")
        elif kind == "bin" and x.a[0] == "+":
            terms = _sum_terms(x)
            if terms is not None:
                found.add("sum")
                stack.extend(terms)
                continue
        stack.extend(p for p in x.a if type(p) is Sym)
    return found
