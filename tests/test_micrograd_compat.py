"""Coming from micrograd: its tests, its lecture's draw_dot and its demo run on tracegrad
with only the imports changed (``from autograd import Value``; ``from nn import ...``)."""

import math
import random

import numpy as np
import pytest
from graphviz import Digraph
from torch_parity import _torch, needs_torch

import nn
from autograd import Value
from nn import MLP, Layer, Neuron

# ---- micrograd's test/test_engine.py, imports swapped -------------------------------------




@needs_torch
def test_sanity_check():
    torch = _torch()
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xmg, ymg = x, y

    x = torch.Tensor([-4.0]).double()
    x.requires_grad = True
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xpt, ypt = x, y

    assert ymg.data == ypt.data.item()
    assert xmg.grad == xpt.grad.item()


@needs_torch
def test_more_ops():
    torch = _torch()
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    amg, bmg, gmg = a, b, g

    a = torch.Tensor([-4.0]).double()
    b = torch.Tensor([2.0]).double()
    a.requires_grad = True
    b.requires_grad = True
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    apt, bpt, gpt = a, b, g

    tol = 1e-6
    assert abs(gmg.data - gpt.data.item()) < tol
    assert abs(amg.grad - apt.grad.item()) < tol
    assert abs(bmg.grad - bpt.grad.item()) < tol


def test_more_ops_against_hand_values():
    # the same expression's known results (micrograd's README): no torch needed
    a, b = Value(-4.0), Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert f"{g.data:.4f}" == "24.7041"
    assert f"{a.grad:.4f}" == "138.8338" and f"{b.grad:.4f}" == "645.5773"


# ---- numbers, numpy scalars and Python's sum, as micrograd code uses them ------------------

def test_builtin_sum_numpy_scalars_and_value_of_numpy_float():
    v = Value(np.float64(0.25))
    assert type(v.data) is float
    xs = [Value(1.0), Value(2.0)]
    total = sum(xs) + sum([x * 2 for x in xs], Value(0.5))
    total.backward()
    assert total.data == 9.5 and xs[0].grad == 3.0
    yi, score = np.int64(-1), Value(0.3)
    loss = (1 + -yi * score).relu()
    assert isinstance(loss, Value) and loss.data == pytest.approx(1.3)
    for scalar in (np.float64(2.0), np.float32(2.0), np.int64(2), np.int32(2)):
        for result in (scalar + score, score + scalar, scalar * score, score * scalar,
                       scalar - score, score - scalar, scalar / score, score / scalar,
                       score ** scalar):
            assert isinstance(result, Value)


# ---- micrograd's nn ----------------------------------------------------------------------

def test_nn_classes_with_micrograd_defaults_and_reprs():
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    assert len(model.parameters()) == 337 and isinstance(model.parameters(), list)
    assert repr(model) == "MLP(2, [16, 16, 1], activation='relu', output_activation='linear')"
    assert repr(Neuron(3)) == "Neuron(3, activation='relu')"
    assert repr(Layer(3, 2, nonlin=False)) == "Layer(3, 2, activation='linear')"
    out = model([Value(0.5), Value(-1.0)])
    assert isinstance(out, Value)
    model.zero_grad()
    out.backward()
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


def test_same_seed_same_weights_as_micrograd():
    micrograd = pytest.importorskip("micrograd.nn", reason="micrograd is in the test extra")
    random.seed(42)
    theirs = micrograd.MLP(2, [3, 1])
    random.seed(42)
    ours = MLP(2, [3, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    x = [0.7, -0.2]
    assert ours(x).data == pytest.approx(theirs(x).data, rel=1e-12)


# ---- the lecture's hand-written draw_dot, unchanged ---------------------------------------

def trace(root):
    # builds a set of all nodes and edges in a graph
    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)
    build(root)
    return nodes, edges


def draw_dot(root, format="svg", rankdir="LR"):
    assert rankdir in ["LR", "TB"]
    nodes, edges = trace(root)
    dot = Digraph(format=format, graph_attr={"rankdir": rankdir})
    for n in nodes:
        dot.node(name=str(id(n)), label="{ data %.4f | grad %.4f }" % (n.data, n.grad),  # noqa: UP031 - the lecture's code, verbatim
                 shape="record")
        if n._op:
            dot.node(name=str(id(n)) + n._op, label=n._op)
            dot.edge(str(id(n)) + n._op, str(id(n)))
    for n1, n2 in edges:
        dot.edge(str(id(n1)), str(id(n2)) + n2._op)
    return dot


def test_lectures_draw_dot_works_unchanged():
    x1, x2 = Value(2.0), Value(0.0)
    w1, w2 = Value(-3.0), Value(1.0)
    b = Value(6.8813735870195432)
    n = x1 * w1 + x2 * w2 + b
    o = n.tanh()
    o.backward()
    dot = draw_dot(o)
    source = dot.source
    assert source.count("shape=record") == 10     # 5 inputs, 5 op results
    assert "label=tanh" in source and "label=\"*\"" in source and "label=\"+\"" in source
    assert "data 0.7071 | grad 1.0000" in source
    svg = dot.pipe(format="svg").decode()       # the real dot renders it
    assert svg.startswith("<?xml") and "<svg" in svg
    with pytest.raises(AttributeError):
        o._prev = set()


# ---- micrograd's demo: moons, MLP(2, [16, 16, 1]), max-margin loss + L2, 100 SGD steps ---

def test_demo_training_reaches_full_accuracy():
    np.random.seed(1337)
    random.seed(1337)
    X, y = nn.data.moons(100, noise=0.1, seed=1)
    model = MLP(2, [16, 16, 1])

    def loss():
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        alpha = 1e-4
        reg_loss = alpha * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    history = []
    for k in range(100):
        total_loss, acc = loss()
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        history.append((total_loss.data, acc))
        if acc == 1.0:
            break
    assert history[-1][1] == 1.0, f"accuracy {history[-1][1]} after {len(history)} steps"
    assert history[-1][0] < history[0][0]


def test_the_lectures_tanh_mlp_is_the_tanh_activations():
    """The README: the MLP written in the lecture (tanh in every layer) is
    MLP(nin, sizes, activation="tanh", output_activation="tanh"); its forward pass written
    as the lecture writes it, over the same parameters, gives the same number."""
    random.seed(0)
    model = MLP(3, [4, 4, 1], activation="tanh", output_activation="tanh")
    x = [2.0, 3.0, -1.0]
    act = x
    for layer in model.layers:          # the lecture: tanh(sum(wi*xi) + b), every neuron
        act = [math.tanh(sum(w.data * xi for w, xi in zip(n.w, act)) + n.b.data)
               for n in layer.neurons]
    assert model(x).data == pytest.approx(act[0], rel=1e-12)
    assert -1.0 < act[0] < 1.0 and act[0] != 0.0


def test_tanh_is_math_tanh_and_the_lectures_formula_is_within_an_ulp():
    """The README's tanh row: tracegrad's tanh is math.tanh; the lecture's exp formula
    agrees up to the last digit (on the lecture's neuron it is one ulp off on glibc)."""
    n = 2.0 * -3.0 + 0.0 * 1.0 + 6.8813735870195432
    lecture = (math.exp(2 * n) - 1) / (math.exp(2 * n) + 1)
    assert Value(n).tanh().data == math.tanh(n)
    assert abs(math.tanh(n) - lecture) <= math.ulp(lecture)


def test_own_attributes_need_a_subclass_as_the_readme_says():
    v = Value(1.0)
    with pytest.raises(AttributeError):
        v.name = "w"

    class Named(Value):
        pass
    n = Named(1.0)
    n.name = "w"
    assert n.name == "w" and (n * 2).data == 2.0
