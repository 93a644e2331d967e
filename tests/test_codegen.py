"""Graph.to_python and Graph.compile: the generated program against backward(), on every
op of the table, random graphs, shared nodes and constants; three backends; bad input."""

import math
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_cases import CASES

import autograd
from autograd import OPS, DomainError, Value, trace, trace_fn
from autograd.codegen import CodegenError
from autograd.examples import neuron
from autograd.ops import Op
from autograd.value import set_node

try:
    import torch
except ImportError:
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="the torch backend needs torch: "
                                 "make test TORCH=1 installs it")
ARRAYS = ["numpy", pytest.param("torch", marks=needs_torch)]


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def same(a: float, b: float) -> bool:
    """Equal bit for bit (NaN equals NaN, 0.0 differs from -0.0)."""
    return bits(float(a)) == bits(float(b))


def close(a, b, rel=1e-12) -> bool:
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


def backward_numbers(graph):
    """What backward() gives on the graph's current numbers: outputs and input grads."""
    for n in graph.inputs:
        n.value.grad = 0.0
    graph.backward()
    outs = tuple(n.data for n in graph.outputs)
    return (outs[0] if len(outs) == 1 else outs), tuple(n.grad for n in graph.inputs)


# --- the program, read ------------------------------------------------------------------

def test_the_lecture_neuron_written_out():
    o, _ = neuron()
    source = trace(o).to_python("neuron")
    lines = [line.split("#")[0].strip() for line in source.splitlines()]
    assert "def neuron(x1, w1, x2, w2, b):" in lines
    for expected in ["n5 = x1 * w1", "n6 = x2 * w2", "n7 = n5 + n6", "n = n7 + b",
                     "o = tanh(n)", "g_o = 1.0", "g_n += g_o * (1.0 - o * o)",
                     "g_n7 += g_n", "g_b += g_n", "g_x1 += g_n5 * w1", "g_w1 += g_n5 * x1",
                     "return o, (g_x1, g_w1, g_x2, g_w2, g_b)"]:
        assert expected in lines, expected
    assert "# %9 = tanh(%8)" in source and "# ∂%9/∂%8" in source
    # one line per non-input node forward, one per edge backward
    body = [x.split("#")[0].strip() for x in source.splitlines() if x.startswith("    ")]
    assert sum(x.split(" = ")[0].isidentifier() and not x.startswith(("g_", "#", "return"))
               for x in body) == 5
    assert sum(("+=" in x) or ("-=" in x) for x in lines) == 9


def test_constants_are_written_in_and_ops_come_from_the_table():
    x = Value(0.5, label="x")
    y = (2 - x * 3).relu() + x ** 2
    y.label = "y"
    source = trace(y).to_python()
    assert "n1 = x * 3.0" in source and "n2 = 2.0 - n1" in source
    assert "n3 = n2 if n2 > 0.0 else (0.0 if n2 <= 0.0 else n2)" in source   # relu's rule
    assert "g_n2 += g_n3 * (1.0 if n2 > 0.0 else (0.0 if n2 <= 0.0 else n2 * nan))" in source
    assert "g_n1 -= g_n2" in source                            # d(2 - n1)/d n1 = -1
    numpy_source = trace(y).to_python(backend="numpy")
    assert "where(n2 > 0.0, n2, where(n2 <= 0.0, 0.0, n2))" in numpy_source  # branch-free


def test_the_source_runs_on_its_own():
    o, _ = neuron()
    g = trace(o)
    scope = {}
    exec(g.to_python("neuron"), scope)
    assert scope["neuron"](*[n.data for n in g.inputs]) == g.compile()(*[n.data for n in g.inputs])


# --- python backend: exactly backward() -------------------------------------------------

def test_compile_is_bit_identical_to_backward_on_the_neuron():
    o, _ = neuron()
    g = trace(o)
    f = g.compile()
    for xs in ([2.0, -3.0, 0.0, 1.0, 6.8813735870195432], [0.3, -1.2, 4.0, 0.0, -2.5]):
        out, grads = f(*xs)
        g.forward(*xs)
        ref_out, ref_grads = backward_numbers(g)
        assert same(out, ref_out)
        assert all(same(a, b) for a, b in zip(grads, ref_grads))


def kink_points(name):
    extra = {"relu": [(0.0,), (-0.0,)], "abs": [(0.0,)], "leaky_relu": [(0.0,)],
             "elu": [(0.0,)], "sqrt": [(1e-300,)], "pow": [(0.0, 2.0), (-2.0, 3.0), (1.0, 0.0)],
             "div": [(-0.0, 2.0)], "tanh": [(40.0,)], "exp": [(-800.0,)]}
    return list(CASES[name].points) + extra.get(name, [])


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_op_compiles_to_backward_s_numbers(name):
    case = CASES[name]
    for point in kink_points(name):
        xs = [Value(p, label=f"x{i}") for i, p in enumerate(point)]
        g = trace(case.call(*xs))
        out, grads = g.compile()(*point)
        ref_out, ref_grads = backward_numbers(g)
        assert same(out, ref_out), (name, point)
        assert all(same(a, b) for a, b in zip(grads, ref_grads)), (name, point, grads, ref_grads)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("backend", ARRAYS)
def test_every_op_in_a_batch_matches_backward_per_sample(name, backend):
    case = CASES[name]
    points = kink_points(name)
    xs = [Value(p, label=f"x{i}") for i, p in enumerate(points[0])]
    g = trace(case.call(*xs))
    columns = [np.array(c) for c in zip(*points)]
    out, grads = g.compile(backend)(*columns)
    for k, point in enumerate(points):
        g.forward(*point)
        ref_out, ref_grads = backward_numbers(g)
        assert close(out[k], ref_out), (name, point)
        for grad, ref in zip(grads, ref_grads):
            assert close(grad[k], ref), (name, point, float(grad[k]), ref)


def test_every_op_of_the_table_is_covered():
    assert set(CASES) == set(OPS)


# --- random graphs ----------------------------------------------------------------------

# (name, arity, op); every op of the table, some with constants, some kinks
RANDOM_OPS = [
    ("add", 2, lambda a, b: a + b), ("sub", 2, lambda a, b: a - b),
    ("mul", 2, lambda a, b: a * b), ("div", 2, lambda a, b: a / (b * b + 1.0)),
    ("neg", 1, lambda a: -a), ("square", 1, lambda a: a ** 2), ("cube", 1, lambda a: a ** 3),
    ("pow_of_positive", 2, lambda a, b: (a * a + 0.5) ** b.tanh()),
    ("exp", 1, lambda a: a.tanh().exp()), ("log", 1, lambda a: (a * a + 1.0).log()),
    ("sqrt", 1, lambda a: (a * a + 1.0).sqrt()), ("tanh", 1, lambda a: a.tanh()),
    ("sigmoid", 1, lambda a: a.sigmoid()), ("relu", 1, lambda a: a.relu()),
    ("leaky_relu", 1, lambda a: a.leaky_relu(0.1)), ("elu", 1, lambda a: a.elu(0.7)),
    ("softplus", 1, lambda a: a.softplus()), ("abs", 1, lambda a: abs(a)),
    ("sin", 1, lambda a: a.sin()), ("cos", 1, lambda a: a.cos()),
    ("sum", 2, lambda a, b: autograd.sum([a, b, a, 1.5])),
    ("dot", 2, lambda a, b: autograd.dot([a, b, 2.0], [b, -0.5, a])),
    ("constant_first", 1, lambda a: 3.0 - 2.0 / (a * a + 1.0)),
]

programs = st.lists(st.tuples(st.integers(0, len(RANDOM_OPS) - 1), st.integers(0, 10_000),
                              st.integers(0, 10_000)), min_size=1, max_size=20)
numbers = st.floats(-2.0, 2.0, allow_nan=False)


def build(program, leaves):
    """Each step applies an op to earlier nodes (shared freely); the outputs are the last
    node and one other."""
    nodes = list(leaves)
    for op_index, i, j in program:
        _, arity, f = RANDOM_OPS[op_index]
        nodes.append(f(*[nodes[i % len(nodes)], nodes[j % len(nodes)]][:arity]))
    return nodes[-1], nodes[len(leaves) + program[0][1] % (len(nodes) - len(leaves))]


@settings(max_examples=80, deadline=None)
@given(programs, st.lists(numbers, min_size=1, max_size=3), st.booleans())
def test_random_graphs_python_backend_is_bit_identical(program, xs, two_outputs):
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    last, other = build(program, leaves)
    g = trace([last, other] if two_outputs else [last])
    out, grads = g.compile()(*[n.data for n in g.inputs])
    ref_out, ref_grads = backward_numbers(g)
    assert all(same(a, b) for a, b in zip(out if two_outputs else [out],
                                          ref_out if two_outputs else [ref_out]))
    assert all(same(a, b) for a, b in zip(grads, ref_grads))


@pytest.mark.parametrize("backend", ARRAYS)
@settings(max_examples=40, deadline=None)
@given(program=programs, batch=st.lists(st.lists(numbers, min_size=3, max_size=3),
                                        min_size=1, max_size=4))
def test_random_graphs_in_a_batch_match_backward_per_sample(backend, program, batch):
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(batch[0])]
    last, _ = build(program, leaves)
    g = trace(last)
    used = len(g.inputs)
    columns = [np.array([row[i] for row in batch]) for i in range(used)]
    out, grads = g.compile(backend, reduction="none")(*columns)
    for k, row in enumerate(batch):
        g.forward(*row[:used])
        ref_out, ref_grads = backward_numbers(g)
        assert close(out[k], ref_out, 1e-9)
        assert all(close(a[k], b, 1e-9) for a, b in zip(grads, ref_grads))


# --- batches ----------------------------------------------------------------------------

@pytest.mark.parametrize("backend", ARRAYS)
def test_shared_inputs_get_batch_summed_gradients(backend):
    g = trace_fn(lambda x, w, b: (x * w + b).tanh(), 0.0, 0.0, 0.0)
    xs = np.array([0.5, -1.0, 2.0])
    out, (gx, gw, gb) = g.compile(backend)(xs, 0.7, -0.1)
    per_sample = []
    for k, x in enumerate(xs):
        g.forward(x, 0.7, -0.1)
        ref_out, ref_grads = backward_numbers(g)
        assert close(out[k], ref_out) and close(gx[k], ref_grads[0])
        per_sample.append(ref_grads)
    assert close(gw, sum(r[1] for r in per_sample)) and close(gb, sum(r[2] for r in per_sample))
    assert np.shape(gw) == () and len(gx) == 3
    _, (_, gw_each, _) = g.compile(backend, reduction="none")(xs, 0.7, -0.1)
    assert [float(v) for v in gw_each] == pytest.approx([r[1] for r in per_sample], rel=1e-12)


def test_mismatched_batch_lengths_name_both_inputs():
    g = trace_fn(lambda x, y: x * y, 1.0, 2.0)
    f = g.compile("numpy")
    with pytest.raises(ValueError, match=r"batch lengths differ: input 'x' has 3 samples, "
                                         r"input 'y' has 2"):
        f(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match=r"input 'y' has shape \(2, 2\)"):
        f(np.ones(2), np.ones((2, 2)))
    with pytest.raises(TypeError, match="input 'x' must be a number or a 1-D array"):
        f("abc", 1.0)


@needs_torch
def test_torch_backend_batches_and_names_mismatched_lengths():
    g = trace_fn(lambda x, y: x * y, 1.0, 2.0)
    f = g.compile("torch")
    out, (gx, gy) = f(torch.tensor([1.0, 2.0], dtype=torch.float64), 3.0)
    assert out.tolist() == [3.0, 6.0] and gx.tolist() == [3.0, 3.0] and float(gy) == 3.0
    with pytest.raises(ValueError, match="batch lengths differ"):
        f(torch.ones(3), torch.ones(2))


# --- bad input --------------------------------------------------------------------------

def _custom_node(rule, name="mystery"):
    op = Op(name, name, 1, rule, "a test op")
    x = Value(0.5, label="x")
    v = Value(rule(autograd.ops.FLOAT, 0.5)[0], label="y")
    set_node(v, op, (x,), (1.0,))
    return v


def test_an_op_without_a_code_form_is_named():
    def rule(F, a):                      # math.exp cannot take a symbol: no code form
        out = math.exp(a)
        return out, (out,)
    g = trace(_custom_node(rule) * 2)
    for make in (g.to_python, g.compile, lambda: g.compile("numpy")):
        with pytest.raises(CodegenError, match=r"node %1 \('y'\), mystery\(%0\): op 'mystery' "
                                               r"has no code form: the rule gives an argument to "
                                               r"something that needs a float"):
            make()


def test_a_custom_op_written_with_F_gets_a_code_form():
    def rule(F, a):
        if a > 0.0:
            return a * a, (2.0 * a,)
        return F.sin(a), (F.cos(a),)
    g = trace(_custom_node(rule, "bend"))
    assert "y = x * x if x > 0.0 else sin(x)" in g.to_python()
    out, (gx,) = g.compile("numpy")(np.array([2.0, -1.0]))
    assert out.tolist() == [4.0, math.sin(-1.0)] and gx.tolist() == [4.0, math.cos(-1.0)]


def test_rules_that_use_arguments_as_truth_values_have_no_code_form():
    def rule(F, a):
        return (a if a else 0.0), (1.0,)
    with pytest.raises(CodegenError, match="truth value"):
        trace(_custom_node(rule, "truthy")).to_python()


def test_domain_errors_name_the_node_and_bad_arguments_are_refused():
    x = Value(2.0, label="x")
    y = (x - 1.0).log()
    y.label = "y"
    f = trace(y).compile()
    with pytest.raises(DomainError, match=r"log\(-1.0\) at node %2 \('y'\): log needs a positive"):
        f(0.0)
    with pytest.raises(TypeError, match="must be a number, got Value"):
        f(Value(1.0))
    with pytest.raises(TypeError, match="no value for input 'x'"):
        f()
    with pytest.raises(ValueError, match="backend must be one of"):
        trace(y).compile("jax")
    with pytest.raises(ValueError, match="reduction must be 'sum' or 'none'"):
        trace(y).compile("numpy", reduction="mean")


def test_inputs_by_label_and_awkward_labels():
    a, b, c = Value(1.0, label="g_x"), Value(2.0, label="x"), Value(3.0, label="for")
    d, e = Value(4.0, label="tanh"), Value(5.0, label="x")          # x twice
    f = Value(0.5, label="sum")
    y = autograd.sum([a * b, c.tanh(), d * e, f.exp(), abs(a - c)])
    y.label = "g_y"
    g = trace(y)
    source = g.to_python()
    compiled = g.compile()
    values = [n.data for n in g.inputs]
    assert compiled(*values) == backward_numbers(g)
    with pytest.raises(TypeError, match="2 inputs are labelled 'x'"):
        compiled(x=1.0)
    assert "def f(" in source and "for" not in source.split("def f(")[1].split(")")[0].split(", ")


def test_shared_outputs_and_an_output_feeding_another():
    x = Value(0.3, label="x")
    h = x.tanh()
    y = h * h + x
    g = trace([y, h, y])                 # y twice: seeded twice, as backward([y, h, y])
    out, grads = g.compile()(0.3)
    ref_out, ref_grads = backward_numbers(g)
    assert out == ref_out and grads == ref_grads
    assert f"g_n{g.node_of(y).id} = 2.0" in g.to_python()


def test_a_graph_of_one_input_is_its_own_gradient():
    x = Value(2.0, label="x")
    assert trace(x).compile()(5.0) == (5.0, (1.0,))


# --- the README ------------------------------------------------------------------------------

def _readme_blocks():
    import re
    from pathlib import Path
    text = (Path(__file__).parents[1] / "README.md").read_text()
    section = text.split("## Outgrowing scalars")[1].split("\n## ")[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_readme_shows_the_neuron_s_generated_code_as_it_is():
    o, _ = neuron()
    assert _readme_blocks()[0] == trace(o).to_python("neuron")


def test_readme_batched_training_and_torch_loop_run():
    batched, to_torch = _readme_blocks()[1:3]
    scope = {}
    exec(batched.replace("range(50)", "range(3)"), scope)
    step, params, X, y = scope["step"], scope["params"], scope["X"], scope["y"]
    losses, _ = step(X[:, 0], X[:, 1], y, *[p.data for p in params])
    assert losses.shape == (100,) and np.all(losses >= 0.0)
    if torch is None:
        pytest.skip("the README's PyTorch loop needs torch: make test TORCH=1 installs it")
    exec(to_torch.replace("range(100)", "range(3)"), scope)
    model, tm = scope["model"], scope["tm"]
    ours = [model([float(a), float(b)]).data for a, b in X[:5]]
    assert ours == pytest.approx(tm(torch.tensor(X[:5]))[:, 0].tolist(), rel=1e-12)


@pytest.mark.parametrize("backend", ["python", *ARRAYS])
def test_nodes_of_constants_only_and_several_outputs(backend):
    c = autograd.sum([2.0, 3.0])                 # a node without a Value argument
    x = Value(0.5, label="x")
    h = (c * x).tanh()
    y = h + c.exp() * h
    g = trace([y, h])
    f = g.compile(backend)
    points = [0.5, -1.0]
    if backend == "python":
        results = [f(p) for p in points]
    else:
        (ys, hs), (gx,) = f(np.array(points))
        results = [((ys[k], hs[k]), (gx[k],)) for k in range(2)]
    for p, (out, grads) in zip(points, results):
        g.forward(p)
        ref_out, ref_grads = backward_numbers(g)
        assert all(close(a, b) for a, b in zip(out, ref_out))
        assert close(grads[0], ref_grads[0])
    assert trace(c).compile(backend)()[0] == pytest.approx(5.0)


@needs_torch
def test_a_traced_model_trains_with_a_pytorch_optimizer_through_the_torch_backend():
    import nn
    X, y = nn.data.moons(60, noise=0.1, seed=1)
    model = nn.MLP(2, [8, 1], seed=1)
    g = trace_fn(lambda x0, x1, t: (1 - t * model([x0, x1])).relu(), 0.0, 0.0, 1.0)
    step = g.compile(backend="torch")
    params = [torch.tensor(n.data, dtype=torch.float64) for n in g.inputs[3:]]
    optimizer = torch.optim.SGD(params, lr=0.05)
    inputs, targets = torch.tensor(X), torch.tensor(y)
    curve = []
    for _ in range(3):
        losses, grads = step(inputs[:, 0], inputs[:, 1], targets, *params)
        for p, grad in zip(params, grads[3:]):
            p.grad = grad / len(targets)
        optimizer.step()
        curve.append(losses.mean().item())
    # the same steps with nn's SGD on the scalar graph
    ours = []
    opt = nn.SGD(model.parameters(), lr=0.05)
    for _ in range(3):
        model.zero_grad()
        loss = nn.hinge([model([float(a), float(b)]) for a, b in X], y)
        loss.backward()
        opt.step()
        ours.append(loss.data)
    assert curve == pytest.approx(ours, rel=1e-12)


def test_a_rule_written_with_F_where_and_F_step_serves_floats_values_code_and_arrays():
    from autograd.value import _FACTORY

    def relu_branch_free(F, a):
        return F.where(a > 0.0, a, 0.0), (F.step(a),)

    relu2 = _FACTORY[1](Op("relu2", "relu2", 1, relu_branch_free, "relu, branch-free"))
    for x0 in (1.5, -2.0, 0.0):
        x = Value(x0, label="x")
        y = relu2(x * x - 1.0)                          # floats: the forward pass
        y.backward()
        assert (y.data, x.grad) == (max(x0 * x0 - 1.0, 0.0), 2 * x0 if x0 * x0 > 1 else 0.0)
        second = autograd.grad(autograd.grad(lambda v: relu2(v * v - 1.0)))(x0)   # Values
        assert second == (2.0 if x0 * x0 > 1 else 0.0)
    g = trace(y)
    assert "n3 = n2 if n2 > 0.0 else 0.0" in g.to_python()
    assert "where(n2 > 0.0, 1.0, 0.0)" in g.to_python(backend="numpy")
    out, (gx,) = g.compile("numpy")(np.array([1.5, -2.0, 0.5]))
    assert out.tolist() == [1.25, 3.0, 0.0] and gx.tolist() == [3.0, -4.0, 0.0]


def test_a_micrograd_style_closure_node_has_no_code_form():
    x = Value(0.5, label="x")
    t = math.tanh(x.data)
    out = Value(t, (x,), "tanh")

    def _backward():
        x.grad += (1 - t ** 2) * out.grad
    out._backward = _backward
    g = trace(out * 2)
    for make in (g.to_python, g.compile, lambda: g.compile("numpy")):
        with pytest.raises(CodegenError, match=r"node %1, tanh\(%0\): made by a micrograd-style "
                                               r"_backward closure.*autograd.register_op"):
            make()


def test_a_registered_op_is_turned_into_code_from_its_rule():
    @autograd.register_op("cube_cg", method=True)
    def cube(F, a):
        return a * a * a, (3.0 * a * a,)

    @autograd.register_op("ramp_cg", method=True)
    def ramp(F, a):
        if a > 1.0:
            return F.log(a) + 1.0, (1.0 / a,)
        return F.where(a > 0.0, a, 0.0), (F.step(a),)

    @autograd.register_op("bad_cg", method=True)
    def bad(F, a):
        return math.sin(a), (math.cos(a),)
    try:
        x = Value(2.0, label="x")
        y = x.cube_cg().ramp_cg()
        y.label = "y"
        g = trace(y)
        assert "n1 = x * x * x" in g.to_python()
        for point in (2.0, 0.9, -0.5):
            out, grads = g.compile()(point)
            g.forward(point)
            assert (out, grads) == backward_numbers(g)
        out, (gx,) = g.compile("numpy")(np.array([2.0, 0.9, -0.5]))
        assert out.tolist() == [math.log(8.0) + 1.0, 0.9 * 0.9 * 0.9, 0.0]
        assert gx.tolist() == pytest.approx([3 * 4 / 8.0, 3 * 0.81, 0.0], rel=1e-12)
        with pytest.raises(CodegenError, match=r"node %1, bad_cg\(%0\): op 'bad_cg' has no "
                                               r"code form: .*use F's functions"):
            trace(Value(0.5).bad_cg()).to_python()
    finally:
        for name in ("cube_cg", "ramp_cg", "bad_cg"):
            autograd.unregister_op(name)
