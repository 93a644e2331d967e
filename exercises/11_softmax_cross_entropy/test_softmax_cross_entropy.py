import pytest

import nn
from autograd.testing import check_backward

CASES = [([2.0, -1.0, 0.5], 0), ([0.3, 1.7, -2.2, 0.9], 2), ([1000.0, 998.5, -1000.0], 1),
         ([-750.0, -752.0], 0)]


def reference(target):
    def cross_entropy(*logits):
        return nn.cross_entropy([list(logits)], [target])
    return cross_entropy


def slips(target):
    def log_sum_exp(zs):
        m = max(float(z) for z in zs)
        return m + sum((z - m).exp() for z in zs).log()

    return {"you left out the largest logit m: log(sum e^(z - m)) needs + m":
            lambda *zs: log_sum_exp(zs) - max(float(z) for z in zs) - zs[target],
            "its sign is flipped: the loss is log(sum e^z) - z[target]":
            lambda *zs: zs[target] - log_sum_exp(zs),
            "you returned log(softmax(z)[target]) summed over every class":
            lambda *zs: sum(z - log_sum_exp(zs) for z in zs) * -1}


def loss(exercise, target):
    def softmax_cross_entropy(*logits):
        return exercise.softmax_cross_entropy(list(logits), target)
    return softmax_cross_entropy


@pytest.mark.points(2)
@pytest.mark.parametrize("logits, target", CASES[:2], ids=["3-classes", "4-classes"])
def test_value_and_gradients(exercise, logits, target):
    assert check_backward(loss(exercise, target), logits, reference=reference(target),
                          slips=slips(target), given=f"target={target}",
                          hint="loss = log(sum_j e^(z_j)) - z[target]")


@pytest.mark.points(2)
@pytest.mark.parametrize("logits, target", CASES[2:], ids=["large", "very-negative"])
def test_large_logits_do_not_overflow(exercise, logits, target):
    assert check_backward(loss(exercise, target), logits, reference=reference(target),
                          slips=slips(target), given=f"target={target}",
                          hint="subtract the largest logit m before exp: e^(z - m) <= 1")
