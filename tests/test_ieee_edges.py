"""Edges of the number line: 0, NaN, infinity, overflow and precision, in every op's rule
(issue 12, items 2, 3, 7 and 8). Each point is worked out by hand (tests/op_cases.py),
compared with PyTorch in float64 when it is installed, and with finite differences."""

import math

import pytest
from op_cases import CASES, EDGES
from torch_parity import _torch, needs_torch

import nn
from autograd import AnomalyError, DomainError, Value, detect_anomaly, grad

IDS = [f"{name}{point}" for name, _, point, _, _ in EDGES]


def same(x: float, y: float) -> bool:
    """Equal as IEEE numbers, NaN equal to NaN; relative 1e-12 for finite ones."""
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if math.isinf(x) or math.isinf(y):
        return x == y
    return x == pytest.approx(y, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize("name, call, point, value, derivatives", EDGES, ids=IDS)
def test_edge_values_and_gradients_worked_out_by_hand(name, call, point, value, derivatives):
    xs = [Value(p) for p in point]
    out = call(*xs)           # no DomainError: overflow is inf, sin(inf) is NaN (IEEE)
    assert out.op.name == name
    out.backward()
    assert same(out.data, value), (out.data, value)
    for x, d in zip(xs, derivatives):
        assert same(x.grad, d), (x.grad, d)




@needs_torch
@pytest.mark.parametrize("name, call, point, value, derivatives", EDGES, ids=IDS)
def test_edge_values_and_gradients_match_pytorch(name, call, point, value, derivatives):
    t = _torch()
    xs = [Value(p) for p in point]
    out = call(*xs)
    out.backward()
    ts = [t.tensor(p, dtype=t.float64, requires_grad=True) for p in point]
    tout = CASES[name].torch(t, *ts)
    tgrads = t.autograd.grad(tout, ts, allow_unused=True)
    assert same(out.data, tout.item())
    for x, g in zip(xs, tgrads):
        assert same(x.grad, 0.0 if g is None else g.item()), (x.grad, g)


# --- item 2: higher derivatives through ** at base 0 ------------------------------------

def test_second_derivative_of_a_square_at_zero_is_two():
    assert grad(grad(lambda x: x ** 2))(0.0) == 2.0
    assert grad(grad(lambda x: x * x))(0.0) == 2.0     # the same as with *
    h = 1e-3                                           # central second difference
    assert (h ** 2 - 0.0 + (-h) ** 2) / h ** 2 == pytest.approx(2.0)


def test_third_derivative_of_a_cube_at_zero_is_six():
    assert grad(grad(grad(lambda x: x ** 3)))(0.0) == 6.0
    h = 1e-2
    f = lambda x: x ** 3                                # noqa: E731
    assert (f(2 * h) - 2 * f(h) + 2 * f(-h) - f(-2 * h)) / (2 * h ** 3) == pytest.approx(6.0)


def test_hessian_of_a_squared_bias_initialised_at_zero():
    f = lambda w, b: 3 * w * w + b ** 2                # noqa: E731
    row_w = grad(grad(f, argnums=0), argnums=(0, 1))(1.0, 0.0)
    row_b = grad(grad(f, argnums=1), argnums=(0, 1))(1.0, 0.0)
    assert (row_w, row_b) == ((6.0, 0.0), (0.0, 2.0))


def test_higher_derivatives_at_zero_where_they_are_infinite_or_flat():
    assert grad(grad(lambda x: x ** 1.5))(0.0) == math.inf       # 0.75 / sqrt(0)
    assert grad(grad(lambda x: x ** 1))(0.0) == 0.0
    assert grad(grad(lambda x: x ** 0))(0.0) == 0.0


@needs_torch
@pytest.mark.parametrize("exponent, order", [(2.0, 2), (3.0, 2), (3.0, 3), (4.0, 3), (1.5, 2)])
def test_higher_derivatives_at_zero_match_pytorch(exponent, order):
    t = _torch()
    x = t.tensor(0.0, dtype=t.float64, requires_grad=True)
    y = x ** exponent
    for _ in range(order):
        (y,) = t.autograd.grad(y, x, create_graph=True)
    f = lambda v: v ** exponent                         # noqa: E731
    for _ in range(order):
        f = grad(f)
    assert same(f(0.0), y.item())


# --- item 3: NaN reaches gradients through ** ---------------------------------------------

def test_nan_reaches_the_gradient_of_a_squared_error():
    p = Value(math.nan)
    loss = nn.mse([p], [1.0])
    loss.backward()
    assert math.isnan(loss.data) and math.isnan(p.grad)


def test_nan_reaches_every_gradient_through_pow():
    nan = math.nan
    assert math.isnan(grad(lambda x: x ** 2)(nan))
    assert math.isnan(grad(lambda x: x ** 3)(nan))
    assert math.isnan(grad(lambda x, y: x ** y, argnums=1)(nan, 2.0))
    assert math.isnan(grad(lambda x, y: x ** y, argnums=0)(2.0, nan))
    assert math.isnan(grad(grad(lambda x: x ** 3))(nan))


# --- item 7: overflow is inf, as IEEE and PyTorch; detect_anomaly flags it -----------------

@pytest.mark.parametrize("make", [lambda: Value(10.0) ** 400, lambda: 2 ** Value(2000.0),
                                  lambda: Value(1000.0).exp(), lambda: Value(1e308) * 10,
                                  lambda: Value(-10.0) ** 401])
def test_overflow_gives_infinity_without_an_error(make):
    assert math.isinf(make().data)
    with detect_anomaly(), pytest.raises(AnomalyError, match="produced -?inf"):
        make()


def test_gradient_of_a_square_past_the_overflow_of_its_value():
    assert grad(lambda x: x ** 2)(1e200) == 2e200


def test_genuine_domain_errors_stay_domain_errors():
    for make in (lambda: Value(-1.0).log(), lambda: Value(0.0) ** -1,
                 lambda: Value(-8.0) ** 0.5, lambda: Value(1.0) / 0):
        with pytest.raises(DomainError):
            make()
    with pytest.raises(DomainError, match="negative base needs an integer exponent"):
        Value(-8.0) ** 0.5


# --- item 8: precision --------------------------------------------------------------------

def test_derivative_of_a_square_keeps_its_digits_at_huge_and_tiny_numbers():
    assert grad(lambda x: x ** 2)(1.3e154) == 2.6e154
    assert grad(lambda x: x ** 2)(1e-200) == 2e-200
    assert grad(lambda x: x ** 3)(1e-150) == pytest.approx(3e-300, rel=1e-15)


def test_elu_gradient_far_left_keeps_its_digits():
    for x in (-20.0, -30.0, -40.0, -700.0):
        assert grad(lambda v: v.elu(1.0))(x) == pytest.approx(math.exp(x), rel=1e-14, abs=0)


def test_sin_and_cos_of_infinity_are_nan():
    for f in (lambda v: v.sin(), lambda v: v.cos()):
        assert math.isnan(f(Value(math.inf)).data) and math.isnan(f(Value(-math.inf)).data)
