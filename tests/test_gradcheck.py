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


# ---- the checks written for students ----------------------------------------------------

from autograd.testing import NotDoneYet, check_backward, check_local_derivative, op_function  # noqa: E402


def wrong_tanh(F, a):
    out = F.tanh(a)
    return out, (1.0 - out,)          # should be 1 - out**2


def test_check_local_derivative_explains_a_wrong_rule():
    with pytest.raises(AssertionError) as info:
        check_local_derivative(wrong_tanh, [(0.5,)])
    text = str(info.value)
    assert "local derivative of wrong_tanh with respect to a is wrong at (a=0.5)" in text
    assert f"your rule gives {1 - math.tanh(0.5)!r}" in text
    assert "central finite differences give 0.786" in text
    assert "(value, (d value/d a))" in text


def test_check_local_derivative_reports_shapes_and_unfinished_work():
    with pytest.raises(AssertionError, match="must return \\(value, local_derivatives\\)"):
        check_local_derivative(lambda F, a: a * 2, [(1.0,)])
    with pytest.raises(AssertionError, match="returned 1 local derivatives for 2 arguments"):
        check_local_derivative(lambda F, a, b: (a * b, (b,)), [(1.0, 2.0)])

    def todo(F, a):
        raise NotImplementedError("TODO: return tanh(a) and its derivative")

    with pytest.raises(NotDoneYet, match="todo is not done yet: TODO: return tanh"):
        check_local_derivative(todo, [(1.0,)])


def test_check_backward_names_the_node_with_the_wrong_local_derivative():
    my_tanh = op_function("my_tanh", wrong_tanh)

    def f(x, w):
        z = x * w
        z.label = "z"
        return my_tanh(z) * 2

    with pytest.raises(AssertionError) as info:
        check_backward(f, [0.5, -1.5])
    text = str(info.value)
    assert text.startswith("node %3 = my_tanh(%2): its local derivative with respect to %2 (z)")
    assert "finite differences of my_tanh at (-0.75,) give 0.5" in text
    assert "Look at the local derivatives the rule for 'my_tanh' returns" in text
    good = op_function("good_tanh", lambda F, a: (F.tanh(a), (1.0 - F.tanh(a) ** 2,)))
    assert check_backward(lambda x, w: good(x * w) * 2, [0.5, -1.5])


def test_check_backward_reports_unfinished_functions():
    def f(x):
        raise NotImplementedError("TODO: build the graph")

    with pytest.raises(NotDoneYet, match="f is not done yet: TODO: build the graph"):
        check_backward(f, [1.0])
