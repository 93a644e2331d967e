import math

import pytest

import nn
from autograd import Value
from autograd.testing import call_student, expect_close, fmt

CASES = [([3.0, -4.0], 1.0), ([0.5, -2.0, 1.5, 0.25], 2.0), ([0.3, -0.4], 1.0),
         ([-6.0], 2.5)]


def params(grads):
    ps = [Value(float(i), label=f"w{i}") for i in range(len(grads))]
    for p, g in zip(ps, grads):
        p.grad = g
    return ps


@pytest.mark.points(3)
@pytest.mark.parametrize("grads, max_norm", CASES,
                         ids=["above", "above-4-params", "below", "one-param"])
def test_grads_and_returned_norm(exercise, grads, max_norm):
    ours, theirs = params(grads), params(grads)
    norm = call_student(exercise.clip_grad_norm, ours, max_norm)
    expected_norm = nn.clip_grad_norm(theirs, max_norm)
    at = f"grads={fmt(grads)}, max_norm={fmt(max_norm)}"
    expected = [p.grad for p in theirs]
    expect_close("the grads after clipping", [p.grad for p in ours], expected, at=at,
                 rtol=1e-5, hint="every grad times the same max_norm / norm", slips={
                     "you clipped each grad to [-max_norm, max_norm] on its own; clip the "
                     "global norm": [max(-max_norm, min(max_norm, g)) for g in grads],
                     "you scaled grads that were already within max_norm; leave them":
                     [g * max_norm / math.sqrt(sum(x * x for x in grads)) for g in grads],
                     "you used the sum of |grad| (L1) as the norm": [
                         g * min(1.0, max_norm / sum(abs(x) for x in grads)) for g in grads],
                     "you forgot the square root in the norm": [
                         g * min(1.0, max_norm / sum(x * x for x in grads)) for g in grads]})
    expect_close("the norm you returned", norm, expected_norm, at=at, rtol=1e-5, slips={
        "you returned the norm after clipping; return it from before": min(
            expected_norm, max_norm)}, hint="return sqrt(sum of grad**2), before clipping")
