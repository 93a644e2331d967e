"""Exercise 9: a numerical gradient by central differences, and a gradient check.

``f`` takes a list of floats and returns a float. The derivative of f with respect to
xs[i] is about (f(xs with xs[i] + eps) - f(xs with xs[i] - eps)) / (2 * eps): change one
coordinate at a time, and leave the caller's list as it was.

``gradient_check`` compares an analytic gradient (a list, e.g. from backward()) with the
numerical one: True when every coordinate passes |a - n| <= tol * max(1, |a|, |n|).
Check:  pytest exercises/09_numerical_gradient
"""


def numerical_gradient(f, xs, eps=1e-5):
    # TODO: one central difference per coordinate; return the list of them
    raise NotImplementedError("TODO: return [(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)]")


def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
    # TODO: compare analytic with numerical_gradient(f, xs, eps), coordinate by coordinate
    raise NotImplementedError("TODO: True when every |a - n| <= tol * max(1, |a|, |n|)")
