"""The op table: the one place where every operation is defined.

Each op is one small *rule* function that returns its value and its local derivatives,
one per argument::

    def mul(F, a, b):
        return a * b, (b, a)          # a*b,  (d(a*b)/da, d(a*b)/db)

``F`` is the math namespace the rule runs with. At forward time ``F = FLOAT`` (IEEE
float math: overflow is inf) and the arguments are floats: the rule gives the node's
value and the local derivatives that ``backward()`` multiplies into the chain rule
(``autograd/backward.py``). (Value's operators first try ``FLOAT_FAST``, the same math
without the checks, and use ``FLOAT`` when it raises.) For
``backward(create_graph=True)`` the same rule runs with ``F = VALUE`` on the node's
arguments, so its derivatives are graph nodes and can be differentiated again. To write a
program out (``Graph.to_python``, ``autograd/codegen.py``) the rule runs on symbols, once
down each side of each ``if``; on arrays a branch is ``F.where(condition, x, y)``, which
rules may also use directly (with ``F.step``, relu's derivative).

An argument is a Value or a plain number: in ``x ** 3``, ``x * 2`` or
``x.leaky_relu(0.1)`` the number is stored in the node as a constant argument (no extra
node is made for it) and its derivative is simply never used.

Everything else -- Value's operators, the tracer, diagrams, gradcheck, docs -- reads
``name``, ``symbol``, ``arity`` and ``rule`` from here.

>>> OPS["mul"].rule(FLOAT, 2.0, 3.0)
(6.0, (3.0, 2.0))
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Op", "OPS", "FLOAT", "FLOAT_FAST", "VALUE", "DomainError"]


class DomainError(ArithmeticError, ValueError):
    """An op applied outside its domain: log of 0, division by zero, 0 to a negative power...

    Overflow is not a domain error: as in IEEE floats (and PyTorch), a result too large for
    a float is ``inf``; ``detect_anomaly()`` flags it.
    """


@dataclass(frozen=True, slots=True)
class Op:
    """One differentiable operation.

    ``arity``: the number of arguments (-1 for n-ary ops: sum, dot).
    ``derivative``: the rule in words, for docs, listings and exercise feedback.
    ``domain``: which arguments are not allowed, for the error message.
    """

    name: str
    symbol: str
    arity: int
    rule: Callable[..., tuple]
    derivative: str
    domain: str = ""

    def __repr__(self) -> str:
        return f"Op({self.name!r})"

    def __reduce__(self) -> tuple:
        """Copied and pickled by name: loading looks the op up in ``OPS``."""
        return (_op_named, (self.name,))


def _op_named(name: str) -> Op:
    try:
        return OPS[name]
    except KeyError:
        raise LookupError(f"op {name!r} is not in autograd.OPS: register it before loading "
                          "a graph that uses it") from None


# --- the math namespaces a rule runs with ----------------------------------------------

def _sigmoid(x: float) -> float:
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _softplus(x: float) -> float:
    # log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|)
    return (x if x > 0.0 else 0.0) + math.log1p(math.exp(-abs(x)))


def _sqrt(x: float) -> float:
    if x <= 0.0:
        raise ValueError("sqrt of a non-positive number")
    return math.sqrt(x)


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:                     # IEEE: too large for a float is inf
        return math.inf


def _pow(a: float, b: float) -> float:
    """math.pow, with IEEE inf (not OverflowError) when the result is too large; still a
    ValueError for 0 to a negative power and a negative base to a fraction."""
    try:
        return math.pow(a, b)
    except OverflowError:                     # negative only for a negative base to an odd power
        return -math.inf if a < 0.0 and abs(math.fmod(b, 2.0)) == 1.0 else math.inf


def _sin(x: float) -> float:
    return math.sin(x) if math.isfinite(x) else math.nan   # sin(±inf) is NaN in IEEE


def _cos(x: float) -> float:
    return math.cos(x) if math.isfinite(x) else math.nan


def _where(condition, x, y):
    """``x if condition else y``: a branch written as a function. A rule may use it
    (``F.where(a > 0.0, a, 0.0)``); ``autograd.codegen`` reads a rule's ``if`` the same way."""
    return x if condition else y


def _step(x) -> float:
    """1.0 for x > 0, else 0.0 (NaN too): relu's derivative."""
    return 1.0 if x > 0.0 else 0.0


class FLOAT:
    """Float math for rules at forward time, IEEE at the edges: a result too large for a
    float is inf and sin(inf) is NaN; a ValueError only where an op's domain ends."""

    exp = staticmethod(_exp)
    log = staticmethod(math.log)  # ValueError for x <= 0, as the domain says
    sqrt = staticmethod(_sqrt)
    tanh = staticmethod(math.tanh)
    sigmoid = staticmethod(_sigmoid)
    softplus = staticmethod(_softplus)
    expm1 = staticmethod(math.expm1)
    sin = staticmethod(_sin)
    cos = staticmethod(_cos)
    pow = staticmethod(_pow)  # ValueError where there is no real result
    where = staticmethod(_where)
    step = staticmethod(_step)


class FLOAT_FAST(FLOAT):
    """FLOAT with the math module's own functions, which raise (OverflowError, ValueError)
    at those IEEE edges instead: the forward pass's fast path. Wherever it returns, it
    returns what FLOAT does; where it raises, the op runs its rule again with FLOAT."""

    exp = staticmethod(math.exp)
    sin = staticmethod(math.sin)
    cos = staticmethod(math.cos)
    pow = staticmethod(math.pow)


class VALUE:
    """Value math for rules under ``create_graph``; filled in by ``autograd/value.py``
    with the Value methods of the same names."""

    where = staticmethod(_where)     # Values compare by data: the same branch
    step = staticmethod(_step)       # a constant derivative


# --- the rules -------------------------------------------------------------------------

def add(F, a, b):
    return a + b, (1.0, 1.0)


def sub(F, a, b):
    return a - b, (1.0, -1.0)


def mul(F, a, b):
    return a * b, (b, a)


def div(F, a, b):
    out = a / b
    return out, (1.0 / b, -out / b)          # d(a/b)/db = -a/b^2


def neg(F, a):
    return -a, (-1.0,)


# Rules compare arguments only with <, <=, > and >=, which compare data: for Values, ==
# and != compare identity. NaN fails every comparison, so `0.0 <= a <= 0.0` is a == 0.
# A derivative that depends on a NaN argument is NaN (a piecewise rule's last branch):
# `a * math.nan`, which under create_graph is a node of `a`, so higher derivatives are NaN too.

def pow(F, a, b):                             # noqa: A001 - the op's name
    # d/da = b * a^(b-1) with F.pow, not b*out/a (which overflows or underflows where the
    # derivative fits); under create_graph F.pow is a node, so it differentiates again.
    out = F.pow(a, b)     # ValueError: 0 to a negative power, a negative base to a fraction
    if a > 0.0 and (b > 0.0 or b < 0.0):      # the common case
        return out, (b * F.pow(a, b - 1.0), out * F.log(a))
    # the edges, as PyTorch
    if 0.0 <= b <= 0.0:                       # a^0 = 1 for every a (NaN too): flat
        da = 0.0
    elif b < 1.0 and 0.0 <= a <= 0.0:         # 0 < b < 1: b * 0^(b-1) = b/0
        da = math.inf
    else:
        da = b * F.pow(a, b - 1.0)
    if a > 0.0:
        return out, (da, out * F.log(a))
    # 0^b is flat in b >= 0; a negative or NaN base has no real log
    return out, (da, 0.0 if 0.0 <= a <= 0.0 and b >= 0.0 else math.nan)


def exp(F, a):
    out = F.exp(a)
    return out, (out,)


def log(F, a):
    return F.log(a), (1.0 / a,)


def sqrt(F, a):
    out = F.sqrt(a)
    return out, (0.5 / out,)


def tanh(F, a):
    out = F.tanh(a)
    return out, (1.0 - out * out,)


def sigmoid(F, a):
    out = F.sigmoid(a)
    return out, (out * (1.0 - out),)


def relu(F, a):
    if a > 0.0:
        return a, (1.0,)
    if a <= 0.0:
        return 0.0, (0.0,)
    return a, (a * math.nan,)                 # NaN (see the note above)


def leaky_relu(F, a, slope):
    if a > 0.0:
        return a, (1.0, 0.0)
    if a <= 0.0:
        return slope * a, (slope, a)
    return slope * a, (a * math.nan, a)       # NaN


def elu(F, a, alpha):
    if a > 0.0:
        return a, (1.0, 0.0)
    e = F.expm1(a)
    return alpha * e, (alpha * F.exp(a), e)   # not alpha*e + alpha: no cancellation


def softplus(F, a):
    return F.softplus(a), (F.sigmoid(a),)


def abs_(F, a):
    if a > 0.0:
        return abs(a), (1.0,)
    if a < 0.0:
        return abs(a), (-1.0,)
    return abs(a), (0.0 if a <= 0.0 else a * math.nan,)   # 0 at 0, as PyTorch; NaN


def sin(F, a):
    return F.sin(a), (F.cos(a),)


def cos(F, a):
    return F.cos(a), (-F.sin(a),)


def sum_(F, *xs):
    return sum(xs), (1.0,) * len(xs)


def dot(F, *xs):                              # xs = a_1..a_n, b_1..b_n
    n = len(xs) // 2
    return sum(map(operator.mul, xs[:n], xs[n:])), xs[n:] + xs[:n]


_POW_DOMAIN = "0 to a negative power divides by zero; a negative base needs an integer exponent"

OPS: dict[str, Op] = {op.name: op for op in (
    Op("add", "+", 2, add, "d(a+b)/da = 1, d(a+b)/db = 1"),
    Op("sub", "-", 2, sub, "d(a-b)/da = 1, d(a-b)/db = -1"),
    Op("mul", "*", 2, mul, "d(a*b)/da = b, d(a*b)/db = a"),
    Op("div", "/", 2, div, "d(a/b)/da = 1/b, d(a/b)/db = -a/b^2", "the divisor must not be 0"),
    Op("neg", "neg", 1, neg, "d(-a)/da = -1"),
    Op("pow", "**", 2, pow, "d(a^b)/da = b*a^(b-1), d(a^b)/db = a^b*log(a)", _POW_DOMAIN),
    Op("exp", "exp", 1, exp, "d(e^a)/da = e^a"),
    Op("log", "log", 1, log, "d(log a)/da = 1/a", "log needs a positive number"),
    Op("sqrt", "sqrt", 1, sqrt, "d(sqrt a)/da = 1/(2*sqrt(a))",
       "sqrt needs a positive number (its derivative is infinite at 0)"),
    Op("tanh", "tanh", 1, tanh, "d(tanh a)/da = 1 - tanh(a)^2"),
    Op("sigmoid", "σ", 1, sigmoid, "dσ(a)/da = σ(a)*(1 - σ(a))"),
    Op("relu", "ReLU", 1, relu, "d relu(a)/da = 1 if a > 0 else 0"),
    Op("leaky_relu", "LeakyReLU", 2, leaky_relu,
       "d/da = 1 if a > 0 else slope; d/d slope = 0 if a > 0 else a"),
    Op("elu", "ELU", 2, elu,
       "d/da = 1 if a > 0 else alpha*e^a; d/d alpha = 0 if a > 0 else e^a - 1"),
    Op("softplus", "softplus", 1, softplus, "d softplus(a)/da = σ(a)"),
    Op("abs", "abs", 1, abs_, "d abs(a)/da = sign(a), 0 at 0"),
    Op("sin", "sin", 1, sin, "d sin(a)/da = cos(a)"),
    Op("cos", "cos", 1, cos, "d cos(a)/da = -sin(a)"),
    Op("sum", "Σ", -1, sum_, "d(Σ x_i)/dx_i = 1"),
    Op("dot", "dot", -1, dot, "d(Σ a_i*b_i)/da_i = b_i, d/db_i = a_i"),
)}
