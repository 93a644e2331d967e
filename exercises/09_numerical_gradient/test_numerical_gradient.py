import math

import pytest

from autograd.testing import ExerciseFailure, call_student, expect_close, fmt


def f(xs):
    x, y, z = xs
    return math.exp(2 * x) * y + math.sin(3 * z) * x + y ** 3


def exact(xs):
    x, y, z = xs
    return [2 * math.exp(2 * x) * y + math.sin(3 * z), math.exp(2 * x) + 3 * y * y,
            3 * math.cos(3 * z) * x]


def central(xs, eps):
    """The reference: central differences, one coordinate at a time."""
    out = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += eps
        down[i] -= eps
        out.append((f(up) - f(down)) / (2 * eps))
    return out


def forward(xs, eps):
    return [(f([x + eps * (j == i) for j, x in enumerate(xs)]) - f(xs)) / eps
            for i in range(len(xs))]


def untouched(function, g, xs, *args, **kwargs):
    """Call the student's function on a copy of xs; fail if it changed that list."""
    __tracebackhide__ = True
    given = list(xs)
    result = call_student(function, g, given, *args, **kwargs)
    if given != xs:
        before, after = next((fmt(xs, d), fmt(given, d)) for d in (4, 6, 8, 12, 17)
                             if fmt(xs, d) != fmt(given, d))
        raise ExerciseFailure(f"{function.__name__} changed the caller's list: {before} became "
                              f"{after}\n  hint: copy it (list(xs)) before changing a coordinate")
    return result


@pytest.mark.points(2)
@pytest.mark.parametrize("eps", [1e-5, 0.1])
def test_central_differences(exercise, eps):
    xs = [0.3, -1.2, 0.7]
    yours = untouched(exercise.numerical_gradient, f, xs, eps=eps)
    expected = central(xs, eps)
    # Only rounding may differ from the reference: about 1e-16 * |f| / eps, far below
    # 1e-12 / eps; forward differences err by about eps * |f''| / 2 (4e-5 here at 1e-5).
    expect_close(f"the derivatives from numerical_gradient(f, {xs}, eps={eps})", yours,
                 expected, rtol=1e-7,
                 atol=1e-12 / eps, slips={
                     "you used forward differences (f(x + eps) - f(x)) / eps; central ones "
                     "are (f(x + eps) - f(x - eps)) / (2 eps)": forward(xs, eps),
                     "you divided by eps where central differences divide by 2 eps":
                     [2 * g for g in expected]})


def test_close_to_the_derivative(exercise):
    xs = [-0.4, 0.9, 1.1]
    expect_close(f"the derivatives from numerical_gradient(f, {xs}) (default eps)", untouched(
        exercise.numerical_gradient, f, xs), exact(xs), rtol=1e-6, atol=1e-7, slips={
            "you used forward differences (f(x + eps) - f(x)) / eps, whose error is "
            "about eps; central ones (f(x + eps) - f(x - eps)) / (2 eps) err by eps**2":
            forward(xs, 1e-5)})


@pytest.mark.points(2)
def test_gradient_check(exercise):
    xs = [0.3, -1.2, 0.7]
    right = exact(xs)
    cases = [("the exact gradient", right, True),
             ("the gradient with its last entry off by 1%", right[:2] + [right[2] * 1.01], False),
             ("the gradient with its first entry's sign flipped", [-right[0]] + right[1:], False),
             ("the gradient off by 1e-8", [g + 1e-8 for g in right], True)]
    big = (lambda v: 1e4 * v[0] ** 2, [1.0], [2e4 + 0.5])  # relative error 2.5e-5: passes
    small = (lambda v: 1e-3 * v[0], [1.0], [2e-3])          # absolute error 1e-3: fails
    flat = (lambda v: 1.0 + 0.0 * v[0], [1.0], [5e-5])      # absolute error 5e-5 near 0: passes
    for what, analytic, expected in cases:
        answer = untouched(exercise.gradient_check, f, xs, analytic)
        if answer is None or bool(answer) != expected:
            raise ExerciseFailure(f"gradient_check said {answer!r} for {what}; expected "
                                  f"{expected!r}\n  hint: True only when every coordinate "
                                  "passes |a - n| <= tol * max(1, |a|, |n|)")
    for what, (g, at, analytic), expected in [("an error small relative to 20000", big, True),
                                              ("an error of 1e-3 on 0.001", small, False),
                                              ("an error of 5e-5 on 0", flat, True)]:
        answer = untouched(exercise.gradient_check, g, at, analytic)
        if answer is None or bool(answer) != expected:
            raise ExerciseFailure(f"gradient_check said {answer!r} for {what}; expected "
                                  f"{expected!r}\n  hint: the tolerance is relative for big "
                                  "numbers: tol * max(1, |a|, |n|)")
