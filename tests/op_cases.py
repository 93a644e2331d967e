"""Independent test oracles for every op: how to call it, its derivative worked out by
hand with ``math``, and the PyTorch function that does the same. Nothing here reads the
op table's rules."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import autograd


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Case:
    call: Callable            # Values -> Value (the op applied through the public API)
    value: Callable           # floats -> float
    grads: Callable           # floats -> tuple of partial derivatives
    torch: Callable           # torch tensors -> tensor (uses module `torch` passed in)
    points: tuple             # argument tuples inside the op's domain, off kinks


CASES: dict[str, Case] = {
    "add": Case(lambda a, b: a + b, lambda a, b: a + b, lambda a, b: (1.0, 1.0),
                lambda t, a, b: a + b, ((0.3, -1.2), (2.0, 5.5), (-3.0, 0.0))),
    "sub": Case(lambda a, b: a - b, lambda a, b: a - b, lambda a, b: (1.0, -1.0),
                lambda t, a, b: a - b, ((0.3, -1.2), (2.0, 5.5))),
    "mul": Case(lambda a, b: a * b, lambda a, b: a * b, lambda a, b: (b, a),
                lambda t, a, b: a * b, ((0.3, -1.2), (2.0, 5.5), (-0.7, 0.0))),
    "div": Case(lambda a, b: a / b, lambda a, b: a / b, lambda a, b: (1 / b, -a / b**2),
                lambda t, a, b: a / b, ((0.3, -1.2), (2.0, 5.5), (-4.0, 0.25))),
    "neg": Case(lambda a: -a, lambda a: -a, lambda a: (-1.0,), lambda t, a: -a,
                ((0.3,), (-2.0,))),
    "pow": Case(lambda a, b: a ** b, lambda a, b: a ** b,
                lambda a, b: (b * a ** (b - 1), a ** b * math.log(a)),
                lambda t, a, b: a ** b, ((0.3, 1.7), (2.0, -0.5), (1.5, 3.0))),
    "exp": Case(lambda a: a.exp(), math.exp, lambda a: (math.exp(a),), lambda t, a: t.exp(a),
                ((0.3,), (-2.0,), (4.0,))),
    "log": Case(lambda a: a.log(), math.log, lambda a: (1 / a,), lambda t, a: t.log(a),
                ((0.3,), (2.0,), (50.0,))),
    "sqrt": Case(lambda a: a.sqrt(), math.sqrt, lambda a: (0.5 / math.sqrt(a),),
                 lambda t, a: t.sqrt(a), ((0.3,), (2.0,), (50.0,))),
    "tanh": Case(lambda a: a.tanh(), math.tanh, lambda a: (1 - math.tanh(a) ** 2,),
                 lambda t, a: t.tanh(a), ((0.3,), (-2.0,), (0.0,))),
    "sigmoid": Case(lambda a: a.sigmoid(), _sig, lambda a: (_sig(a) * (1 - _sig(a)),),
                    lambda t, a: t.sigmoid(a), ((0.3,), (-2.0,), (30.0,), (-30.0,))),
    "relu": Case(lambda a: a.relu(), lambda a: max(a, 0.0), lambda a: (1.0 if a > 0 else 0.0,),
                 lambda t, a: t.relu(a), ((0.3,), (-2.0,))),
    "leaky_relu": Case(lambda a: a.leaky_relu(0.1), lambda a: a if a > 0 else 0.1 * a,
                       lambda a: (1.0 if a > 0 else 0.1,),
                       lambda t, a: t.nn.functional.leaky_relu(a, 0.1), ((0.3,), (-2.0,))),
    "elu": Case(lambda a: a.elu(0.7), lambda a: a if a > 0 else 0.7 * (math.exp(a) - 1),
                lambda a: (1.0 if a > 0 else 0.7 * math.exp(a),),
                lambda t, a: t.nn.functional.elu(a, 0.7), ((0.3,), (-2.0,))),
    "softplus": Case(lambda a: a.softplus(), lambda a: math.log1p(math.exp(a)),
                     lambda a: (_sig(a),), lambda t, a: t.nn.functional.softplus(a),
                     ((0.3,), (-2.0,), (15.0,))),
    "abs": Case(lambda a: abs(a), abs, lambda a: (math.copysign(1.0, a),), lambda t, a: t.abs(a),
                ((0.3,), (-2.0,))),
    "sin": Case(lambda a: a.sin(), math.sin, lambda a: (math.cos(a),), lambda t, a: t.sin(a),
                ((0.3,), (-2.0,), (4.0,))),
    "cos": Case(lambda a: a.cos(), math.cos, lambda a: (-math.sin(a),), lambda t, a: t.cos(a),
                ((0.3,), (-2.0,), (4.0,))),
    "sum": Case(lambda a, b, c: autograd.sum([a, b, c]), lambda a, b, c: a + b + c,
                lambda a, b, c: (1.0, 1.0, 1.0), lambda t, a, b, c: t.stack([a, b, c]).sum(),
                ((0.3, -1.2, 4.0),)),
    "dot": Case(lambda a, b, c, d: autograd.dot([a, b], [c, d]),
                lambda a, b, c, d: a * c + b * d, lambda a, b, c, d: (c, d, a, b),
                lambda t, a, b, c, d: a * c + b * d, ((0.3, -1.2, 4.0, 0.5),)),
}

# second derivatives worked out by hand, for the higher-order tests
SECOND: dict[str, tuple[Callable, Callable]] = {
    "tanh": (lambda x: x.tanh(), lambda a: -2 * math.tanh(a) * (1 - math.tanh(a) ** 2)),
    "sigmoid": (lambda x: x.sigmoid(),
                lambda a: _sig(a) * (1 - _sig(a)) * (1 - 2 * _sig(a))),
    "exp": (lambda x: x.exp(), math.exp),
    "log": (lambda x: x.log(), lambda a: -1 / a ** 2),
    "pow_constant_exponent": (lambda x: x ** 3, lambda a: 6 * a),
    "pow_constant_base": (lambda x: 2 ** x, lambda a: 2 ** a * math.log(2) ** 2),
    "sqrt": (lambda x: x.sqrt(), lambda a: -0.25 * a ** -1.5),
    "sin": (lambda x: x.sin(), lambda a: -math.sin(a)),
    "div": (lambda x: 1 / x, lambda a: 2 / a ** 3),
    "softplus": (lambda x: x.softplus(), lambda a: _sig(a) * (1 - _sig(a))),
}

# Points at the edges: 0, NaN, infinity, overflow, tiny and huge numbers. The value and
# the local derivatives are worked out by hand with IEEE floats, as PyTorch gives them:
# (op, call, point, value, derivatives).
_NAN, _INF = math.nan, math.inf
EDGES: list[tuple[str, Callable, tuple, float, tuple]] = [
    ("pow", lambda a, b: a ** b, (0.0, 2.0), 0.0, (0.0, 0.0)),       # 2*0^1; 0^b flat in b
    ("pow", lambda a, b: a ** b, (0.0, 1.0), 0.0, (1.0, 0.0)),       # 1*0^0
    ("pow", lambda a, b: a ** b, (0.0, 0.5), 0.0, (_INF, 0.0)),      # 0.5/sqrt(0)
    ("pow", lambda a, b: a ** b, (0.0, 0.0), 1.0, (0.0, 0.0)),       # a^0 = 1: flat
    ("pow", lambda a, b: a ** b, (_NAN, 2.0), _NAN, (_NAN, _NAN)),   # NaN reaches both
    ("pow", lambda a, b: a ** b, (_NAN, 3.0), _NAN, (_NAN, _NAN)),
    ("pow", lambda a, b: a ** b, (_NAN, 0.0), 1.0, (0.0, _NAN)),     # nan^0 = 1 (IEEE)
    ("pow", lambda a, b: a ** b, (2.0, _NAN), _NAN, (_NAN, _NAN)),
    ("pow", lambda a, b: a ** b, (0.0, _NAN), _NAN, (_NAN, _NAN)),
    ("pow", lambda a, b: a ** b, (-2.0, 3.0), -8.0, (12.0, _NAN)),    # no real log(-2)
    ("pow", lambda a, b: a ** b, (1.3e154, 2.0), 1.3e154 ** 2, (2.6e154, _INF)),
    ("pow", lambda a, b: a ** b, (1e-200, 2.0), 0.0, (2e-200, 0.0)),  # underflows to 0
    ("pow", lambda a, b: a ** b, (10.0, 400.0), _INF, (_INF, _INF)),  # overflow: inf
    ("pow", lambda a, b: a ** b, (2.0, 2000.0), _INF, (_INF, _INF)),
    ("pow", lambda a, b: a ** b, (1e200, 2.0), _INF, (2e200, _INF)),
    ("pow", lambda a, b: a ** b, (-10.0, 401.0), -_INF, (_INF, _NAN)),
    ("exp", lambda a: a.exp(), (1000.0,), _INF, (_INF,)),
    ("exp", lambda a: a.exp(), (-_INF,), 0.0, (0.0,)),
    ("sin", lambda a: a.sin(), (_INF,), _NAN, (_NAN,)),
    ("sin", lambda a: a.sin(), (-_INF,), _NAN, (_NAN,)),
    ("cos", lambda a: a.cos(), (_INF,), _NAN, (_NAN,)),
    ("elu", lambda a: a.elu(0.7), (-30.0,), 0.7 * math.expm1(-30.0), (0.7 * math.exp(-30.0),)),
    ("elu", lambda a: a.elu(0.7), (-800.0,), -0.7, (0.0,)),
]
