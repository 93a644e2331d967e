"""Exercise 11: softmax cross-entropy, stable.

``logits`` is a list of Values z_1..z_k (one per class), ``target`` the index of the
right class. The loss is -log(softmax(z)[target]) = log(sum_j e^{z_j}) - z_target.
e^1000 overflows a float, so first subtract the largest logit m (a plain number):
log(sum_j e^{z_j}) = m + log(sum_j e^{z_j - m}). Return one Value.
Check:  pytest exercises/11_softmax_cross_entropy
"""


def softmax_cross_entropy(logits, target):
    # TODO: m = the largest logit's data; build the loss from Value ops (exp, log, sum)
    raise NotImplementedError("TODO: return m + log(sum_j exp(z_j - m)) - z[target]")
