import pytest

import nn
from autograd.testing import check_backward, fmt

# n = 3 and n = 5 (with n = 2, "sum / 2" would be the mean); signs both ways
HINT = "mse = sum over i of (p_i - t_i)**2, divided by n"
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
                          name="mse", given=f"targets={fmt(targets)}", hint=HINT)


def test_targets_may_be_ints(exercise):
    targets = [1, 0, -2, 3]
    assert check_backward(lambda *predictions: exercise.mse(list(predictions), targets),
                          [0.5, 0.5, -1.0, 2.0], name="mse", given=f"targets={fmt(targets)}",
                          reference=lambda *predictions: nn.mse(list(predictions), targets),
                          slips=slips(targets), hint=HINT)
