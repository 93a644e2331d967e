"""micrograd code the first port missed: ``self._backward = lambda: None`` on leaves,
``2 + v`` through a subclass's own ``__add__``, micrograd ``_op`` strings written infix
or postfix, and closure nodes marked and counted apart in the trace listing."""

import math

import pytest

from autograd import Value, no_grad, trace
from viz.player import step_through


class MicroValue(Value):
    """A subclass whose __init__ is micrograd's, as far as tracegrad allows."""

    def __init__(self, data, _children=(), _op="", label=""):
        super().__init__(data, _children, _op, label)
        self._backward = lambda: None           # micrograd's Value.__init__ line

    def tanh(self):
        t = math.tanh(self.data)
        out = MicroValue(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out


def power(x: Value, k: int) -> Value:
    """micrograd's __pow__, written from outside the class."""
    out = Value(x.data ** k, (x,), f"**{k}")

    def _backward():
        x.grad += k * x.data ** (k - 1) * out.grad
    out._backward = _backward
    return out


# --- 1. _backward = lambda: None -------------------------------------------------------

def test_a_no_op_closure_on_a_leaf_is_accepted_and_does_nothing():
    x = Value(0.7)
    x._backward = lambda: None

    def nothing():
        pass
    x._backward = nothing
    y = x * x + x
    y.backward()
    assert x.grad == pytest.approx(2 * 0.7 + 1)
    x.backward_step()                                  # a leaf's step: nothing
    assert x.grad == pytest.approx(2 * 0.7 + 1)


def test_a_subclass_with_micrograds_init_builds_leaves_and_closure_nodes():
    x = MicroValue(0.3, label="x")
    y = x.tanh()                                       # the closure op on a leaf
    z = y.tanh()
    z.backward()
    t1, t2 = math.tanh(0.3), math.tanh(math.tanh(0.3))
    expected = (1 - t2 ** 2) * (1 - t1 ** 2)
    assert x.grad == pytest.approx(expected, rel=1e-12)
    h = 1e-6                                           # central finite difference
    fd = (math.tanh(math.tanh(0.3 + h)) - math.tanh(math.tanh(0.3 - h))) / (2 * h)
    assert x.grad == pytest.approx(fd, rel=1e-6)


def test_a_real_closure_on_a_leaf_still_says_the_children_are_missing():
    x, out = Value(2.0), Value(4.0)

    def _backward():
        x.grad += 2 * out.grad
    with pytest.raises(TypeError, match="leaf .*_children"):
        out._backward = _backward
    with pytest.raises(TypeError, match="leaf"):
        out._backward = lambda: 0
    with no_grad():
        out._backward = _backward                      # a leaf on purpose: accepted


# --- 2. reflected operators on subclasses -----------------------------------------------

class Logged(Value):
    calls: list = []

    def __add__(self, other):
        Logged.calls.append("add")
        return Value.__add__(self, other)

    def __mul__(self, other):
        Logged.calls.append("mul")
        return Value.__mul__(self, other)


def test_reflected_add_and_mul_go_through_a_subclasss_override():
    Logged.calls.clear()
    v = Logged(1.5)
    y = 2 + v
    z = 3 * v
    assert Logged.calls == ["add", "mul"]
    assert (y.data, z.data) == (3.5, 4.5)
    (y * z).backward()                       # d/dv (2 + v)(3v) = 3(2 + v) + 3v
    assert v.grad == pytest.approx(3 * 3.5 + 3 * 1.5)
    Logged.calls.clear()
    assert (2 - v).data == 0.5 and Logged.calls == []   # as micrograd: no __sub__ here


def test_own_reflected_methods_and_plain_values_are_left_alone():
    class OwnRadd(Logged):
        def __radd__(self, other):
            return "own"

    assert 2 + OwnRadd(1.0) == "own"
    assert Value.__radd__ is not Logged.__radd__
    assert Value.__rmul__ is not Logged.__rmul__
    assert MicroValue.__radd__ is Value.__radd__         # no override: Value's fast one
    assert (2 + Value(1.0)).data == 3.0


# --- 3. micrograd's _op strings written as it writes them -------------------------------

def test_listing_writes_closure_ops_postfix_and_infix():
    x, w = Value(2.0, label="x"), Value(-1.0, label="w")
    p = power(x, 3)
    s = Value(p.data + w.data, (p, w), "+")
    g = trace(s)
    text = g.listing()
    assert "%2 = closure %0**3" in text
    assert "%3 = closure %2 + %1" in text
    y = MicroValue.tanh(MicroValue(0.5))
    assert "%1 = closure tanh(%0)" in trace(y).listing()


def test_player_captions_write_closure_ops_as_micrograd_does():
    x = Value(-1.5, label="x")
    z = power(x, 2)
    z.label = "z"
    captions = [f.caption for f in step_through(z, mode="forward").frames]
    assert "z = x**2 = (-1.5)**2 = 2.25" in captions
    back = [f.caption for f in step_through(z).frames]
    assert any("∂z/∂x" in c and "(-3)" in c for c in back)


# --- 4. closure nodes marked and counted apart -------------------------------------------

def test_op_counts_keep_closure_and_table_ops_apart():
    x = Value(0.4)
    y = MicroValue.tanh(x.tanh())                      # one table tanh, one closure tanh
    g = trace(y)
    assert g.op_counts == {"closure tanh": 1, "tanh": 1}
    text = g.listing()
    assert "ops: closure tanh 1, tanh 1" in text
    assert text.splitlines()[-1].startswith("# closure: made by a micrograd-style")
    plain = trace(x.tanh()).listing()
    assert "closure" not in plain
