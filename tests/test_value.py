"""Value itself: repr, comparisons, hashing, slots, conversions."""

import pytest

from autograd import Value


def test_repr_shows_label_data_and_grad():
    v = Value(0.76159415, label="o")
    v.grad = 0.42
    assert repr(v) == "Value(data=0.7616, grad=0.42, label='o')"
    assert repr(Value(1.0)) == "Value(data=1.0, grad=0.0)"


def test_equality_and_hash_are_by_identity_so_values_work_in_sets_and_dicts():
    a, b = Value(1.0), Value(1.0)
    assert a != b and a == a
    assert len({a, b}) == 2
    d = {a: "a", b: "b"}
    assert d[a] == "a" and d[b] == "b"


def test_ordering_compares_data_with_values_and_numbers():
    a, b = Value(1.0), Value(2.0)
    assert a < b and b > a and a <= 1 and b >= 2.0 and not a > 1
    assert max([a, b]) is b and sorted([b, a]) == [a, b]
    with pytest.raises(TypeError):
        a < "x"  # noqa: B015


def test_slots_no_instance_dict():
    v = Value(1.0)
    assert not hasattr(v, "__dict__")
    with pytest.raises(AttributeError):
        v.colour = "red"


def test_float_conversion_and_micrograd_names_are_read_only():
    v = Value(2.5)
    assert float(v) == 2.5
    with pytest.raises(AttributeError):
        v._prev = set()
    with pytest.raises(AttributeError):
        v._op = "+"


def test_leaf_and_local_grads_are_exposed():
    x, y = Value(2.0), Value(5.0)
    z = x * y
    assert x.is_leaf and not z.is_leaf
    assert z.local_grads == (5.0, 2.0) and z.parents == (x, y) and z.args == (x, y)
    assert x.args == () and x.local_grads == () and x.parents == ()
    assert (x.tanh()).args == (x,)


def test_format_specs_apply_to_data_and_the_repr_stays():
    x = Value(2 / 3, label="x")
    assert f"{x:.2f}" == "0.67" and f"{x:>8.1e}" == " 6.7e-01" and format(x, "g") == "0.666667"
    assert f"{x}" == str(x) == repr(x) == "Value(data=0.6667, grad=0.0, label='x')"


def test_round_gives_a_float_with_digits_and_an_int_without():
    x = Value(2.675)
    assert round(x, 2) == round(2.675, 2) and type(round(x, 2)) is float
    assert round(Value(2.5)) == 2 and type(round(Value(2.5))) is int
    assert round(Value(-7.5), -1) == -10.0


def test_item_int_and_pow_as_pytorch():
    x = Value(-2.75, label="x")
    assert x.item() == -2.75 and type(x.item()) is float
    assert int(x) == -2 and type(int(x)) is int and int(Value(3.99)) == 3   # toward zero
    with pytest.raises(ValueError, match="NaN"):
        int(Value(float("nan")))
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a.pow(b)                                        # a node, as a ** b
    assert isinstance(c, Value) and c.data == 8.0 and c._op == (a ** b)._op
    c.backward()
    assert a.grad == 12.0                               # b * a^(b-1)
    assert b.grad == pytest.approx(8.0 * 0.6931471805599453)   # a^b * log(a)
    assert Value(4.0).pow(0.5).data == 2.0


def test_math_functions_read_a_value_as_its_data():
    import math
    assert math.isclose(Value(1.0 + 1e-12), 1.0) and math.floor(Value(2.7)) == 2
