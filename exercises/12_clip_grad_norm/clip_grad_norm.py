"""Exercise 12: gradient clipping by global norm.

The global norm of the gradients is sqrt(sum over every parameter of p.grad ** 2). When it
is above ``max_norm``, scale every p.grad by the same factor max_norm / norm, so that the
norm becomes max_norm and the direction is kept; otherwise leave the grads alone.
Return the norm before clipping (as torch.nn.utils.clip_grad_norm_ does).
Check:  pytest exercises/12_clip_grad_norm
"""


def clip_grad_norm(params, max_norm):
    # TODO: compute the global norm; scale every grad when it is above max_norm; return it
    raise NotImplementedError("TODO: scale all grads by max_norm / norm when norm > max_norm")
