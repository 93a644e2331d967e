import pytest

from autograd.testing import check_backward, check_local_derivative, op_function

POINTS = [(-3.0,), (-0.4,), (0.0,), (0.8,), (2.5,)]


@pytest.mark.points(2)
def test_local_derivative(exercise):
    assert check_local_derivative(exercise.sigmoid, POINTS, reference="sigmoid",
                                  hint="sigmoid'(a) can be written with sigmoid(a) "
                                  "itself, that is with out")


def test_a_neuron_with_your_sigmoid(exercise):
    sigmoid = op_function("sigmoid", exercise.sigmoid)
    assert check_backward(lambda x, w, b: sigmoid(x * w + b) * w, [1.5, -0.7, 0.3],
                          reference=lambda x, w, b: (x * w + b).sigmoid() * w)
