import pytest

from autograd.testing import check_backward, check_local_derivative, op_function

# asymmetric operands, a zero, signs both ways: swapped derivatives or a + b cannot pass
POINTS = [(2.0, 3.0), (-1.5, 0.5), (0.0, 4.0), (3.0, -7.0)]


@pytest.mark.points(2)
def test_local_derivatives(exercise):
    assert check_local_derivative(exercise.mul, POINTS, reference="mul",
                                  hint="d(a*b)/da: if b were 3, how fast would 3a grow?")


def test_inside_a_graph(exercise):
    mul = op_function("mul", exercise.mul, arity=2, symbol="*")
    assert check_backward(lambda x, y: mul(mul(x, y), x), [2.0, -3.0],
                          reference=lambda x, y: x * y * x)
