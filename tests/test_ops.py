"""Every op, three ways: hand-worked derivatives, finite differences, PyTorch."""

import math

import numpy as np
import pytest
from op_cases import CASES, SECOND
from torch_parity import _torch

import autograd
from autograd import OPS, Value, grad
from autograd.testing import gradcheck

CASE_POINTS = [(name, pt) for name, case in CASES.items() for pt in case.points]


def test_every_op_in_the_table_has_a_test_case():
    assert set(CASES) == set(OPS)


@pytest.mark.parametrize("name,point", CASE_POINTS)
def test_value_and_analytic_derivatives(name, point):
    case = CASES[name]
    xs = [Value(p) for p in point]
    out = case.call(*xs)
    assert out.op is OPS[name], f"{name}: the public call built {out.op}"
    assert out.data == pytest.approx(case.value(*point), rel=1e-12, abs=1e-12)
    out.backward()
    for x, expected in zip(xs, case.grads(*point)):
        assert x.grad == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name,point", CASE_POINTS)
def test_gradcheck(name, point):
    assert gradcheck(CASES[name].call, point)



@pytest.mark.skipif(_torch() is None,
                    reason="PyTorch parity needs torch: make test TORCH=1 installs it")
@pytest.mark.parametrize("name,point", CASE_POINTS)
def test_matches_pytorch(name, point):
    t = _torch()
    xs = [Value(p) for p in point]
    out = CASES[name].call(*xs)
    out.backward()
    ts = [t.tensor(p, dtype=t.float64, requires_grad=True) for p in point]
    tout = CASES[name].torch(t, *ts)
    tout.backward()
    assert out.data == pytest.approx(tout.item(), rel=1e-12, abs=1e-12)
    for x, tx in zip(xs, ts):
        assert x.grad == pytest.approx(tx.grad.item(), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("name", sorted(SECOND))
@pytest.mark.parametrize("point", [0.4, 1.3, 2.2])
def test_second_derivatives(name, point):
    f, d2 = SECOND[name]
    assert grad(grad(f))(point) == pytest.approx(d2(point), rel=1e-9)


def test_third_derivative_of_tanh_by_nesting():
    t = math.tanh(0.5)
    expected = -2 * (1 - t * t) ** 2 + 4 * t * t * (1 - t * t)
    assert grad(grad(grad(lambda x: x.tanh())))(0.5) == pytest.approx(expected, rel=1e-9)


def test_numbers_on_either_side_of_every_binary_operator():
    x = Value(2.0)
    assert (x + 1).data == 3.0 and (1 + x).data == 3.0
    assert (x - 1).data == 1.0 and (1 - x).data == -1.0
    assert (x * 3).data == 6.0 and (3 * x).data == 6.0
    assert (x / 4).data == 0.5 and (4 / x).data == 2.0
    assert (x ** 2).data == 4.0 and (2 ** x).data == 4.0
    assert (x ** Value(3.0)).data == 8.0


def test_numpy_scalars_mix_with_values():
    x = Value(np.float64(2.0))
    assert type(x.data) is float
    for y in (np.float64(3.0) * x, x * np.float32(3.0), np.int64(3) * x, x * np.int32(3)):
        assert isinstance(y, Value) and y.data == 6.0
    yi = np.int64(-1)
    assert isinstance(1 + -yi * x, Value)
    y = np.int64(2) - x
    y.backward()
    assert y.data == 0.0 and x.grad == -1.0


def test_sum_is_one_node_with_n_arguments():
    xs = [Value(float(i)) for i in range(10)]
    s = autograd.sum(xs + [5])
    assert s.op is OPS["sum"] and s.data == 50.0
    assert len(s.args) == 11 and s.args[-1] == 5.0 and s.parents == tuple(xs)


def test_dot_is_one_node():
    a = [Value(1.0), Value(2.0)]
    d = autograd.dot(a, [Value(3.0), 4])
    assert d.op is OPS["dot"] and len(d.parents) == 3 and d.data == 11.0
    assert d.args == (a[0], a[1], d.args[2], 4.0)
    d.backward()
    assert [v.grad for v in a] == [3.0, 4.0]


def test_op_symbols_show_in_micrograd_op_strings():
    x = Value(1.5)
    assert (x + x)._op == "+" and (x * x)._op == "*" and (x ** 2)._op == "**2"
    assert (x * 3)._op == "*3" and (2 - x)._op == "2-" and (x ** -1)._op == "**-1"
    assert x.relu()._op == "ReLU" and x._op == ""
    assert (x * x)._prev == {x} and (x * 2)._prev == {x}


def test_numbers_are_stored_as_constant_arguments_not_nodes():
    x = Value(2.0)
    y = 3 * x - 1
    assert y.args[1] == 1.0 and type(y.args[1]) is float and y.parents == (y.args[0],)
    assert y.args[0].args == (3.0, x)
    assert (x ** 2).args == (x, 2.0) and (x.leaky_relu(0.2)).args == (x, 0.2)
    assert type((x * np.int64(3)).args[1]) is float
