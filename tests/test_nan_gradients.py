"""NaN reaches gradients: every op of the table, and the losses built on them.

A derivative that depends on an argument is NaN when that argument is NaN; one that does
not (d(a+b)/da = 1, d(a*b)/da = b) keeps its number, as in IEEE arithmetic.
"""

import math

import pytest
from torch_parity import _torch, needs_torch

import nn
from autograd import OPS, DomainError, Value, apply, grad

NAN = math.nan
SAMPLES = (-1.5, -0.5, 0.0, 0.5, 1.5)   # where an argument is not NaN
BUILT_IN = sorted(name for name, op in OPS.items() if op.rule.__module__ == "autograd.ops")


def _count(op) -> int:
    return {-1: 4}.get(op.arity, op.arity)      # sum(a, b, c, d); dot(a1, a2, b1, b2)


def _run(name: str, point: tuple) -> tuple[float, list[float]] | None:
    """The op at ``point`` through Value and backward: (value, the grad of each argument);
    None outside the op's domain."""
    xs = [Value(p) for p in point]
    f = apply[name]
    try:
        out = f(xs) if OPS[name].arity == -1 else f(*xs)
    except DomainError:
        return None
    out.backward()
    return out.data, [x.grad for x in xs]


def _varies(results: list, pick) -> bool:
    numbers = [pick(r) for r in results if r is not None]
    return len({repr(x) for x in numbers}) > 1


def _cases():
    for name in BUILT_IN:
        n = _count(OPS[name])
        for i in range(n):
            for c in SAMPLES:
                for step in (0.0, 0.75):      # the other arguments equal, and not
                    yield name, i, tuple(c + step * j for j in range(n))


@pytest.mark.parametrize("name, i, others", list(_cases()))
def test_every_derivative_that_depends_on_a_nan_argument_is_nan(name, i, others):
    """Argument ``i`` is NaN, the others are numbers. Whatever changes with argument ``i``
    over ``SAMPLES`` (the value, a derivative) must be NaN at NaN; whatever does not
    keeps its number."""
    def at(x):
        point = list(others)
        point[i] = x
        return _run(name, tuple(point))
    sampled = [at(x) for x in SAMPLES]
    defined = [r for r in sampled if r is not None]
    got = at(NAN)
    if not defined:               # outside the domain whatever argument i is (x / 0)
        assert got is None
        return
    assert got is not None, f"{name}: NaN argument {i} raised a DomainError"
    value, grads = got
    if _varies(sampled, lambda r: r[0]):
        assert math.isnan(value), (name, i, others, value)
    else:
        assert value == defined[0][0] or math.isnan(value)
    for j, g in enumerate(grads):
        if _varies(sampled, lambda r: r[1][j]):
            assert math.isnan(g), f"{name}{tuple(others)}, arg {i} NaN: d/d arg {j} is {g}"
        else:
            assert g == defined[0][1][j] or math.isnan(g), (name, i, j, g)


def test_the_table_loop_covers_the_piecewise_ops():
    assert {"relu", "abs", "leaky_relu", "elu", "pow", "div", "dot"} <= set(BUILT_IN)


@pytest.mark.parametrize("f", [lambda x: x.relu(), lambda x: abs(x),
                               lambda x: x.leaky_relu(0.1), lambda x: x.elu(1.0)],
                         ids=["relu", "abs", "leaky_relu", "elu"])
def test_piecewise_ops_give_nan_gradients_of_every_order_at_nan(f):
    v = Value(NAN)
    f(v).backward()
    assert math.isnan(v.grad)
    assert math.isnan(grad(f)(NAN))
    assert math.isnan(grad(grad(f))(NAN))
    # elsewhere they keep their numbers: 1 at 2 (central differences agree)
    h = 1e-6
    assert grad(f)(2.0) == 1.0 == pytest.approx((f(Value(2 + h)).data
                                                  - f(Value(2 - h)).data) / (2 * h))


def test_leaky_relu_with_a_nan_slope_is_nan_only_where_the_slope_counts():
    x, s = Value(-2.0), Value(NAN)
    x.leaky_relu(s).backward()
    assert math.isnan(x.grad) and s.grad == -2.0       # d/d slope = a
    x, s = Value(2.0), Value(NAN)
    out = x.leaky_relu(s)
    out.backward()
    assert (out.data, x.grad, s.grad) == (2.0, 1.0, 0.0)


@pytest.mark.parametrize("loss", [nn.mse, nn.mae, nn.huber, nn.hinge, nn.bce,
                                  nn.bce_with_logits],
                         ids=lambda f: f.__name__)
def test_losses_give_a_nan_gradient_for_a_nan_prediction(loss):
    p, q = Value(NAN), Value(0.3)
    out = loss([p, q], [1, 1])
    out.backward()
    assert math.isnan(out.data) and math.isnan(p.grad)


def test_cross_entropy_gives_nan_gradients_for_a_nan_logit():
    row = [Value(NAN), Value(1.0)]
    out = nn.cross_entropy([row], [1])
    out.backward()
    assert math.isnan(out.data) and all(math.isnan(v.grad) for v in row)




@needs_torch
def test_nan_losses_and_smooth_ops_match_pytorch():
    """Where PyTorch's derivative depends on the argument smoothly it is NaN at NaN too
    (its relu, abs, leaky_relu, elu, l1 and hinge give 1, 0 or the slope instead: there
    tracegrad gives NaN, so divergence stays visible)."""
    t = _torch()
    F = t.nn.functional
    cases = [(nn.mse, lambda p, y: F.mse_loss(p, y)),
             (nn.huber, lambda p, y: F.huber_loss(p, y)),
             (nn.bce_with_logits, lambda p, y: F.binary_cross_entropy_with_logits(p, y))]
    for ours, theirs in cases:
        p = Value(NAN)
        loss = ours([p], [1.0])
        loss.backward()
        tp = t.tensor([NAN], dtype=t.float64, requires_grad=True)
        tl = theirs(tp, t.tensor([1.0], dtype=t.float64))
        tl.backward()
        assert math.isnan(loss.data) and math.isnan(tl.item())
        assert math.isnan(p.grad) and math.isnan(tp.grad.item()), ours.__name__
    for name in ("exp", "log", "sqrt", "tanh", "sigmoid", "softplus", "sin", "cos"):
        tp = t.tensor(NAN, dtype=t.float64, requires_grad=True)
        tf = {"softplus": F.softplus, "sigmoid": t.sigmoid}.get(name, getattr(t, name, None))
        tf(tp).backward()
        assert math.isnan(tp.grad.item()) and math.isnan(grad(apply[name])(NAN)), name
