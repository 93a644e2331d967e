from autograd.testing import check_backward, check_local_derivative, op_function


def test_local_derivatives(exercise):
    assert check_local_derivative(exercise.pow, [(2.0, 3.0), (0.5, -1.5), (3.0, 0.5)])


def test_inside_a_graph(exercise):
    power = op_function("pow", exercise.pow, arity=2, symbol="**")
    assert check_backward(lambda a, b: power(a, b) * b, [1.5, 2.5])
