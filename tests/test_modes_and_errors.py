"""no_grad, detach, detect_anomaly, and every bad-input error path."""

import math

import pytest

import autograd
from autograd import AnomalyError, DomainError, Value, detect_anomaly, no_grad


def test_no_grad_records_no_graph_and_restores_recording():
    x = Value(2.0)
    with no_grad():
        y = x * 3 + 1
        assert not autograd.is_grad_enabled()
    assert y.is_leaf and y.args == () and y.data == 7.0
    assert autograd.is_grad_enabled()
    z = x * 3
    assert z.parents[0] is x


def test_no_grad_is_restored_after_an_exception():
    with pytest.raises(DomainError):
        with no_grad():
            Value(-1.0).log()
    assert autograd.is_grad_enabled()


def test_detach_is_a_new_leaf_with_the_same_data():
    x = Value(2.0, label="x")
    y = x * x
    d = y.detach()
    assert d is not y and d.is_leaf and d.data == 4.0
    (d * 3).backward()
    assert x.grad == 0.0 and d.grad == 3.0


@pytest.mark.parametrize("make, op, fragment", [
    (lambda: Value(0.0, label="z").log(), "log", "0.0 (node 'z')"),
    (lambda: Value(-2.0, label="q").log(), "log", "-2.0 (node 'q')"),
    (lambda: Value(-1.0).sqrt(), "sqrt", "-1.0"),
    (lambda: Value(0.0, label="s").sqrt(), "sqrt", "0.0 (node 's')"),
    (lambda: Value(1.0, label="a") / Value(0.0, label="b"), "div", "(node 'b')"),
    (lambda: 1 / Value(0.0), "div", "0.0"),
    (lambda: Value(0.0, label="z") ** -1, "pow", "0.0 (node 'z'), -1.0"),
    (lambda: Value(-8.0) ** (1 / 3), "pow", "-8.0"),
    (lambda: Value(-8.0) ** Value(0.5), "pow", "-8.0, 0.5"),
    (lambda: 0 ** Value(-2.0), "pow", "0.0, -2.0"),
])
def test_domain_errors_name_op_operand_and_label(make, op, fragment):
    with pytest.raises(DomainError) as info:
        make()
    message = str(info.value)
    assert message.startswith(op + "(") and fragment in message
    assert isinstance(info.value, ArithmeticError) and isinstance(info.value, ValueError)


@pytest.mark.parametrize("bad", ["a", None, [1.0], (1.0,), 1j, {}])
def test_type_errors_name_the_op_and_the_type(bad):
    x = Value(1.0)
    for apply, op in ((lambda: x + bad, "add"), (lambda: bad * x, "mul"),
                      (lambda: x / bad, "div"), (lambda: bad - x, "sub")):
        with pytest.raises(TypeError) as info:
            apply()
        assert op in str(info.value) and type(bad).__name__ in str(info.value)


@pytest.mark.parametrize("bad", ["1.0", None, [1.0], 1j])
def test_value_constructor_and_parameters_reject_non_numbers(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)
    with pytest.raises(TypeError, match="leaky_relu"):
        Value(1.0).leaky_relu(bad)
    with pytest.raises(TypeError, match="pow"):
        Value(1.0) ** bad
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)
    with pytest.raises(TypeError, match="sum"):
        autograd.sum([Value(1.0), bad])


def test_sum_and_dot_reject_empty_and_mismatched_input():
    with pytest.raises(ValueError, match="at least one"):
        autograd.sum([])
    with pytest.raises(ValueError, match="lengths differ"):
        autograd.dot([Value(1.0)], [1.0, 2.0])


def test_nan_and_inf_propagate_like_ieee_floats_without_detect_anomaly():
    x = Value(float("nan"))
    y = (x * 2).relu()
    assert math.isnan(y.data)
    z = Value(float("inf")) - Value(float("inf"))
    assert math.isnan(z.data)


def test_detect_anomaly_raises_at_the_first_non_finite_forward_value():
    with detect_anomaly():
        a = Value(1.0)
        with pytest.raises(AnomalyError, match=r"mul\(inf, 0.0\) produced nan"):
            Value(float("inf")) * 0
        assert (a * 2).data == 2.0
    assert math.isnan((Value(float("inf")) * 0).data)  # off again afterwards


def test_detect_anomaly_raises_at_the_first_non_finite_gradient():
    x = Value(0.0, label="x")
    y = x ** 0.5          # fine forward (0.0), infinite derivative
    assert y.data == 0.0
    with detect_anomaly():
        with pytest.raises(AnomalyError, match=r"backward of pow .*gradient inf for its input 'x'"):
            y.backward()


def test_backward_without_anomaly_gives_ieee_inf():
    x = Value(0.0)
    (x ** 0.5).backward()
    assert x.grad == math.inf


def engine_op(name, rule, arity=1):
    """An op made by the engine's own factories (autograd.testing.op_function checks a
    student's rule itself first; here the engine's checks are under test)."""
    from autograd.ops import Op
    from autograd.value import _FACTORY
    return _FACTORY[arity](Op(name, name, arity, rule, "a test's rule"))


@pytest.mark.parametrize("rule, arity, shown", [
    (lambda F, a: a, 1, "got 2.0"),                               # no derivatives
    (lambda F, a: (a, (1.0, 2.0)), 1, "got (2.0, (1.0, 2.0))"),   # one too many
    (lambda F, a, b: (a, 1.0), 2, "got (2.0, 1.0)"),              # not a tuple
    (lambda F, a, b: (a, (1.0,)), 2, "got (2.0, (1.0,))"),        # one too few
    (lambda F, a, b: None, 2, "got None"),
    (lambda F, *xs: (sum(xs), (1.0,)), -1, "got (5.0, (1.0,))"),  # n-ary: 2 args, 1 derivative
])
def test_a_rule_returning_the_wrong_shape_is_a_type_error_not_a_domain_error(rule, arity, shown):
    f = engine_op("bad", rule, arity)
    args = {1: [Value(2.0)], 2: [Value(2.0), Value(3.0)], -1: [[Value(2.0), 3.0]]}[arity]
    with pytest.raises(TypeError) as info:
        f(*args)
    message = str(info.value)
    assert not isinstance(info.value, DomainError)
    assert "op 'bad'" in message and "(value, tuple of" in message and shown in message


def test_a_rule_whose_math_fails_is_still_a_domain_error():
    f = engine_op("mylog", lambda F, a: (F.log(a), (1.0 / a,)))
    with pytest.raises(DomainError, match=r"mylog\(-1.0\)"):
        f(Value(-1.0))
