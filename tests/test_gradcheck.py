"""autograd.testing.gradcheck: passes on correct gradients, explains wrong ones."""

import math

import pytest

from autograd import Value
from autograd.testing import gradcheck, numeric_gradients


def test_numeric_gradients_are_central_differences():
    assert numeric_gradients(lambda x, y: x * y, [3.0, 4.0]) == pytest.approx([4.0, 3.0])


def test_gradcheck_passes_a_correct_function():
    assert gradcheck(lambda x, y: (x * y + x.exp()).tanh(), [0.2, -0.7]) is True


def test_gradcheck_failure_lists_each_input_with_both_gradients():
    def wrong(x, y):
        # forward says x*y, but the graph only sees x: y's gradient is lost
        return x * y.data + 0 * y

    with pytest.raises(AssertionError) as info:
        gradcheck(wrong, [3.0, 4.0])
    text = str(info.value)
    assert "gradcheck failed for wrong" in text
    assert "ok   input 0 = 3.0: analytic 4.0" in text
    assert "FAIL input 1 = 4.0: analytic 0.0, numeric 2.9999999" in text
    assert "relative error 1" in text


def test_gradcheck_fails_on_nan_gradients_and_non_value_outputs():
    with pytest.raises(AssertionError, match="FAIL"):
        gradcheck(lambda x: x * math.nan + 0 * x, [1.0])
    with pytest.raises(TypeError, match="must return a Value"):
        gradcheck(lambda x: 3.0, [1.0])
    assert gradcheck(lambda x: Value(2.0) * x, [1.0])
