"""Exercise 3, reference solution."""


def pow(F, a, b):  # noqa: A001 - the op's name
    out = F.pow(a, b)
    return out, (b * F.pow(a, b - 1.0), out * F.log(a))
