"""Exercise 8: the chain rule loop, the heart of backward().

``order`` lists the nodes made by ops, the output first, each node before all of its
arguments (``autograd.backward_order(root)`` gives it). The output's grad is already 1,
every other grad 0. For each node v in that order, and each argument of v with the local
derivative the op computed for it (``zip(v.args, v.local_grads)``), add v's share to the
argument's grad:  arg.grad += v.grad * local.  Arguments that are plain numbers (the 2.0
in ``x * 2.0``) are constants: skip them. A node used twice receives two shares.
Check:  pytest exercises/08_backward_loop
"""

from autograd import Value  # noqa: F401 - you will need it


def apply_chain_rule(order):
    # TODO: one loop over order, one inner loop over (arg, local) pairs
    raise NotImplementedError("TODO: for each node, arg.grad += node.grad * local")
