"""copy.copy, copy.deepcopy and pickle of Values and whole graphs, at any depth
(issue 12, item 4)."""

import copy
import math
import pickle
import sys

import pytest

import autograd
from autograd import OPS, Value


def neuron_loss():
    """A graph with sum and dot nodes (as every nn neuron has), shared leaves, constants."""
    x = [Value(0.5, label="x0"), Value(-1.5, label="x1")]
    w = [Value(0.3, label="w0"), Value(-0.2, label="w1")]
    b = Value(0.1, label="b")
    with autograd.scope("neuron"):
        act = (autograd.dot(w, x) + b).tanh()
    loss = autograd.sum([(act - 1.0) ** 2, 0.01 * w[0] ** 2, abs(w[1])])
    return loss, x + w + [b]


def expected_grads():
    loss, leaves = neuron_loss()
    loss.backward()
    return loss.data, [v.grad for v in leaves]


def copies(obj):
    yield copy.deepcopy(obj)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        yield pickle.loads(pickle.dumps(obj, protocol))


def test_ops_are_copied_and_pickled_by_name():
    for op in OPS.values():
        assert copy.deepcopy(op) is op and pickle.loads(pickle.dumps(op)) is op


@pytest.mark.parametrize("which", ["deepcopy"] + [f"pickle{p}" for p in
                                                  range(pickle.HIGHEST_PROTOCOL + 1)])
def test_a_copied_graph_with_sum_and_dot_nodes_gives_the_same_gradients(which):
    data, grads = expected_grads()
    loss, leaves = neuron_loss()
    if which == "deepcopy":
        loss2, leaves2 = copy.deepcopy((loss, leaves))
    else:
        loss2, leaves2 = pickle.loads(pickle.dumps((loss, leaves), int(which[6:])))
    loss2.backward()
    assert loss2.data == data and [v.grad for v in leaves2] == grads
    assert all(v.grad == 0.0 for v in leaves)         # the original is untouched
    assert set(map(id, leaves2)).isdisjoint(map(id, leaves))
    dot = [n for n in autograd.backward_order(loss2) if n.op is OPS["dot"]][0]
    assert type(dot._a) is tuple and dot.parents == tuple(leaves2[2:4] + leaves2[0:2])
    assert dot.local_grads == tuple(v.data for v in leaves2[0:2] + leaves2[2:4])
    assert dot.scope == "neuron" and leaves2[4].label == "b"


def test_deepcopy_of_the_loss_alone_backpropagates_to_its_own_leaves():
    data, grads = expected_grads()
    loss, leaves = neuron_loss()
    loss2 = copy.deepcopy(loss)
    loss2.backward()
    leaves2 = {v.label: v for v in autograd.trace(loss2).inputs}
    assert [leaves2[v.label].grad for v in leaves] == grads


def test_shared_nodes_stay_shared_whichever_comes_first():
    x = Value(2.0, label="x")
    y = x * x
    z = y + y
    for obj in ([x, z], [z, x], {"z": z, "y": y, "x": x}):
        for c in copies(obj):
            items = c if isinstance(c, list) else [c["x"], c["z"]]
            x2, z2 = (items[0], items[1]) if items[0].op is None else (items[1], items[0])
            y2 = z2.args[0]
            assert z2.args[1] is y2 and y2.args == (x2, x2)
            z2.backward()
            assert x2.grad == 8.0 and x.grad == 0.0


def test_a_100000_deep_chain_copies_and_pickles_without_recursion():
    n = 100_000
    x = Value(0.5, label="x")
    y = x
    for _ in range(n // 2):
        y = (y * 1.00001).relu()
    assert sys.getrecursionlimit() < n
    for y2 in (copy.deepcopy(y), pickle.loads(pickle.dumps(y))):
        assert y2.data == y.data
        y2.backward()
        leaf = y2
        for _ in range(n):
            leaf = leaf.args[0]
        assert leaf.op is None and leaf.label == "x" and leaf is not x
        assert leaf.grad == pytest.approx(1.00001 ** (n // 2), rel=1e-9)


def test_copy_copy_is_a_new_node_with_the_same_arguments():
    x = Value(2.0)
    y = x * 3
    c = copy.copy(y)
    assert c is not y and c.args == (x, 3.0) and c.op is y.op and c.data == 6.0
    c.backward()
    assert x.grad == 3.0


def test_create_graph_grads_copy_with_their_graph():
    x = Value(3.0, label="x")
    (x ** 3).backward(create_graph=True)         # x.grad = 3x^2, a Value whose graph holds x
    for x2 in copies(x):
        assert type(x2.grad) is Value and x2.grad.data == 27.0
        g = x2.grad
        autograd.zero_grad([x2])
        g.backward()
        assert x2.grad == 18.0                    # d(3x^2)/dx = 6x, through the copy's x


def test_a_graph_with_nan_and_inf_copies_as_it_is():
    x = Value(math.nan)
    y = x * math.inf
    for y2 in copies(y):
        assert math.isnan(y2.data) and math.isnan(y2.args[0].data) and y2.args[1] == math.inf


def test_an_unknown_op_name_on_load_is_a_clear_error():
    blob = pickle.dumps(Value(1.0) * 2).replace(b"mul", b"zzz")
    with pytest.raises(LookupError, match="op 'zzz' is not in autograd.OPS"):
        pickle.loads(blob)
