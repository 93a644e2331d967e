import pytest

import nn
from autograd import Value


def test_first_step_moves_each_weight_by_lr(exercise):
    w = [Value(1.0), Value(-1.0)]
    w[0].grad, w[1].grad = 0.5, -20.0
    ms, vs = exercise.adam_step(w, [0.0, 0.0], [0.0, 0.0], t=1, lr=0.1)
    # Adam's first step is lr * sign(g), whatever the gradient's size
    assert [p.data for p in w] == pytest.approx([0.9, -0.9])
    assert ms == pytest.approx([0.05, -2.0]) and vs == pytest.approx([0.00025, 0.4])


def test_same_path_as_nn_adam(exercise):
    ours, theirs = [Value(3.0), Value(-2.0)], [Value(3.0), Value(-2.0)]
    opt = nn.Adam(theirs, lr=0.1)
    ms, vs = [0.0, 0.0], [0.0, 0.0]
    for t in range(1, 11):
        for ws in (ours, theirs):
            for w in ws:
                w.grad = 0.0
            ((ws[0] - 1) ** 2 + 3 * (ws[1] + 0.5) ** 2).backward()
        ms, vs = exercise.adam_step(ours, ms, vs, t, lr=0.1)
        opt.step()
    assert [w.data for w in ours] == pytest.approx([w.data for w in theirs])
