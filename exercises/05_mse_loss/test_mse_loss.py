import pytest

import nn
from autograd.testing import check_backward

# n = 3 and n = 5 (with n = 2, "sum / 2" would be the mean); signs both ways
CASES = [([0.1, 0.2, 0.3], [0.5, -1.0, 2.0]),
         ([1.5, -2.0, 0.25, 3.0, -0.5], [1.0, 1.0, -1.0, 2.5, 0.0])]


def slips(targets):
    n = len(targets)

    def sq(ps):
        return sum((p - t) ** 2 for p, t in zip(ps, targets))

    return {"you halved the sum of squares (0.5 * sum or sum / 2); the mean divides by n":
            lambda *ps: 0.5 * sq(ps),
            "you summed the squares without dividing by n": lambda *ps: sq(ps),
            f"you divided by {n - 1} (n - 1); the mean divides by n = {n}":
            lambda *ps: sq(ps) / (n - 1),
            "you took the mean of (p - t) without squaring it":
            lambda *ps: sum(p - t for p, t in zip(ps, targets)) / n}


@pytest.mark.points(2)
@pytest.mark.parametrize("predictions, targets", CASES, ids=["n=3", "n=5"])
def test_value_and_gradients(exercise, predictions, targets):
    def loss(*predictions):
        return exercise.mse(list(predictions), targets)

    def reference(*predictions):
        return nn.mse(list(predictions), targets)

    assert check_backward(loss, predictions, reference=reference, slips=slips(targets),
                          name="mse",
                          hint="mse = sum over i of (p_i - t_i)**2, divided by n")


def test_targets_may_be_ints(exercise):
    assert check_backward(lambda a, b, c, d: exercise.mse([a, b, c, d], [1, 0, -2, 3]),
                          [0.5, 0.5, -1.0, 2.0], name="mse",
                          reference=lambda a, b, c, d: nn.mse([a, b, c, d], [1, 0, -2, 3]))
