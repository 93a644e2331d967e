"""Exercise 10: the backward of the sigmoid, out = 1 / (1 + e^-a).

Return sigmoid(a) and its local derivative. Hint: as for tanh, write the derivative with
the output itself. Use F.sigmoid(a) for the value.  Check:  pytest exercises/10_sigmoid_backward
"""


def sigmoid(F, a):
    out = F.sigmoid(a)
    # TODO: return (out, (d out/da,))
    raise NotImplementedError("TODO: return (out, (d out/da,)) for out = sigmoid(a)")
