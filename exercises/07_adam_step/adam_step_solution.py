"""Exercise 7, reference solution."""

import math


def adam_step(params, ms, vs, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
    new_m, new_v = [], []
    for p, m, v in zip(params, ms, vs):
        g = p.grad
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
        p.data -= lr * m_hat / (math.sqrt(v_hat) + eps)
        new_m.append(m)
        new_v.append(v)
    return new_m, new_v
