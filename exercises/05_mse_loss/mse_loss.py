"""Exercise 5: the mean squared error, built from Value ops.

mse(predictions, targets) = mean of (p - t)**2 over the pairs. predictions are Values,
targets numbers; return one Value, so backward() works through it.
Check:  pytest exercises/05_mse_loss
"""


def mse(predictions, targets):
    # TODO: build the loss from Value ops (-, ** 2, + or autograd.sum, / or *)
    raise NotImplementedError("TODO: return the mean of (p - t) ** 2 as one Value")
