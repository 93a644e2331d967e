import pytest

from autograd import Value
from autograd.testing import check_backward


def test_value_and_gradients_by_hand(exercise):
    p = [Value(1.0), Value(3.0)]
    loss = exercise.mse(p, [0.0, 5.0])
    assert isinstance(loss, Value), "mse must return one Value"
    assert loss.data == pytest.approx((1 + 4) / 2)
    loss.backward()
    # d/dp_i = 2 (p_i - t_i) / n
    assert [v.grad for v in p] == pytest.approx([1.0, -2.0])


def test_gradients_against_finite_differences(exercise):
    assert check_backward(lambda a, b, c: exercise.mse([a, b, c], [0.5, -1.0, 2.0]),
                          [0.1, 0.2, 0.3])
