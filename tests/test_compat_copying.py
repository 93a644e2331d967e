"""Copying and pickling graphs that hold micrograd-style closure nodes or Value
subclasses: a copied closure node keeps its local derivatives (read off the closure), so
the copy's backward gives the same numbers; subclass nodes stay subclass nodes."""

import copy
import math
import pickle

import pytest

from autograd import Value
from tests.test_micrograd_closures import exp, mul, tanh
from tests.test_subclass import Param


def closure_graph():
    x, w = Param(0.3, "x"), Param(-1.2, "w")
    return tanh(mul(x, w) + exp(w)) * x, x, w


@pytest.mark.parametrize("how", ["deepcopy", "pickle"])
def test_copies_of_closure_nodes_and_subclasses_give_the_same_gradients(how):
    y, x, w = closure_graph()
    if how == "deepcopy":
        y2, x2, w2 = copy.deepcopy([y, x, w])
    else:
        y2, x2, w2 = pickle.loads(pickle.dumps([y, x, w]))
    y.backward()
    y2.backward()
    assert (x2.grad, w2.grad) == (x.grad, w.grad) and x.grad != 0.0
    assert type(x2) is Param and x2.trainable and x2 is not x
    node = y2.args[0]
    assert node._op == "tanh" and node.local_grads == pytest.approx(y.args[0].local_grads)
    assert node._backward == node.backward_step   # a copy holds numbers, not the closure


def test_a_copied_subclass_leaf_alone_and_a_registered_op_by_name():
    import autograd
    p = Param(2.0, "p")
    assert copy.deepcopy(p).trainable and type(pickle.loads(pickle.dumps(p))) is Param
    cube = autograd.register_op("cube3", "³", lambda F, a: (a * a * a, (3 * a * a,)))
    try:
        y = cube(p) * 2
        y2, p2 = pickle.loads(pickle.dumps([y, p]))
        y2.backward()
        assert p2.grad == 24.0 and y2.args[0].op is autograd.OPS["cube3"]
    finally:
        autograd.unregister_op("cube3")


class Slotted(Value):
    """A subclass keeping its attributes in __slots__ (one private, one never set)."""

    __slots__ = ("name", "__secret", "unset")

    def __init__(self, data, name, secret):
        super().__init__(data, label=name)
        self.name = name
        self.__secret = secret

    def secret(self):
        return self.__secret


@pytest.mark.parametrize("how", [copy.deepcopy, copy.copy,
                                 lambda v: pickle.loads(pickle.dumps(v))])
def test_a_subclass_keeps_its_slots_when_copied(how):
    """Found in review: only __dict__ was copied, so a slotted subclass's copy lost its
    attributes (AttributeError on first use)."""
    w = Slotted(2.0, "w", secret=[7])
    y = w * 3 + w.tanh()
    w2 = how(w)
    assert type(w2) is Slotted and w2.name == "w" and w2.secret() == [7]
    assert not hasattr(w2, "unset")
    y2 = how(y)
    leaf = y2.args[0].args[0]
    assert leaf.name == "w" and leaf.secret() == [7]
    if how is not copy.copy:
        assert leaf is not w and leaf.secret() is not w.secret()   # deep: a new list
        y2.backward()
        assert leaf.grad == pytest.approx(3 + 1 - math.tanh(2.0) ** 2)
