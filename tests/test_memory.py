"""A dropped graph is freed by reference counting alone: no cycles between nodes. Where
a cycle can exist (a micrograd-style closure node, a leaf's grad graph under
create_graph) one run of the cyclic collector frees it, in both engines.

Compiled, nodes are born untracked by the cyclic collector (gc.get_objects does not list
them), so these tests count what is freed with tracemalloc, not with gc.get_objects."""

import gc
import sys
import tracemalloc
from contextlib import contextmanager

import pytest

import autograd
from autograd import Value
from tests.test_micrograd_closures import tanh as micrograd_tanh


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


@contextmanager
def allocations():
    """Bytes allocated since entry and still held, as ``held()``; the collector off.
    A graph is made and dropped once first, so that caches (the modes' states, the op
    table's functions) are filled before counting."""
    y, leaves = _graph()
    y.backward(create_graph=True)
    autograd.zero_grad(leaves)
    del y, leaves
    with collector_off():
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            yield lambda: tracemalloc.get_traced_memory()[0] - base
        finally:
            tracemalloc.stop()


SLACK = 4096  # the float free list and small caches; a leaked graph here is 100 KB and more


def _graph():
    x = Value(0.5)
    w = [Value(0.1 * i) for i in range(200)]
    y = autograd.sum([(x * wi + 1).tanh() ** 2 for wi in w]) + autograd.dot(w, w).relu()
    return y, [x] + w


def test_dropped_graph_is_freed_by_reference_counting():
    x = Value(0.5)
    refs = sys.getrefcount(x)
    with allocations() as held:
        y, leaves = _graph()
        y = y * x
        y.backward()
        assert len(autograd.backward_order(y)) > 500 and held() > 100_000
        assert sys.getrefcount(x) > refs
        del y, leaves
        assert held() < SLACK, "nodes survived reference counting"
        assert sys.getrefcount(x) == refs
        assert gc.collect() == 0, "the graph held reference cycles"


def test_create_graph_cycle_is_broken_by_zero_grad():
    # As in PyTorch, backward(create_graph=True) makes each leaf hold a grad graph that
    # contains the leaf: a cycle. zero_grad (or setting grad to a float) breaks it;
    # non-leaf grads are left as floats, so no other cycle remains.
    with allocations() as held:
        y, leaves = _graph()
        y.backward(create_graph=True)
        assert all(isinstance(v.grad, Value) for v in leaves)
        autograd.zero_grad(leaves)
        del y, leaves
        assert held() < SLACK
        assert gc.collect() == 0


def test_create_graph_cycle_left_in_place_is_freed_by_one_collection():
    with allocations() as held:
        y, leaves = _graph()
        y.backward(create_graph=True)
        del y, leaves
        assert held() > 100_000                  # the cycles: leaf -> grad graph -> leaf
        assert gc.collect() > 0
        assert held() < SLACK, "a leaf's grad graph was not freed by the collector"
        assert gc.collect() == 0


def test_closure_cycles_linked_by_table_ops_are_freed_by_one_collection():
    # each micrograd-style node is a cycle (its closure refers to it); between them,
    # table ops, which the compiled engine leaves untracked: one collection frees all
    with allocations() as held:
        x = Value(0.5)
        y = x
        for _ in range(300):
            y = micrograd_tanh(y * 1.01 + 0.1)
        y.backward()
        del y
        assert held() > 50_000
        assert gc.collect() > 0
        assert held() < SLACK, "closure nodes were left for later collections"
        assert gc.collect() == 0


@pytest.mark.skipif(not autograd.compiled, reason="tracking at birth is compiled-only")
def test_compiled_nodes_are_untracked_except_where_a_cycle_can_be():
    x = Value(0.5)
    y = (x * 2).tanh()
    assert not gc.is_tracked(x) and not gc.is_tracked(y)
    z = micrograd_tanh(y)
    assert gc.is_tracked(z) and gc.is_tracked(y) and gc.is_tracked(x)  # and its ancestors
    assert gc.is_tracked(z * 2) and gc.is_tracked(autograd.sum([z, 1.0]))  # made from it
    assert not gc.is_tracked(Value(1.0) * 2)

    class Sub(Value):
        __slots__ = ("extra",)
    assert gc.is_tracked(Sub(1.0))   # a subclass may hold anything: Python tracks it

    w = Value(1.5)
    (w * w * x).backward(create_graph=True)
    assert isinstance(w.grad, Value) and gc.is_tracked(w) and gc.is_tracked(w.grad)

    # a tracked node given new arguments (copying does this) hands them on too
    from autograd.value import set_node
    a = Value(2.0) * 3
    assert not gc.is_tracked(a)
    set_node(z, autograd.OPS["neg"], (a,), (-1.0,))
    assert gc.is_tracked(a) and gc.is_tracked(a.parents[0])


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_a_copied_create_graph_cycle_is_freed_by_one_collection(how):
    import copy
    import pickle
    y, leaves = _graph()
    y.backward(create_graph=True)
    with allocations() as held:
        if how == "deepcopy":
            twin = copy.deepcopy([y, leaves])
        else:
            twin = pickle.loads(pickle.dumps([y, leaves]))
        assert isinstance(twin[1][0].grad, Value) and twin[1][0] is not leaves[0]
        assert held() > 100_000
        del twin
        gc.collect()
        assert held() < SLACK, "the copy's grad graphs were not freed by the collector"


# Cycles that code builds around the engine (found by an adversarial review of the
# compiled engine's untracked nodes): each must be freed by one collection, as in pure
# Python. Each scenario runs 100 times; what one collection leaves is reported per run.

def _penalty_after_create_graph():      # double backward: the float pass adds to a Value grad
    x = Value(1.5)
    (x * x * x).backward(create_graph=True)
    (x.grad * x.grad).backward()


def _leaf_root_after_create_graph():    # a leaf root's grad is a Value: grad + 1.0
    x = Value(1.5)
    (x * x).backward(create_graph=True)
    x.backward()


def _create_graph_that_raises():        # stopped part-way: grads are left as Values
    x = Value(0.3)
    m = x * 2.0
    y = (((m - 0.6) ** 0.5) * 3.0 + m).tanh()   # d/da of a ** 0.5 at 0 is inf
    with autograd.detect_anomaly(), pytest.raises(autograd.AnomalyError):
        y.backward(create_graph=True)
    assert isinstance(m.grad, Value)            # a cycle: m -> m.grad -> ... -> m


class _Sub(Value):
    pass


def _subclass_holding_a_descendant():   # s -> s.__dict__ -> tanh(s * 2) -> s
    s = _Sub(1.0)
    s.cache = (s * 2).tanh()


class _Layer:                            # a closure's layer caches a node made from it
    def __init__(self):
        self.w = Value(0.5)

    def __call__(self, x):
        out = Value(x.data * self.w.data, (x, self.w), "*")

        def _backward():
            x.grad += self.w.data * out.grad
            self.w.grad += x.data * out.grad
        out._backward = _backward
        self.last = out.tanh()
        return self.last


def _closure_reaching_a_node_made_from_it():
    _Layer()(Value(2.0)).backward()


def _gradient_penalty_training():       # an MLP trained with a gradient penalty
    from nn import MLP
    from nn.optim import SGD
    model = MLP(2, [4, 1])
    params = model.parameters()
    opt = SGD(params, lr=0.01)
    for _ in range(3):
        out = model([Value(0.5), Value(-0.3)])
        (out * out).backward(create_graph=True)
        autograd.sum([p.grad * p.grad for p in params]).backward()
        opt.step()
        opt.zero_grad()


def _big(x):
    return autograd.sum([(x * (0.01 * i)).tanh() for i in range(30)])


def _tracked_plus_untracked_after_reset():   # a second review's: w stays tracked
    w = Value(2.0)
    (w * w).backward(create_graph=True)
    w.grad = 0.0                     # reset by hand: w is still under the collector
    v = w + _big(Value(1.0))         # tracked from w; its other argument must go in too
    (v * v).backward(create_graph=True)


class _Param(Value):
    pass


def _subclass_parameter_with_untracked_graph():
    w = _Param(0.7)                  # tracked at birth, as any Python object
    v = (w * 1.0 + _big(Value(1.0))) * 1.0
    (v * v).backward(create_graph=True)


def _data_set_to_a_grad_graph_then_zero_grad():
    p = Value(0.3)
    (_big(p) ** 2).backward(create_graph=True)
    p.data -= 0.1 * p.grad           # a slip: data is now a graph containing p
    autograd.zero_grad([p])          # p refers to that graph: it stays under the collector


def _closure_giving_a_value_grad_to_another_node():   # a second review's: m is no child
    x = Value(0.5)
    m = Value(0.2) * 3.0
    out = Value(x.data * 2, (x,), "dbl")

    def _backward():
        x.grad += 2 * out.grad
        m.grad = out * 1.0           # out -> closure -> m -> m's grad -> out
    out._backward = _backward
    out.backward()


def _grad_set_by_hand_to_a_graph_of_its_node():     # w -> w.grad -> ... -> w
    w = Value(2.0)
    for _ in range(10):
        w = w * 1.0
    w.grad = w * 2


@pytest.mark.parametrize("scenario", [
    _closure_giving_a_value_grad_to_another_node, _grad_set_by_hand_to_a_graph_of_its_node,
    _penalty_after_create_graph, _leaf_root_after_create_graph, _create_graph_that_raises,
    _subclass_holding_a_descendant, _closure_reaching_a_node_made_from_it,
    _gradient_penalty_training, _tracked_plus_untracked_after_reset,
    _subclass_parameter_with_untracked_graph, _data_set_to_a_grad_graph_then_zero_grad],
    ids=lambda f: f.__name__.strip("_"))
def test_cycles_built_around_the_engine_are_freed_by_one_collection(scenario):
    scenario()                              # warm-up: caches, op registrations
    with allocations() as held:
        for _ in range(100):
            scenario()
        gc.collect()
        assert held() / 100 < 40, f"{held() / 100:.0f} bytes a run left after a collection"


@pytest.mark.skipif(not autograd.compiled, reason="tracking at birth is compiled-only")
def test_zero_grad_takes_a_leaf_back_out_of_the_collector():
    from nn import MLP
    model = MLP(2, [3, 1])
    (model([0.5, -0.3]) ** 2).backward(create_graph=True)
    assert all(gc.is_tracked(p) for p in model.parameters())
    model.zero_grad()
    assert not any(gc.is_tracked(p) for p in model.parameters())
    assert not gc.is_tracked(model([0.5, -0.3]))      # the next forward is untracked again
