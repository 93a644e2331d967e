"""The micrograd lecture's manual backprop, cell by cell: ``o.grad = 1.0``, then
``o._backward()``, ``n._backward()``, ... one node at a time, and the same with the
lecture's own topological sort. Each gives exactly ``backward()``'s numbers."""

import math

import pytest

from autograd import Value, backward_order, testing


def lecture_neuron():
    """The lecture's cell, as written there (labels assigned after each op)."""
    # inputs x1,x2
    x1 = Value(2.0, label='x1')
    x2 = Value(0.0, label='x2')
    # weights w1,w2
    w1 = Value(-3.0, label='w1')
    w2 = Value(1.0, label='w2')
    # bias of the neuron
    b = Value(6.8813735870195432, label='b')
    # x1*w1 + x2*w2 + b
    x1w1 = x1*w1; x1w1.label = 'x1*w1'  # noqa: E702
    x2w2 = x2*w2; x2w2.label = 'x2*w2'  # noqa: E702
    x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'  # noqa: E702
    n = x1w1x2w2 + b; n.label = 'n'  # noqa: E702
    o = n.tanh(); o.label = 'o'  # noqa: E702
    return dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, x1w1=x1w1, x2w2=x2w2,
                x1w1x2w2=x1w1x2w2, n=n, o=o)


def grads(nodes):
    return {k: v.grad for k, v in nodes.items()}


def test_lecture_manual_backward_calls_match_backward():
    nodes = lecture_neuron()
    x1, x2, w1, w2, b = (nodes[k] for k in ("x1", "x2", "w1", "w2", "b"))
    x1w1, x2w2, x1w1x2w2, n, o = (nodes[k] for k in ("x1w1", "x2w2", "x1w1x2w2", "n", "o"))

    # the lecture's cells
    o.grad = 1.0
    o._backward()
    assert n.grad == pytest.approx(0.5)          # 1 - tanh(n)^2 = 1 - 0.7071^2
    n._backward()
    b._backward()                                # a leaf: nothing happens
    x1w1x2w2._backward()
    x2w2._backward()
    x1w1._backward()

    # analytic values, worked out as the lecture does by hand
    assert x1.grad == pytest.approx(w1.data * 0.5) and w1.grad == pytest.approx(x1.data * 0.5)
    assert x2.grad == pytest.approx(w2.data * 0.5) and w2.grad == pytest.approx(x2.data * 0.5)
    assert b.grad == pytest.approx(0.5) and x1w1.grad == pytest.approx(0.5)

    manual = grads(nodes)
    fresh = lecture_neuron()
    fresh["o"].backward()
    assert manual == grads(fresh)                # exactly backward()'s numbers


def test_lecture_topological_sort_then_backward_in_reverse():
    nodes = lecture_neuron()
    o = nodes["o"]
    # the lecture's build_topo, over _prev
    topo = []
    visited = set()

    def build_topo(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                build_topo(child)
            topo.append(v)
    build_topo(o)

    o.grad = 1.0
    for node in reversed(topo):
        node._backward()
    fresh = lecture_neuron()
    fresh["o"].backward()
    assert grads(nodes) == grads(fresh)


def test_the_public_name_and_a_shared_node():
    """backward_step is _backward's public name; a node used twice (the lecture's
    `b = a + a` bug) receives both contributions."""
    a = Value(3.0, label="a")
    b = a + a
    b.grad = 1.0
    b.backward_step()
    assert a.grad == 2.0

    x, y = Value(0.7), Value(-1.3)
    z = (x * y + x).tanh() * x ** 2 + y.exp() / x
    z.grad = 1.0
    for v in backward_order(z):                  # reverse topological order
        v.backward_step()
    manual = (x.grad, y.grad)
    x.grad = y.grad = 0.0
    z.backward()
    assert manual == (x.grad, y.grad)
    numeric = testing.numeric_gradients(
        lambda x, y: (x * y + x).tanh() * x ** 2 + y.exp() / x, [0.7, -1.3])
    assert manual == pytest.approx(numeric, rel=1e-6)


def test_backward_step_on_every_kind_of_node():
    x = Value(0.5)
    assert x._backward() is None and x.grad == 0.0      # a leaf: nothing
    for y, local in ((x * 4.0, 4.0), (2.0 ** x, math.log(2) * 2 ** 0.5),
                     (x.leaky_relu(0.1), 1.0)):
        x.grad = 0.0
        y.grad = 2.0
        y._backward()
        assert x.grad == pytest.approx(2.0 * local)
    from autograd import dot
    w = [Value(1.0), Value(-2.0)]
    d = dot(w, [x, 3.0])                         # n-ary, with a constant
    d.grad = 1.0
    x.grad = 0.0
    d.backward_step()
    assert (w[0].grad, w[1].grad, x.grad) == (0.5, 3.0, 1.0)


def test_backward_can_be_assigned_only_where_micrograd_does():
    x = Value(1.0, label="x")
    with pytest.raises(TypeError, match="op table's 'mul'.*register_op"):
        (x * 2)._backward = lambda: None
    with pytest.raises(TypeError, match="leaf"):
        x._backward = lambda: x.grad      # a closure with work to do, on a leaf
    x._backward = lambda: None            # micrograd's no-op, which its __init__ assigns
    with pytest.raises(TypeError, match="function of no arguments"):
        Value(2.0, (x,), "f")._backward = 3.0
