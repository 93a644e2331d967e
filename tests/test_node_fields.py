"""A node's fields as users see them, in both engines: compiled, ``data``, ``grad`` and the
local derivatives are C doubles and the label and scope share one field (``_info``), so
these check that what goes in comes back out, and that a grad that is not a float (a
Value, under ``create_graph``; ``None``) is neither lost nor read as a number."""

import gc
import math
import sys
import tracemalloc

import pytest

import autograd
from autograd import Value


def test_a_value_grad_from_create_graph_is_kept_and_accumulated_into():
    x = Value(1.5)
    (x ** 3).backward(create_graph=True)
    assert type(x.grad) is Value and x.grad.data == 3 * 1.5 ** 2
    (x * 4.0).backward()                      # no zero_grad: adds onto the Value grad
    assert type(x.grad) is Value and x.grad.data == 3 * 1.5 ** 2 + 4.0
    x.grad.backward()                         # the grad is a graph of x: d/dx (3x^2 + 4)
    assert type(x.grad) is Value
    autograd.zero_grad([x])
    assert type(x.grad) is float and x.grad == 0.0


def test_a_gradient_penalty_matches_the_hand_derivation():
    # L = (dy/dx)^2 for y = x^3 w:  dy/dx = 3x^2 w, dL/dw = 2 (3x^2 w) 3x^2
    x, w = Value(0.5), Value(-2.0)
    (x ** 3 * w).backward(create_graph=True)
    g = x.grad
    autograd.zero_grad([x, w])
    (g * g).backward()
    assert w.grad == pytest.approx(2 * (3 * 0.25 * -2.0) * 3 * 0.25, rel=1e-15)
    assert x.grad == pytest.approx(2 * (3 * 0.25 * -2.0) * 6 * 0.5 * -2.0, rel=1e-15)


def test_a_grad_set_to_none_reads_back_none_and_backward_says_so():
    x = Value(2.0)
    x.grad = None                             # PyTorch's way of clearing a grad
    assert x.grad is None
    with pytest.raises(TypeError):            # None + a float: not a silent number
        (x * 3.0).backward()
    x.grad = 0.0
    (x * 3.0).backward()
    assert x.grad == 3.0


def test_a_number_set_as_grad_or_data_is_that_number():
    x = Value(2.0)
    x.grad, x.data = 1, 3                     # ints, as micrograd's zero_grad writes
    assert x.grad == 1 and x.data == 3
    (x * x).backward()
    assert x.grad == 1 + 6.0 and type(x.grad) is float
    x.grad = True
    assert x.grad == 1


def test_data_that_is_not_a_number_is_refused_compiled_and_kept_in_pure_python():
    x = Value(2.0)
    if autograd.compiled:                     # a C double: README, "Two engines"
        with pytest.raises(TypeError):
            x.data = "2.0"
        assert x.data == 2.0
    else:
        x.data = "2.0"
        assert x.data == "2.0"


def test_label_and_scope_are_set_and_read_independently():
    with autograd.scope("layer"):
        h = Value(1.0) * 2
    assert (h.label, h.scope) == ("", "layer")
    h.label = "h"
    assert (h.label, h.scope) == ("h", "layer")
    h.scope = "mlp.layer"
    assert (h.label, h.scope) == ("h", "mlp.layer")
    h.label = ""
    assert (h.label, h.scope) == ("", "mlp.layer")
    leaf = Value(1.0, label="w")
    leaf.scope = "a"
    assert (leaf.label, leaf.scope) == ("w", "a") and repr(leaf) == \
        "Value(data=1.0, grad=0.0, label='w')"


def test_a_label_and_a_value_grad_live_together():
    x = Value(1.0, label="x")
    (x * x).backward(create_graph=True)
    assert type(x.grad) is Value and x.label == "x"
    x.label = "renamed"
    assert type(x.grad) is Value and x.grad.data == 2.0 and x.label == "renamed"
    assert "label='renamed'" in repr(x) and "grad=Value(" in repr(x)


def test_a_micrograd_node_whose_backward_was_never_assigned_sends_nothing():
    # micrograd's default _backward is `lambda: None`: not even 0 * an infinite grad
    x = Value(1.0)
    out = Value(2.0, (x,), "f")
    assert out.local_grads == (0.0,)
    (out * math.inf).backward()
    assert x.grad == 0.0


@pytest.mark.skipif(not autograd.compiled, reason="the pure engine's floats are objects")
def test_compiled_a_node_after_backward_holds_nothing_but_itself():
    # every number unboxed: a chain of table ops allocates one object per op, the node
    n = 2000
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        x = Value(0.5)
        y = x
        for _ in range(n // 4):
            y = ((y * 1.0001 + 0.01) ** 2).relu()
        y.backward()
        held = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    node = sys.getsizeof(y)                    # the object, with its collector header
    assert node <= 96
    assert held / n < node + 1                 # (+ the leaf, once)


def test_a_micrograd_closure_that_writes_a_value_grad_is_followed_by_the_rest():
    # a student forgetting .data: the closure adds a Value into a.grad; what flows on to
    # x is that Value times 3 (d a / d x), in both engines, never a stale number
    x = Value(2.0)
    a = x * 3
    out = Value(a.data ** 2, (a,), "sq")

    def _backward():
        a.grad += Value(2 * a.data) * out.grad
    out._backward = _backward
    out.backward()
    assert type(a.grad) is Value and a.grad.data == 12.0
    assert type(x.grad) is Value and x.grad.data == 36.0


def test_a_subclass_whose_grad_and_data_are_properties_has_them_called():
    class Logged(Value):
        def __init__(self, data, label=""):
            self.log = []
            self._g = 0.0
            super().__init__(data, label=label)

        @property
        def grad(self):
            return self._g

        @grad.setter
        def grad(self, g):
            self.log.append(g)
            self._g = g

    class Clamped(Value):
        @property
        def data(self):
            return self._d

        @data.setter
        def data(self, x):
            self._d = max(-1.0, min(1.0, float(x)))

    w = Logged(2.0, "w")
    (w * w + 3 * w).backward()               # d/dw = 2w + 3
    assert w.grad == 7.0 and w.log == [0.0, 3.0, 5.0, 7.0]
    c = Clamped(5.0)
    y = c * 3
    y.backward()
    assert c.data == 1.0 and y.data == 3.0 and c.grad == 3.0
    # Value's own methods read data through the property too
    assert (float(c), c > 0.5, c < 2.0, round(c), int(c), c.item(), f"{c:.1f}") == \
        (1.0, True, True, 1, 1, 1.0, "1.0")
    assert c.detach().data == 1.0 and repr(c) == "Value(data=1.0, grad=3.0)"
    assert max(c, Value(0.5)) is c


def test_a_subclass_may_keep_label_and_scope_in_its_own_slots():
    class Named(Value):
        __slots__ = ("label", "scope")

    with autograd.scope("layer"):
        v = Named(1.0, label="x")
    assert (v.label, v.scope) == ("x", "layer") and "label='x'" in repr(v)
    (v * 2).backward()
    assert v.grad == 2.0


@pytest.mark.parametrize("name", ["op", "_a", "_b", "_da", "_db", "_info"])
def test_a_subclass_redefining_a_field_of_the_engine_is_refused(name):
    with pytest.raises(TypeError, match=f"'{name}' is the engine's own field"):
        type("Shadow", (Value,), {"__slots__": (name,)})
    with pytest.raises(TypeError, match="the engine's own field"):
        type("Shadow", (Value,), {name: property(lambda self: None)})


def test_nodes_of_a_subclass_that_compares_by_data_are_still_told_apart():
    class ByData(Value):
        def __eq__(self, other):
            return isinstance(other, Value) and self.data == other.data

        def __hash__(self):
            return hash(self.data)

    def scaled(a, k):
        out = ByData(a.data * k, (a,), f"*{k}")

        def _backward():
            a.grad += k * out.grad
        out._backward = _backward
        return out

    x = ByData(2.0)
    p, q = scaled(x, 3), scaled(x + 4, 1)    # equal data, two nodes
    y = p + q
    y.backward()
    assert x.grad == 4.0                     # 3 + 1
    assert len(autograd.backward_order(y)) == 4

    class Unhashable(Value):                 # __eq__ alone: Python sets __hash__ = None
        def __eq__(self, other):
            return isinstance(other, Value) and self.data == other.data

    u = Unhashable(2.0)
    out = Unhashable(6.0, (u,), "*3")

    def _backward():
        u.grad += 3 * out.grad
    out._backward = _backward
    (out * out).backward()
    assert u.grad == 36.0
    assert len(Unhashable(1.0, [u, Unhashable(2.0), u], "f").args) == 2   # u once


class ByData(Value):                 # module level: pickle finds classes by name
    def __eq__(self, other):
        return isinstance(other, Value) and self.data == other.data

    def __hash__(self):
        return hash(self.data)


class EqualByData(Value):            # __eq__ alone: Python sets __hash__ = None
    def __eq__(self, other):
        return isinstance(other, Value) and self.data == other.data


def test_the_tracer_copies_and_diagrams_tell_apart_subclass_nodes_equal_by_data():
    import copy
    import pickle

    import viz

    for kind in (ByData, EqualByData):
        a, b = kind(2.0, label="a"), kind(2.0, label="b")
        y = a * b + a                           # dy/da = b + 1, dy/db = a
        g = autograd.trace(y)
        assert [n.label for n in g.inputs] == ["a", "b"]
        assert g.forward(1.0, 2.0) == 3.0
        assert g.compile()(1.0, 2.0) == (3.0, (3.0, 1.0))
        assert (a.data, b.data) == (1.0, 2.0)  # the tape's forward set them
        y2, a2, b2 = copy.deepcopy([y, a, b])
        y3, a3, b3 = pickle.loads(pickle.dumps([y, a, b]))
        for yc, ac, bc in ((y2, a2, b2), (y3, a3, b3)):
            assert ac is not bc
            yc.backward()
            assert (ac.grad, bc.grad) == (3.0, 1.0)     # (b + 1, a)
        assert 'label="a"' in viz.draw(y).source or ">a<" in viz.draw(y).source


def test_the_tracer_keys_plain_values_by_themselves_where_no_subclass_exists():
    # in this process test modules define subclasses; a fresh one has none
    import subprocess
    code = """
import autograd
from autograd import Value
a, b = Value(2.0, label="a"), Value(3.0, label="b")
y = a * b + a
g = autograd.trace(y)
steps = list(g.backward_steps())
print(g._by_id, g.node_of(b).label, g.forward(1.0, 2.0), g.compile()(1.0, 2.0), len(steps))
class Sub(Value):
    pass
print(autograd.trace(y)._by_id)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["False b 3.0 (3.0, (3.0, 1.0)) 4", "True"]  # 4 edges
