import autograd
from autograd import Value


def graph():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    c = a * b
    d = c + a
    return (d * c).tanh()


def test_every_node_once_and_after_its_parents(exercise):
    root = graph()
    order = exercise.topological_order(root)
    expected = {n.value for n in autograd.trace(root)}
    assert len(order) == len(set(order)), "a node is listed twice"
    assert set(order) == expected, (f"{len(expected)} nodes expected, your order has "
                                    f"{len(set(order) & expected)} of them")
    position = {v: i for i, v in enumerate(order)}
    for v in order:
        for p in v.parents:
            assert position[p] < position[v], f"{v} comes before its parent {p}"


def test_deep_graph_without_recursion(exercise):
    x = Value(0.5)
    y = x
    for _ in range(100_000):
        y = y + 1.0
    order = exercise.topological_order(y)
    assert len(order) == 100_001 and order[0] is x and order[-1] is y
