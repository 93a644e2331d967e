"""Exercise 5, reference solution."""

import autograd


def mse(predictions, targets):
    return autograd.sum([(p - t) ** 2 for p, t in zip(predictions, targets)]) * (1.0 / len(targets))
