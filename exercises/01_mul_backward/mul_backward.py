"""Exercise 1: the backward of multiplication.

An op is one rule: given its inputs, return its value and its local derivatives, one per
input. For out = a * b, what are d out/da and d out/db?  (F is the math namespace; you
will not need it here.)  Check your work:  pytest exercises/01_mul_backward
"""


def mul(F, a, b):
    out = a * b
    # TODO: return out and the local derivatives: (out, (d out/da, d out/db))
    raise NotImplementedError("TODO: return (out, (d out/da, d out/db)) for out = a * b")
