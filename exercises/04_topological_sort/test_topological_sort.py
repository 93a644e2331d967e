import random

import pytest

import autograd
from autograd import Value
from autograd.testing import ExerciseFailure, check_no_recursion


def random_graph(seed):
    """A random graph: shared nodes, leaves reused (x * x), operands in either order, and
    several outputs joined into one root by a final sum."""
    rng = random.Random(seed)
    nodes = [Value(rng.uniform(-1, 1), label=f"x{i}") for i in range(rng.randint(1, 4))]
    for _ in range(rng.randint(2, 25)):
        a, b = rng.choice(nodes), rng.choice(nodes[-3:] + nodes[:1])
        if rng.random() < 0.5:
            a, b = b, a
        nodes.append(rng.choice([lambda: a * b, lambda: a + b, lambda: a - b,
                                 lambda: a.tanh(), lambda: a * 2.0, lambda: 3.0 - a])())
    used = {p for v in nodes for p in v.parents}
    outputs = [v for v in nodes if v not in used]
    return autograd.sum(outputs) if len(outputs) > 1 else outputs[0]


def name(v, ids):
    return f"%{ids[v]}" + (f" [{v.label}]" if v.label else "")


def expression(v, ids):
    args = ", ".join(f"%{ids[a]}" if isinstance(a, Value) else f"{a:g}" for a in v.args)
    return f"%{ids[v]} = {v.op.name}({args})" + (f" [{v.label}]" if v.label else "")


def check_order(order, root, where=""):
    __tracebackhide__ = True
    graph = autograd.trace(root)
    ids = {n.value: n.id for n in graph}
    if not isinstance(order, (list, tuple)):
        raise ExerciseFailure(f"topological_order returned {type(order).__name__}, not a list")
    position = {}
    for i, v in enumerate(order):
        if not isinstance(v, Value) or v not in ids:
            raise ExerciseFailure(f"item {i} of your order is not a node of the graph "
                                  f"({type(v).__name__})")
        if v in position:
            raise ExerciseFailure(f"{name(v, ids)} is listed twice (at {position[v]} and {i})"
                                  "\n  hint: remember which nodes you have already visited")
        position[v] = i
    missing = [n.value for n in graph if n.value not in position]
    if missing:
        raise ExerciseFailure(f"{len(missing)} of the {len(graph)} nodes are missing, "
                              f"{name(missing[0], ids)} first")
    for v in order:
        for p in v.parents:
            if position[p] > position[v]:
                listing = ""
                if len(graph) <= 8:
                    yours = ", ".join(f"%{ids[u]}" for u in order)
                    listing = f"\n  your order: {yours}\n  the graph:\n" + "\n".join(
                        f"    {line}" for line in str(graph).splitlines())
                raise ExerciseFailure(
                    f"{where}{expression(v, ids)} comes before its parent {name(p, ids)}"
                    f"{listing}\n  hint: a node goes into the list only once ALL its parents "
                    "are in it")


@pytest.mark.points(2)
def test_every_node_once_and_after_its_parents(exercise):
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = b * a
    d = c + a
    root = (d * c).tanh()
    check_order(check_no_recursion(exercise.topological_order, root), root)


@pytest.mark.points(3)
def test_many_random_graphs(exercise):
    for seed in range(60):
        root = random_graph(seed)
        check_order(check_no_recursion(exercise.topological_order, root), root,
                    f"in random graph #{seed}: ")


def test_a_leaf_alone_and_a_node_used_twice(exercise):
    x = Value(3.0, label="x")
    check_order(check_no_recursion(exercise.topological_order, x), x)
    y = x * x
    check_order(check_no_recursion(exercise.topological_order, y), y)


def test_deep_graph_without_recursion(exercise):
    x = Value(0.5)
    y = x
    for _ in range(100_000):
        y = y + 1.0
    order = check_no_recursion(exercise.topological_order, y)
    if not (len(order) == 100_001 and order[0] is x and order[-1] is y):
        raise ExerciseFailure("on a chain of 100,000 ops your order is wrong: expected "
                              f"100,001 nodes from the input to the root, got {len(order)}")
