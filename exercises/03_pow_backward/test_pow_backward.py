import pytest

from autograd.testing import check_backward, check_local_derivative, op_function

# non-integer and negative exponents, bases on both sides of 1
POINTS = [(2.0, 3.0), (0.5, -1.5), (3.0, 0.5), (1.5, 2.5), (0.2, 4.0)]


@pytest.mark.points(2)
def test_local_derivatives(exercise):
    assert check_local_derivative(exercise.pow, POINTS, reference="pow",
                                  hint="for d/da b is a constant (the power rule); for d/db "
                                  "a is (a**b = e**(b * log(a)))")


def test_inside_a_graph(exercise):
    power = op_function("pow", exercise.pow, arity=2, symbol="**")
    assert check_backward(lambda a, b: power(a, b) * b, [1.5, 2.5],
                          reference=lambda a, b: a ** b * b)
