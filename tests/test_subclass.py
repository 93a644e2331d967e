"""Subclasses of Value: operators, backward, create_graph, the tracer and diagrams work
on them (through the general, n-ary node layout); results of ops are plain Values, as
in micrograd."""

import math

import pytest

import viz
from autograd import Graph, Value, dot, grad, testing, trace


class Param(Value):
    """A subclass with its own attribute and method, as libraries built on micrograd write."""

    def __init__(self, data, name="", trainable=True):
        super().__init__(data, label=name)
        self.trainable = trainable

    def __repr__(self):
        return f"Param({self.data}, {self.label!r})"


class Tensorish(Value):
    """A micrograd-style subclass adding an op with the constructor idiom."""

    __slots__ = ()

    def sigmoid2(self):
        s = 1 / (1 + math.exp(-self.data))
        out = Tensorish(s, (self,), "sig")

        def _backward():
            self.grad += s * (1 - s) * out.grad
        out._backward = _backward
        return out


def test_operators_and_backward_on_a_subclass():
    w, b = Param(-3.0, "w", trainable=True), Param(0.5, "b")
    x = Value(2.0, label="x")
    y = (w * x + b).tanh() + 2 * w + w ** 2 - b / w + w.exp() + (-w) + abs(b) + w.relu()
    y.backward()
    t = math.tanh(-5.5)
    dw = 2 * (1 - t * t) + 2 + 2 * -3.0 + 0.5 / 9 + math.exp(-3) - 1
    assert type(y) is Value and w.trainable
    assert w.grad == pytest.approx(dw) and b.grad == pytest.approx((1 - t * t) + 1 / 3 + 1)
    assert x.grad == pytest.approx(-3 * (1 - t * t))
    assert w < b and float(w) == -3.0 and dot([w, b], [x, 1]).data == -5.5


def test_gradcheck_and_create_graph_with_subclass_leaves():
    assert testing.gradcheck(lambda a, b: (Param(1.0) * a + b * b).sigmoid(), [0.3, -0.4])
    p = Param(0.7)
    (p ** 3).backward(create_graph=True)
    first = p.grad
    p.grad = 0.0
    first.backward()
    assert first.data == pytest.approx(3 * 0.49) and p.grad == pytest.approx(6 * 0.7)
    assert grad(grad(lambda v: v.sin()))(Param(0.3)).data == pytest.approx(-math.sin(0.3))


def test_a_micrograd_style_subclass_with_its_own_op():
    x = Tensorish(0.4, label="x")
    y = x.sigmoid2() * x                # a closure node of the subclass, then a table op
    z = x.sigmoid2().sigmoid2()         # closure nodes of the subclass, chained
    (y + z).backward()
    s1 = 1 / (1 + math.exp(-0.4))
    s2 = 1 / (1 + math.exp(-s1))
    assert x.grad == pytest.approx(s1 * (1 - s1) * 0.4 + s1 + s2 * (1 - s2) * s1 * (1 - s1))
    assert type(z) is Tensorish and z._op == "sig" and type(y) is Value   # as micrograd


def test_tracer_json_and_diagram_of_a_subclass_graph():
    w = Param(-3.0, "w")
    y = (w * 2 + 1).tanh()
    y.label = "y"
    g = trace(y)
    assert [line.split() for line in str(g).splitlines()[:3]] == [
        ["%0", "=", "input", "data=-3.0000", "grad=0.0000", "[w]"],
        ["%1", "=", "mul(%0,", "2.0)", "data=-6.0000", "grad=0.0000"],
        ["%2", "=", "add(%1,", "1.0)", "data=-5.0000", "grad=0.0000"]]
    assert g.inputs[0].value is w and g[1].value._op == "*2"
    assert g.forward(w=0.5) == pytest.approx(math.tanh(2.0))
    g.backward()
    assert w.grad == pytest.approx(2 * (1 - math.tanh(2.0) ** 2))
    g2 = Graph.from_json(g.to_json())
    assert str(g2) == str(g)
    source = viz.draw(y).source
    assert source.count("shape=box") == 4 and "w" in source


@pytest.mark.parametrize("method", ["exp", "log", "sqrt", "tanh", "sigmoid", "relu",
                                    "softplus", "abs", "sin", "cos", "__neg__", "__abs__"])
def test_every_one_argument_method_sends_gradients_to_a_subclass(method):
    class Grandchild(Param):
        pass
    for cls in (Param, Grandchild):
        p = cls(0.7)
        out = getattr(p, method)() * 3
        out.backward()
        numeric = testing.numeric_gradients(lambda v: getattr(v, method)() * 3, [0.7])[0]
        assert p.grad == pytest.approx(numeric, rel=1e-6) and p.grad != 0.0, cls


def test_a_subclass_override_and_the_function_forms():
    from autograd import apply

    class Doubled(Value):
        def exp(self):              # its own exp is kept
            return Value.exp(Value(self.data)) * 2

    assert Doubled(0.0).exp().data == 2.0 and Doubled(0.0).tanh().data == 0.0
    p = Param(0.5)
    y = apply["exp"](p) + apply["neg"](p)          # the functional form checks its argument
    y.backward()
    assert p.grad == pytest.approx(math.exp(0.5) - 1)
    c = apply["exp"](2.0)                           # numbers only: a node without parents
    assert c.data == pytest.approx(math.exp(2)) and c.parents == () and c.args == (2.0,)
    with pytest.raises(TypeError, match="operand of tanh"):
        apply["tanh"]("x")
