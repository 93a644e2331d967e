"""Exercise 10, reference solution."""


def sigmoid(F, a):
    out = F.sigmoid(a)
    return out, (out * (1.0 - out),)
