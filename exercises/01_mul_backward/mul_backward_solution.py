"""Exercise 1, reference solution."""


def mul(F, a, b):
    out = a * b
    return out, (b, a)
