import pytest

import nn
from autograd import Value
from autograd.testing import ExerciseFailure, call_student, expect_close

GRADS = [[0.5, -20.0, 1.0], [-0.3, 4.0, 1.0], [0.8, -0.5, -2.0], [0.25, 1.5, 0.75]]


def step_all(exercise, lr, betas):
    ours = [Value(x) for x in (1.0, -1.0, 0.5)]
    theirs = [Value(x) for x in (1.0, -1.0, 0.5)]
    opt = nn.Adam(theirs, lr=lr, betas=betas)
    ms, vs = [0.0] * 3, [0.0] * 3
    for t, grads in enumerate(GRADS, 1):
        for p, q, g in zip(ours, theirs, grads):
            p.grad = q.grad = g
        result = call_student(exercise.adam_step, ours, ms, vs, t, lr=lr, b1=betas[0],
                              b2=betas[1])
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            raise ExerciseFailure(f"adam_step returned {type(result).__name__} where a pair "
                                  "(ms, vs) was expected\n  hint: return new_ms, new_vs")
        ms, vs = result
        opt.step()
        yield t, ms, vs, ours, opt, theirs


@pytest.mark.points(2)
def test_first_step_moves_each_weight_by_lr(exercise):
    t, ms, vs, ours, opt, theirs = next(step_all(exercise, 0.1, (0.9, 0.999)))
    expect_close("the first moments m after step 1", ms, opt.state["exp_avg"])
    expect_close("the second moments v after step 1", vs, opt.state["exp_avg_sq"],
                 hint="v = b2 * v + (1 - b2) * g * g")
    expect_close("the parameters after step 1", [p.data for p in ours],
                 [q.data for q in theirs], rtol=1e-6, slips={
                     "you left out the bias correction m / (1 - b1**t), v / (1 - b2**t)":
                     [1.0 - 0.1 * 0.05 / (0.00025 ** 0.5), -1.0 + 0.1 * 2.0 / (0.4 ** 0.5),
                      0.5 - 0.1 * 0.1 / (0.001 ** 0.5)]},
                 hint="Adam's first step moves each weight by lr * sign(g), whatever g's size")


@pytest.mark.points(2)
@pytest.mark.parametrize("lr, betas", [(0.1, (0.9, 0.999)), (0.01, (0.8, 0.99))])
def test_four_steps_match_nn_adam(exercise, lr, betas):
    for t, ms, vs, ours, opt, theirs in step_all(exercise, lr, betas):
        at = f"step t={t}, lr={lr}, b1={betas[0]}, b2={betas[1]}"
        expect_close("the first moments m", ms, opt.state["exp_avg"], at=at)
        expect_close("the second moments v", vs, opt.state["exp_avg_sq"], at=at)
        expect_close("the parameters", [p.data for p in ours], [q.data for q in theirs],
                     at=at, rtol=1e-6, hint="m_hat = m / (1 - b1**t), v_hat = v / (1 - b2**t)")
