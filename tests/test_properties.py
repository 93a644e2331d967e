"""Random expression graphs (hypothesis): gradients against finite differences and,
where installed, PyTorch; the fast and the create_graph backward paths agree."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from torch_parity import _torch

from autograd import Value, gradients
from autograd.testing import numeric_gradients

# (name, arity, our op, torch op); each is safe on any finite input
SAFE = [
    ("add", 2, lambda a, b: a + b, lambda a, b: a + b),
    ("sub", 2, lambda a, b: a - b, lambda a, b: a - b),
    ("mul", 2, lambda a, b: a * b, lambda a, b: a * b),
    ("tanh", 1, lambda a: a.tanh(), lambda a: a.tanh()),
    ("sigmoid", 1, lambda a: a.sigmoid(), lambda a: a.sigmoid()),
    ("sin", 1, lambda a: a.sin(), lambda a: a.sin()),
    ("square", 1, lambda a: a ** 2, lambda a: a ** 2),
    ("softplus", 1, lambda a: a.softplus(), lambda a: (1 + a.exp()).log()),
    ("exp_of_tanh", 1, lambda a: a.tanh().exp(), lambda a: a.tanh().exp()),
    ("log_1p_sq", 1, lambda a: (a * a + 1).log(), lambda a: (a * a + 1).log()),
]

programs = st.lists(
    st.tuples(st.integers(0, len(SAFE) - 1), st.integers(0, 10_000), st.integers(0, 10_000)),
    min_size=1, max_size=25)
inputs = st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=1, max_size=4)


OURS, TORCH = 2, 3


def run(program, xs, engine=OURS):
    """Evaluate a random program: each step applies one op to earlier nodes (by index);
    the result is the sum of every step's node."""
    nodes = list(xs)
    for op_index, i, j in program:
        arity, f = SAFE[op_index][1], SAFE[op_index][engine]
        args = [nodes[i % len(nodes)], nodes[j % len(nodes)]][:arity]
        nodes.append(f(*args))
    out = nodes[len(xs)]
    for n in nodes[len(xs) + 1:]:
        out = out + n
    return out


@settings(max_examples=150, deadline=None)
@given(programs, inputs)
def test_random_graphs_match_finite_differences(program, xs):
    leaves = [Value(x) for x in xs]
    out = run(program, leaves)
    out.backward()
    numeric = numeric_gradients(lambda *vs: run(program, list(vs)), xs, eps=1e-6)
    for leaf, n in zip(leaves, numeric):
        assert leaf.grad == pytest.approx(n, rel=1e-4, abs=1e-5)


@settings(max_examples=60, deadline=None)
@given(programs, inputs)
def test_create_graph_path_agrees_with_the_fast_path(program, xs):
    leaves = [Value(x) for x in xs]
    out = run(program, leaves)
    fast = gradients(out, leaves)
    slow = [float(g) for g in gradients(out, leaves, create_graph=True)]
    assert slow == pytest.approx(fast, rel=1e-12, abs=1e-12)



@pytest.mark.skipif(_torch() is None,
                    reason="PyTorch parity needs torch: make test TORCH=1 installs it")
@settings(max_examples=100, deadline=None)
@given(programs, inputs)
def test_random_graphs_match_pytorch(program, xs):
    torch = _torch()
    leaves = [Value(x) for x in xs]
    out = run(program, leaves)
    out.backward()
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    tout = run(program, ts, TORCH)
    tout.backward()
    assert out.data == pytest.approx(tout.item(), rel=1e-10, abs=1e-12)
    for leaf, t in zip(leaves, ts):
        expected = t.grad.item() if t.grad is not None else 0.0
        assert leaf.grad == pytest.approx(expected, rel=1e-9, abs=1e-12)
        assert not math.isnan(leaf.grad)
