"""Exercise 9, reference solution."""


def numerical_gradient(f, xs, eps=1e-5):
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += eps
        down[i] -= eps
        grads.append((f(up) - f(down)) / (2 * eps))
    return grads


def gradient_check(f, xs, analytic, eps=1e-5, tol=1e-4):
    numeric = numerical_gradient(f, xs, eps)
    return all(abs(a - n) <= tol * max(1.0, abs(a), abs(n)) for a, n in zip(analytic, numeric))
