"""Exercise 6, reference solution."""


def sgd_momentum_step(params, velocities, lr, momentum):
    new = []
    for p, v in zip(params, velocities):
        v = momentum * v + p.grad
        p.data -= lr * v
        new.append(v)
    return new
