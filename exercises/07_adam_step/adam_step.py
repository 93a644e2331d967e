"""Exercise 7: one step of Adam.

For each parameter p with gradient g = p.grad, first moment m and second moment v
(floats), at step t (1 for the first step):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    m_hat = m / (1 - b1 ** t);  v_hat = v / (1 - b2 ** t)
    p.data -= lr * m_hat / (sqrt(v_hat) + eps)
Return the new (ms, vs).  Check:  pytest exercises/07_adam_step
"""


def adam_step(params, ms, vs, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
    # TODO: update the moments and the parameters; return (new ms, new vs)
    raise NotImplementedError("TODO: update m, v and p.data as in the docstring; return (ms, vs)")
