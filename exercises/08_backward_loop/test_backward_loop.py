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


def fresh(f, values):
    names = f.__code__.co_varnames[:len(values)]
    leaves = [Value(x, label=n) for n, x in zip(names, values)]
    out = f(*leaves)
    out.label = out.label or "out"
    order = autograd.backward_order(out)
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    return leaves, out, order


def slips(f, values):
    """What common mistakes give for the inputs' grads, by description."""
    def assign(order):
        for v in order:
            for a, d in zip(v.args, v.local_grads):
                if isinstance(a, Value):
                    a.grad = v.grad * d

    def backwards(order):
        for v in reversed(order):
            for a, d in zip(v.args, v.local_grads):
                if isinstance(a, Value):
                    a.grad += v.grad * d

    def parents(order):
        for v in order:
            for a, d in zip(v.parents, v.local_grads):
                a.grad += v.grad * d

    def no_upstream(order):
        for v in order:
            for a, d in zip(v.args, v.local_grads):
                if isinstance(a, Value):
                    a.grad += d

    found = {}
    for description, wrong in [
            ("you assigned (=) where a node used twice must add up (+=) both shares", assign),
            ("you went through the order backwards: it starts at the output", backwards),
            ("you paired node.parents with node.local_grads; local_grads has one entry per "
             "ARG (constants too): zip(node.args, node.local_grads)", parents),
            ("you added the local derivative alone: multiply it by node.grad", no_upstream)]:
        leaves, out, order = fresh(f, values)
        wrong(order)
        found[description] = [v.grad for v in leaves]
    return found


@pytest.mark.points(3)
@pytest.mark.parametrize("case", range(3), ids=["used-twice", "constants", "n-ary"])
def test_every_grad_matches_backward(exercise, case):
    what, f, values = graphs()[case]
    leaves, out, order = fresh(f, values)
    try:
        call_student(exercise.apply_chain_rule, order)
    except ExerciseFailure as e:
        if "object has no attribute 'grad'" not in str(e):
            raise
        raise ExerciseFailure(f"{e}\n  hint: a plain number among node.args (the 2.0 in "
                              "x * 2.0) is a constant with no grad: skip it "
                              "(isinstance(arg, Value))") from None
    graph = autograd.trace(out)
    yours = {n.id: n.grad for n in graph}
    ref_leaves, ref_out, _ = fresh(f, values)
    ref_out.backward()
    expected = {n.id: n.grad for n in autograd.trace(ref_out)}
    at = f"{what}, " + ", ".join(f"{v.label}={v.data:g}" for v in leaves)
    expect_close("the grads of the inputs", [v.grad for v in leaves],
                 [v.grad for v in ref_leaves], at=at, slips=slips(f, values),
                 hint="arg.grad += node.grad * local, for (arg, local) in "
                 "zip(node.args, node.local_grads)")
    for node in reversed(graph.nodes):
        if abs(yours[node.id] - expected[node.id]) > 1e-9 + 1e-7 * abs(expected[node.id]):
            name = f"%{node.id}" + (f" [{node.label}]" if node.label else "")
            raise ExerciseFailure(
                f"{what}: the grad of node {name} is wrong\n  yours     "
                f"{yours[node.id]:.4g}\n  expected  {expected[node.id]:.4g}\n  in the graph\n"
                f"{graph}\n  hint: arg.grad += node.grad * local, for each (arg, local) in "
                "zip(node.args, node.local_grads)")
