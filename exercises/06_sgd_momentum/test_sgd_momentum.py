import pytest

import nn
from autograd import Value
from autograd.testing import call_student, expect_close

GRADS = [[0.5, -2.0, 1.25], [-0.3, 0.7, 1.0], [0.8, 0.1, -1.5], [0.2, -0.4, 0.6]]


def run(exercise, lr, momentum):
    """Yield (step, your velocities, nn's, your parameters, nn's), step by step."""
    ours = [Value(x) for x in (1.0, -0.5, 2.0)]
    theirs = [Value(x) for x in (1.0, -0.5, 2.0)]
    opt = nn.SGD(theirs, lr=lr, momentum=momentum)
    velocities = [0.0, 0.0, 0.0]
    for step, grads in enumerate(GRADS, 1):
        for p, q, g in zip(ours, theirs, grads):
            p.grad = q.grad = g
        velocities = call_student(exercise.sgd_momentum_step, ours, velocities, lr, momentum)
        opt.step()
        yield step, velocities, opt.state["momentum"], [p.data for p in ours], \
            [q.data for q in theirs]


@pytest.mark.points(2)
@pytest.mark.parametrize("lr, momentum", [(0.1, 0.9), (0.05, 0.5)])
def test_velocities_and_parameters_step_by_step(exercise, lr, momentum):
    for step, v, expected_v, data, expected_data in run(exercise, lr, momentum):
        where = f"step {step}, lr={lr}, momentum={momentum}"
        expect_close("the velocities you returned", v, expected_v, at=where, slips={
            "you used the convention v = momentum*v - lr*grad; p += v, this exercise uses "
            "v = momentum*v + grad; p -= lr*v (PyTorch's)": [-lr * x for x in expected_v],
            "you damped the gradient, v = momentum*v + (1 - momentum)*grad; this exercise "
            "uses v = momentum*v + grad": _damped(step, momentum)})
        expect_close("the parameters' data after the step", data, expected_data, at=where,
                     hint="p.data = p.data - lr * v, with the NEW v; change p.data in place")


def _damped(step, momentum):
    v = [0.0, 0.0, 0.0]
    for grads in GRADS[:step]:
        v = [momentum * x + (1 - momentum) * g for x, g in zip(v, grads)]
    return v
