"""micrograd's extension idiom: ``out = Value(t, (self,), 'tanh')`` then
``out._backward = _backward``, written outside the class as third-party micrograd code
does, checked against the table ops, against the micrograd package, and through the
tracer, diagrams, player and gradcheck."""

import gc
import json
import math

import micrograd.engine
import pytest

import autograd
import viz
from autograd import Graph, Value, detect_anomaly, grad, no_grad, testing, trace


def micrograd_style_ops(V):
    """tanh and exp written as micrograd's README and lecture write them, for class V."""
    def tanh(self):
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1)
        out = V(t, (self,), 'tanh')

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        x = self.data
        out = V(math.exp(x), (self, ), 'exp')

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def mul(self, other):   # two children, one of which may be the same node twice
        out = V(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    return tanh, exp, mul


tanh, exp, mul = micrograd_style_ops(Value)
mg_tanh, mg_exp, mg_mul = micrograd_style_ops(micrograd.engine.Value)


def f(V, tanh, exp, mul, x, w):
    """A graph mixing the closure ops with the engine's own operators."""
    x, w = V(x), V(w)
    h = tanh(exp(x * w) * x + w)
    y = mul(h, h) * x + exp(mul(w, w))
    return y, x, w


def test_constructor_accepts_micrograd_arguments_positional_and_by_name():
    a, b = Value(2.0), Value(3.0)
    out = Value(6.0, (a, b), '*')
    named = Value(6.0, _children=(a, b), _op='*', label='ab')
    assert out._op == '*' and out._prev == {a, b} and out.parents == (a, b)
    assert named.label == 'ab' and named._op == '*' and not named.is_leaf
    assert Value(1.0, (), '').is_leaf and Value(1.0, 'x').label == 'x'   # label in 2nd place
    assert Value(4.0, (a, a), '+').parents == (a,)    # each child once, as micrograd's _prev
    with pytest.raises(TypeError, match="every child must be a Value, got float"):
        Value(1.0, (a, 2.0), '*')
    with pytest.raises(TypeError, match="_op must be a str"):
        Value(1.0, (a,), 3)


def test_closure_ops_match_the_table_ops_and_micrograd():
    y, x, w = f(Value, tanh, exp, mul, 0.3, -1.2)
    y.backward()
    # the same function with the engine's table ops
    xt, wt = Value(0.3), Value(-1.2)
    ht = ((xt * wt).exp() * xt + wt).tanh()
    yt = ht * ht * xt + (wt * wt).exp()
    yt.backward()
    assert y.data == pytest.approx(yt.data, rel=1e-14)
    assert (x.grad, w.grad) == pytest.approx((xt.grad, wt.grad), rel=1e-12)
    # micrograd itself, running the same closures
    ym, xm, wm = f(micrograd.engine.Value, mg_tanh, mg_exp, mg_mul, 0.3, -1.2)
    ym.backward()
    assert y.data == ym.data          # w has three consumers: sums in another order
    assert (x.grad, w.grad) == pytest.approx((xm.grad, wm.grad), rel=1e-14)
    # and central finite differences
    numeric = testing.numeric_gradients(
        lambda x, w: tanh(exp(x * w) * x + w) * tanh(exp(x * w) * x + w) * x
        + exp(mul(w, w)), [0.3, -1.2])
    assert (x.grad, w.grad) == pytest.approx(numeric, rel=1e-6)


def test_closures_run_once_each_in_reverse_topological_order():
    calls = []
    x = Value(1.5, label="x")

    def node(parent, name):
        out = Value(parent.data * 2, (parent,), name)

        def _backward():
            calls.append(name)
            parent.grad += 2 * out.grad
        out._backward = _backward
        return out
    a = node(x, "a")
    b = node(a, "b")
    c = node(a, "c")
    y = b + c * 3
    y.backward()
    assert sorted(calls) == ["a", "b", "c"] and calls[-1] == "a"   # a after both consumers
    assert a.grad == 2 + 2 * 3 and x.grad == 2 * a.grad
    y.backward()                                     # leaf grads accumulate, as the table's
    assert x.grad == 2 * 16 and a.grad == 8


def test_an_unassigned_closure_sends_nothing_as_in_micrograd():
    x = Value(2.0)
    out = Value(4.0, (x,), 'sq')
    (out * 3).backward()
    mx = micrograd.engine.Value(2.0)
    mout = micrograd.engine.Value(4.0, (mx,), 'sq')
    (mout * 3).backward()
    assert x.grad == mx.grad == 0 and out.grad == mout.grad == 3


def test_listing_diagram_player_and_steps_show_the_op_string():
    x = Value(0.5, label="x")
    o = tanh(x * 2)
    o.label = "o"
    o.backward()
    g = trace(o)
    assert "%2 = closure tanh(%1)" in str(g)
    assert g[2].local_grads == pytest.approx((1 - o.data ** 2,))   # read off the closure
    assert x.grad == 0.5 * 0 + 2 * (1 - o.data ** 2)
    assert o.grad == 1.0 and g[1].grad == pytest.approx(1 - o.data ** 2)  # probing restored
    steps = list(g.backward_steps())
    assert [s.contribution for s in steps] == pytest.approx([1 - o.data ** 2, x.grad])
    source = viz.draw(o, show_local=True).source
    assert "label=<tanh>" in source and f"= {1 - o.data ** 2:.4g}>" in source   # on its edge
    player = viz.step_through(o)
    assert len(player) == 3 and "do/dx += do/d" in player.captions[-1]


def test_gradcheck_grad_and_the_slow_paths():
    assert testing.gradcheck(lambda x, w: tanh(exp(x * w) + w), [0.3, -0.8])
    assert grad(lambda x: tanh(x * x))(0.4) == pytest.approx(2 * 0.4 * (1 - math.tanh(0.16) ** 2))
    with no_grad():
        y = tanh(Value(0.2))
    assert y.is_leaf                                  # no graph under no_grad
    with detect_anomaly():
        z = exp(Value(3.0)) * 2
        z.backward()
        with pytest.raises(autograd.AnomalyError, match="_backward closure"):
            big = Value(800.0)
            out = Value(1.0, (big,), 'bad')

            def _backward():
                big.grad += math.inf * out.grad
            out._backward = _backward
            out.backward()
        with pytest.raises(autograd.AnomalyError, match=r"bad\(800.0\) produced inf"):
            Value(math.inf, (big,), 'bad')


def test_what_a_closure_cannot_do_is_refused_clearly():
    x = Value(0.3, label="x")
    y = tanh(x) * 2
    with pytest.raises(RuntimeError, match="the 'tanh' node was made by a micrograd-style "
                                           "_backward closure.*register_op"):
        y.backward(create_graph=True)
    g = trace(y)
    with pytest.raises(TypeError, match="tape cannot re-evaluate.*register_op"):
        g.forward(x=1.0)
    assert x.data == 0.3                              # nothing changed


def test_a_refused_create_graph_changes_no_grad():
    """The closure sits below a table op: the refusal comes before the chain rule starts,
    so no leaf is left holding half a gradient (found in review)."""
    x = Value(0.3, label="x")
    y = tanh(x) + x.tanh()                            # the table's tanh runs first
    y.backward()
    before = (x.grad, y.grad, y.args[0].grad)
    assert x.grad == pytest.approx(2 * (1 - math.tanh(0.3) ** 2))
    y.args[0].label = "o"
    with pytest.raises(RuntimeError, match="the 'tanh' node 'o' was made.*no grad was changed"):
        y.backward(create_graph=True)
    assert (x.grad, y.grad, y.args[0].grad) == before
    assert type(x.grad) is float


def test_json_round_trip_keeps_the_local_derivatives():
    y, x, w = f(Value, tanh, exp, mul, 0.3, -1.2)
    y.backward()
    text = trace(y).to_json()
    assert any(n.get("closure") for n in json.loads(text)["nodes"])
    g = Graph.from_json(text)
    g.zero_grad()
    g.backward()
    assert [n.grad for n in g.inputs] == pytest.approx([x.grad, w.grad], rel=1e-12)
    assert str(g).splitlines()[:-1] == str(trace(y)).splitlines()[:-1]


def test_a_closure_node_is_a_reference_cycle_freed_by_the_cyclic_collector():
    """Measured and documented: the closure refers to its node, so a dropped graph waits
    for the cyclic collector; table ops are freed at once by reference counting."""
    x = Value(0.5)
    gc.collect()
    gc.disable()
    try:
        y = (x * 2).tanh().exp()
        del y
        assert gc.collect() == 0                     # nothing was left for the collector
        y = exp(tanh(x * 2))
        del y
        assert gc.collect() >= 2 * 3                 # per closure node: node, closure, cell
    finally:
        gc.enable()


def test_the_closure_benchmark_runs_and_agrees():
    """benchmarks/bench_closures.py (the README's figures) cannot rot: every variant
    computes the same numbers; closure graphs wait for the collector, table ones do not."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    import bench_closures
    before = dict(autograd.OPS)
    figures = bench_closures.main(quick=True)
    assert autograd.OPS == before                      # its registered ops are removed
    left = {name: f[1] for name, f in figures.items()}
    assert left["micrograd-style closures on tracegrad"] > 90
    assert left["table ops (Value.tanh, Value.exp)"] < 5 and left["register_op'd ops"] < 5
