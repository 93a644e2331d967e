"""Exercise 3: the backward of a power, out = a ** b (here a > 0).

Both a and b can be variables, so there are two local derivatives. Use F.pow(a, b) and
F.log(a).  Check:  pytest exercises/03_pow_backward
"""


def pow(F, a, b):  # noqa: A001 - the op's name
    out = F.pow(a, b)
    # TODO: return (out, (d out/da, d out/db))
    raise NotImplementedError("TODO: return (out, (d out/da, d out/db)) for out = a ** b")
