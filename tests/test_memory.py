"""A dropped graph is freed by reference counting alone: no cycles between nodes."""

import gc
from contextlib import contextmanager

import autograd
from autograd import Value


def _count_values():
    return sum(1 for o in gc.get_objects() if type(o) is Value)


@contextmanager
def collector_off():
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _graph():
    x = Value(0.5)
    w = [Value(0.1 * i) for i in range(20)]
    y = autograd.sum([(x * wi + 1).tanh() ** 2 for wi in w]) + autograd.dot(w, w).relu()
    return y, [x] + w


def test_dropped_graph_leaves_nothing_for_the_cycle_collector():
    with collector_off():
        before = _count_values()
        y, leaves = _graph()
        y.backward()
        assert len(autograd.backward_order(y)) > 50
        del y, leaves
        assert _count_values() == before, "Values survived reference counting"
        assert gc.collect() == 0, "the graph held reference cycles"


def test_create_graph_cycle_is_broken_by_zero_grad():
    # As in PyTorch, backward(create_graph=True) makes each leaf hold a grad graph that
    # contains the leaf: a cycle. zero_grad (or setting grad to a float) breaks it;
    # non-leaf grads are left as floats, so no other cycle remains.
    with collector_off():
        before = _count_values()
        y, leaves = _graph()
        y.backward(create_graph=True)
        assert all(isinstance(v.grad, Value) for v in leaves)
        autograd.zero_grad(leaves)
        del y, leaves
        assert _count_values() == before
        assert gc.collect() == 0
