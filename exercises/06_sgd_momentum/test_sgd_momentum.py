import pytest

import nn
from autograd import Value


def test_two_steps_by_hand(exercise):
    w = Value(1.0)
    w.grad = 0.5
    v = exercise.sgd_momentum_step([w], [0.0], lr=0.1, momentum=0.9)
    assert v == pytest.approx([0.5]) and w.data == pytest.approx(0.95)
    w.grad = -0.3
    v = exercise.sgd_momentum_step([w], v, lr=0.1, momentum=0.9)
    # v = 0.9 * 0.5 - 0.3 = 0.15; w = 0.95 - 0.015
    assert v == pytest.approx([0.15]) and w.data == pytest.approx(0.935)


def test_same_path_as_nn_sgd(exercise):
    ours, theirs = [Value(3.0), Value(-2.0)], [Value(3.0), Value(-2.0)]
    opt = nn.SGD(theirs, lr=0.05, momentum=0.9)
    velocities = [0.0, 0.0]
    for _ in range(10):
        for ws in (ours, theirs):
            for w in ws:
                w.grad = 0.0
            ((ws[0] - 1) ** 2 + (ws[1] + 0.5) ** 2).backward()
        velocities = exercise.sgd_momentum_step(ours, velocities, lr=0.05, momentum=0.9)
        opt.step()
    assert [w.data for w in ours] == pytest.approx([w.data for w in theirs])
