"""Exercise 6: one step of SGD with momentum.

For each parameter p (a Value, its gradient in p.grad) and its velocity v (a float):
    v = momentum * v + p.grad
    p.data = p.data - lr * v
Return the new velocities as a list.  Check:  pytest exercises/06_sgd_momentum
"""


def sgd_momentum_step(params, velocities, lr, momentum):
    # TODO: update each velocity and each parameter's data; return the new velocities
    raise NotImplementedError("TODO: v = momentum * v + grad; p.data -= lr * v")
