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

from autograd.testing import (  # noqa: E402
    ExerciseFailure,
    NotDoneYet,
    call_student,
    check_backward,
    check_local_derivative,
    check_no_recursion,
    expect_close,
    op_function,
)


def wrong_tanh(F, a):
    out = F.tanh(a)
    return out, (1.0 - out,)          # should be 1 - out**2


def test_check_local_derivative_explains_a_wrong_rule_in_four_lines():
    with pytest.raises(ExerciseFailure) as info:
        check_local_derivative(wrong_tanh, [(0.5,)], reference="tanh", hint="1 - out**2")
    assert str(info.value).splitlines() == [
        "d out/da, the local derivative of your wrong_tanh with respect to a, is wrong",
        "  at        a=0.5",
        f"  yours     {1 - math.tanh(0.5):.4g}",
        f"  expected  {1 - math.tanh(0.5) ** 2:.4g}",
        "  hint: 1 - out**2"]


def test_without_a_reference_the_check_is_only_self_consistent():
    def mul(F, a, b):
        return a + b, (1.0, 1.0)      # consistent with its own value, but not mul

    assert check_local_derivative(mul, [(2.0, 3.0)])
    with pytest.raises(ExerciseFailure, match="the value of your mul is wrong"):
        check_local_derivative(mul, [(2.0, 3.0)], reference="mul")
    with pytest.raises(ExerciseFailure, match="by central differences of your value"):
        check_local_derivative(wrong_tanh, [(0.5,)])
    as_op = op_function("mul", mul, arity=2)
    assert check_backward(lambda x, y: as_op(x, y) * x, [2.0, 3.0])
    with pytest.raises(ExerciseFailure, match=r"node %2 = mul\(%0, %1\): its value is wrong"):
        check_backward(lambda x, y: as_op(x, y) * x, [2.0, 3.0],
                       reference=lambda x, y: x * y * x)


@pytest.mark.parametrize("rule, message", [
    (lambda F, a, b: a * b, "returned a float where a tuple (value, derivatives) was expected"),
    (lambda F, a, b: None, "returned None where a tuple"),
    (lambda F, a, b: (a * b, b, a), "returned 3 values where 2 were expected"),
    (lambda F, a, b: (a * b, b), "returned a float where a tuple of 2 derivatives was expected"),
    (lambda F, a, b: (a * b, (b,)), "returned 1 derivative where 2 derivatives (one per "
                                    "argument) were expected"),
    (lambda F, a, b: (a * b, (b, None)), "d out/db in what your rule returned is None"),
])
def test_wrong_shapes_are_named(rule, message):
    with pytest.raises(ExerciseFailure) as info:
        check_local_derivative(rule, [(2.0, 3.0)], reference="mul", name="rule")
    assert message in str(info.value)
    as_op = op_function("rule", rule, arity=2)   # inside a graph: the same words
    with pytest.raises(ExerciseFailure) as info:
        as_op(Value(2.0), Value(3.0))
    assert message in str(info.value)


def test_unfinished_and_crashing_functions_are_told_in_a_line():
    def todo(F, a):
        raise NotImplementedError("TODO: return tanh(a) and its derivative")

    with pytest.raises(NotDoneYet, match="todo is not done yet: TODO: return tanh"):
        check_local_derivative(todo, [(1.0,)])

    def broken(F, a):
        return a / 0.0, (1.0,)

    with pytest.raises(ExerciseFailure) as info:
        call_student(broken, None, 1.0)
    line = broken.__code__.co_firstlineno + 1
    assert str(info.value).splitlines() == [
        "your broken raised ZeroDivisionError: float division by zero",
        f"  line {line} of test_gradcheck.py: return a / 0.0, (1.0,)"]


def test_check_backward_names_the_node_with_the_wrong_local_derivative():
    my_tanh = op_function("tanh", wrong_tanh)

    def f(x, w):
        z = x * w
        z.label = "z"
        return my_tanh(z) * 2

    with pytest.raises(ExerciseFailure) as info:
        check_backward(f, [0.5, -1.5], reference=lambda x, w: (x * w).tanh() * 2)
    lines = str(info.value).splitlines()
    assert lines[0] == "node %3 = tanh(%2): its local derivative with respect to %2 [z] is wrong"
    assert lines[1:5] == ["  at        tanh(-0.75)", "  yours     1.635", "  expected  0.5966",
                          "  hint: look at the local derivative that the rule for tanh returns"]
    good = op_function("good_tanh", lambda F, a: (F.tanh(a), (1.0 - F.tanh(a) ** 2,)))
    assert check_backward(lambda x, w: good(x * w) * 2, [0.5, -1.5],
                          reference=lambda x, w: (x * w).tanh() * 2)


def test_check_backward_says_when_the_output_does_not_depend_on_the_inputs():
    def cut(x, y):
        return Value((x * y).data)

    with pytest.raises(ExerciseFailure, match="does not depend on the inputs \\(x, y\\)"):
        check_backward(cut, [2.0, 3.0], reference=lambda x, y: x * y)
    with pytest.raises(ExerciseFailure, match="returned a float where a Value was expected"):
        check_backward(lambda x: x.data * 2, [1.0], reference=lambda x: x * 2)


def test_check_backward_names_a_known_slip():
    with pytest.raises(ExerciseFailure, match="output of your f is wrong: halved"):
        check_backward(lambda x, y: (x * x + y * y) * 0.5, [1.0, 2.0], name="f",
                       reference=lambda x, y: (x * x + y * y) / 3.0,
                       slips={"halved": lambda x, y: (x * x + y * y) / 2.0})


def test_check_backward_shows_a_list_input_as_a_list_and_what_else_f_uses():
    def loss(*logits):
        return logits[0] * 2.0 - logits[1]   # the exercise's target is 0, this uses 1

    with pytest.raises(ExerciseFailure) as info:
        check_backward(loss, [2.0, -1.0], given="target=0",
                       reference=lambda *logits: logits[0] * 2.0 - logits[0])
    assert str(info.value).splitlines()[1] == "  at        logits=[2, -1]; target=0"


def test_expect_close_names_conventions_and_shapes():
    expect_close("v", [1.0, 2.0], [1.0, 2.0 + 1e-12])
    with pytest.raises(ExerciseFailure, match="v are wrong: the other sign"):
        expect_close("v", [-1.0, -2.0], [1.0, 2.0], slips={"the other sign": [-1.0, -2.0]})
    with pytest.raises(ExerciseFailure, match="you gave 1 values where 2 were expected"):
        expect_close("v", [1.0], [1.0, 2.0])
    with pytest.raises(ExerciseFailure, match="your function returned None"):
        expect_close("v", None, [1.0])
    with pytest.raises(ExerciseFailure, match="you gave a Value where a number was expected"):
        expect_close("v", Value(1.0), 1.0)


def test_recursion_is_detected_even_with_a_raised_limit():
    import sys

    def walk(n):
        sys.setrecursionlimit(100_000)
        return 0 if n == 0 else 1 + walk(n - 1)

    limit = sys.getrecursionlimit()
    with pytest.raises(ExerciseFailure, match="recursion detected: walk calls walk"):
        check_no_recursion(walk, 5_000)
    assert sys.getrecursionlimit() == limit
    assert check_no_recursion(lambda n: sum(range(n)), 10) == 45


def test_feedback_shows_odd_labels_through_the_sanitiser():
    from autograd.testing import fmt
    shown = fmt(Value(1.0, label="\x1b[31mx\u202e"))
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[31mx\\u202e" in shown
