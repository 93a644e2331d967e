from autograd.testing import check_backward, check_local_derivative, op_function


def test_local_derivative(exercise):
    assert check_local_derivative(exercise.tanh, [(0.0,), (0.5,), (-2.0,), (3.0,)])


def test_a_neuron_with_your_tanh(exercise):
    tanh = op_function("tanh", exercise.tanh)
    assert check_backward(lambda x, w, b: tanh(x * w + b), [2.0, -3.0, 6.88])
