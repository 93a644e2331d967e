from autograd.testing import check_backward, check_local_derivative, op_function


def test_local_derivatives(exercise):
    assert check_local_derivative(exercise.mul, [(2.0, 3.0), (-1.5, 0.5), (0.0, 4.0)])


def test_inside_a_graph(exercise):
    mul = op_function("mul", exercise.mul, arity=2, symbol="*")
    assert check_backward(lambda x, y: mul(mul(x, y), x), [2.0, -3.0])
