"""backward(): gradient semantics, scale without recursion, create_graph, grad()."""

import math
import sys

import pytest

import autograd
from autograd import Value, backward_order, grad, zero_grad


def test_chain_rule_on_a_neuron_matches_hand_computation():
    x1, x2, w1, w2 = Value(2.0), Value(0.0), Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    dn = 1 - math.tanh(2 * -3 + 6.8813735870195432) ** 2  # do/dn, by hand
    assert o.grad == 1.0
    assert x1.grad == pytest.approx(dn * -3.0) and w1.grad == pytest.approx(dn * 2.0)
    assert x2.grad == pytest.approx(dn * 1.0) and w2.grad == pytest.approx(0.0)
    assert b.grad == pytest.approx(dn)


def test_leaf_grads_accumulate_until_zeroed():
    x = Value(3.0)
    y = x * x
    y.backward()
    y.backward()
    assert x.grad == 12.0  # 6 + 6, as in PyTorch
    zero_grad([x])
    assert x.grad == 0.0
    y.backward()
    assert x.grad == 6.0


def test_non_leaf_grads_hold_only_the_latest_backward():
    x = Value(3.0)
    h = x * x           # non-leaf
    y = h * 2
    y.backward()
    assert h.grad == 2.0
    y.backward()
    assert h.grad == 2.0, "a non-leaf grad must be replaced, not summed with the old one"
    z = h * 5           # another backward through h, from another root
    z.backward()
    assert h.grad == 5.0


def test_backward_on_a_leaf_accumulates_one():
    x = Value(1.0)
    x.backward()
    x.backward()
    assert x.grad == 2.0


def test_chain_a_million_ops_deep_needs_no_recursion():
    assert sys.getrecursionlimit() <= 10_000
    x = Value(0.5)
    y = x
    for _ in range(1_000_000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0
    assert y.data == 0.5


def test_sum_of_100k_terms():
    xs = [Value(float(i % 7)) for i in range(100_000)]
    s = autograd.sum(xs)
    s.backward()
    assert s.data == sum(i % 7 for i in range(100_000))
    assert all(x.grad == 1.0 for x in xs)


def test_one_node_reused_100k_times():
    x = Value(2.0)
    y = autograd.sum([x * x for _ in range(100_000)])
    y.backward()
    assert x.grad == pytest.approx(100_000 * 4.0)
    z = x
    for _ in range(100_000):
        z = z + x                      # x reused along a long chain
    x.grad = 0.0
    z.backward()
    assert x.grad == 100_001.0


def test_backward_order_lists_every_consumer_before_its_inputs():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = backward_order(e)
    assert order[0] is e and set(order) == {c, d, e}
    position = {v: i for i, v in enumerate(order)}
    for v in order:
        for p in v.parents:
            if p.op is not None:
                assert position[v] < position[p]


def test_create_graph_makes_grads_values_that_differentiate_again():
    x = Value(1.5)
    y = x ** 3
    y.backward(create_graph=True)
    assert isinstance(x.grad, Value) and x.grad.data == pytest.approx(3 * 1.5 ** 2)
    dx = x.grad
    x.grad = 0.0
    dx.backward()
    assert x.grad == pytest.approx(6 * 1.5)


def test_grad_is_functional_and_leaves_grads_alone():
    w = Value(4.0)
    w.grad = 7.0

    def f(x):
        return x * w

    assert grad(f)(3.0) == 4.0
    assert w.grad == 7.0


def test_grad_with_argnums_and_second_derivative_of_a_product():
    f = lambda x, y: x * x * y  # noqa: E731
    assert grad(f, argnums=(0, 1))(3.0, 2.0) == (12.0, 9.0)
    assert grad(grad(f, 0), 1)(3.0, 2.0) == 6.0   # d/dy (2xy) = 2x


def test_grad_of_a_constant_function_is_zero():
    assert grad(lambda x: 3.0)(1.0) == 0.0
    assert grad(grad(lambda x: x + 1))(1.0) == 0.0


def test_grad_errors():
    with pytest.raises(TypeError, match="argnums"):
        grad(lambda x: x, argnums=2)(1.0)
    with pytest.raises(TypeError, match="must return a Value"):
        grad(lambda x: "no")(1.0)
    with pytest.raises(TypeError, match="expected a Value"):
        autograd.backward(3.0)
