"""Exercise 2, reference solution."""


def tanh(F, a):
    out = F.tanh(a)
    return out, (1.0 - out * out,)
