import pytest

import autograd
from autograd import Value
from autograd.testing import ExerciseFailure, call_student, expect_close


def graphs():
    """(name, function of fresh inputs, input values): nodes used twice, constants on
    either side of an op, an n-ary sum."""
    def used_twice(x, y):
        z = x * y
        z.label = "z"
        return (z + z.tanh() * z) * 2.0

    def constants(x, y):
        return (3.0 - x) * (2.0 * y) + x ** 2.0

    def wide(x, y):
        return autograd.sum([x * y, x, y.exp(), 1.5]) / (y + 3.0)

    return [("a node used twice", used_twice, [0.7, -1.3]),
            ("constants as arguments", constants, [0.5, 2.0]),
            ("an n-ary sum", wide, [1.2, -0.4])]


def run(exercise, f, values):
    names = f.__code__.co_varnames[:len(values)]
    leaves = [Value(x, label=n) for n, x in zip(names, values)]
    out = f(*leaves)
    out.label = out.label or "out"
    order = autograd.backward_order(out)
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    call_student(exercise.apply_chain_rule, order)
    return autograd.trace(out), leaves, out


@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(3), ids=["used-twice", "constants", "n-ary"])
def test_every_grad_matches_backward(exercise, case):
    what, f, values = graphs()[case]
    graph, leaves, out = run(exercise, f, values)
    yours = {n.id: n.grad for n in graph}
    expected_leaves = autograd.gradients(out, leaves)
    ref = [Value(x, label=v.label) for x, v in zip(values, leaves)]
    ref_out = f(*ref)
    ref_out.backward()
    expected = {n.id: n.grad for n in autograd.trace(ref_out)}
    expect_close("the grads of the inputs", [v.grad for v in leaves], expected_leaves,
                 at=f"{what}: inputs {', '.join(v.label for v in leaves)}",
                 hint="+= (not =): a node used twice adds up both shares")
    for node in reversed(graph.nodes):
        if abs(yours[node.id] - expected[node.id]) > 1e-9 + 1e-7 * abs(expected[node.id]):
            name = f"%{node.id}" + (f" [{node.label}]" if node.label else "")
            raise ExerciseFailure(
                f"{what}: the grad of node {name} is wrong\n  yours     "
                f"{yours[node.id]:.4g}\n  expected  {expected[node.id]:.4g}\n  in the graph\n"
                f"{graph}\n  hint: arg.grad += node.grad * local, for each (arg, local) in "
                "zip(node.args, node.local_grads)")
