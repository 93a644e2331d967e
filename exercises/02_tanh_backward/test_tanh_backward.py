import pytest

from autograd.testing import check_backward, check_local_derivative, op_function

# negative and positive inputs, where out and a differ a lot (1 - out and 1 - a*a fail)
POINTS = [(-2.0,), (-0.3,), (0.5,), (1.7,), (3.0,)]


@pytest.mark.points(2)
def test_local_derivative(exercise):
    assert check_local_derivative(exercise.tanh, POINTS, reference="tanh",
                                  hint="tanh'(a) can be written with tanh(a) "
                                  "itself, that is with out")


def test_a_neuron_with_your_tanh(exercise):
    tanh = op_function("tanh", exercise.tanh)
    assert check_backward(lambda x, w, b: tanh(x * w + b), [2.0, -3.0, 6.88],
                          reference=lambda x, w, b: (x * w + b).tanh())
