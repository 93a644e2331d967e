"""Values in numpy object arrays, as micrograd-based array code uses them: operators and
ufuncs between arrays and Values work elementwise, and a numpy scalar times a Value is
still a Value."""

import math

import numpy as np
import pytest

from autograd import Value, apply, backward, testing


def values(*xs):
    return np.array([Value(x) for x in xs], dtype=object)


def data(arr):
    return [v.data for v in arr.ravel()]


def test_operators_between_arrays_and_a_value():
    v = Value(2.0, label="v")
    arr = values(1.0, 3.0, -4.0)
    cases = {
        "arr - v": (arr - v, [-1.0, 1.0, -6.0]),
        "v - arr": (v - arr, [1.0, -1.0, 6.0]),
        "v * arr": (v * arr, [2.0, 6.0, -8.0]),
        "arr * v": (arr * v, [2.0, 6.0, -8.0]),
        "arr / v": (arr / v, [0.5, 1.5, -2.0]),
        "v / arr": (v / arr, [2.0, 2 / 3, -0.5]),
        "arr ** v": (arr ** v, [1.0, 9.0, 16.0]),
        "v ** arr": (v ** arr, [2.0, 8.0, 1 / 16]),
        "v + float array": (v + np.array([0.5, 1.5]), [2.5, 3.5]),
        "float array * v": (np.array([0.5, 1.5]) * v, [1.0, 3.0]),
        "apply on an array": (apply["mul"](v, arr), [2.0, 6.0, -8.0]),
    }
    for name, (out, expected) in cases.items():
        assert isinstance(out, np.ndarray) and out.dtype == object, name
        assert all(isinstance(x, Value) for x in out), name
        assert data(out) == pytest.approx(expected), name
    # every element is a node of the graph: d/dv of sum(arr * v) = sum(arr)
    backward(list(arr * v))
    assert v.grad == 0.0 + 1.0 + 3.0 - 4.0


def test_in_place_division_and_a_softmax_written_with_arrays():
    """micrograd array code: `out / out.sum(-1)`, `arr /= v`."""
    logits = values(0.5, -1.0, 2.0)
    out = np.exp(logits - logits.max())             # max compares data, as micrograd
    probs = out / out.sum(-1)
    assert data(probs) == pytest.approx(np.exp([0.5, -1, 2]) / np.exp([0.5, -1, 2]).sum())
    probs[2].backward()
    p = data(probs)
    assert [x.grad for x in logits] == pytest.approx([-p[2] * p[0], -p[2] * p[1],
                                                      p[2] * (1 - p[2])])
    arr = values(1.0, 3.0)
    v = Value(4.0)
    alias = arr
    arr /= v
    assert alias is arr and data(arr) == [0.25, 0.75] and arr[0].parents[1] is v


def test_ufuncs_reductions_and_matmul():
    arr = values(0.5, 2.0)
    for ufunc, f in ((np.exp, math.exp), (np.log, math.log), (np.sqrt, math.sqrt),
                     (np.tanh, math.tanh), (np.sin, math.sin), (np.cos, math.cos),
                     (np.negative, lambda x: -x), (np.abs, abs)):
        out = ufunc(arr)
        assert data(out) == pytest.approx([f(0.5), f(2.0)]), ufunc.__name__
        assert out[0].parents == (arr[0],), ufunc.__name__
    s = arr.sum()
    assert isinstance(s, Value) and s.data == 2.5
    m = values(1.0, 2.0, 3.0, 4.0).reshape(2, 2)
    prod = m @ m
    assert prod.shape == (2, 2) and data(prod) == [7.0, 10.0, 15.0, 22.0]
    d = arr @ arr                                     # a dot product: one Value
    d.backward()
    assert d.data == 4.25 and [x.grad for x in arr] == [1.0, 4.0]

    def f(a, b):   # gradients of array code against finite differences
        x = np.array([a, b], dtype=object)
        return (np.tanh(x * a) @ np.exp(x - b)) / (x ** 2).sum()
    assert testing.gradcheck(f, [0.3, -0.7])


def test_numpy_scalars_still_give_values():
    x = Value(2.0)
    for y in (np.float64(3) * x, x * np.float64(3), np.float32(3) * x, np.int64(3) * x,
              np.float64(3) + x, np.float64(3) - x, np.float64(8) / x, np.float64(3) ** x,
              np.multiply(3.0, x), np.array(3.0) * x, x * np.array(3.0)):
        assert type(y) is Value
    assert np.float64(3) * x is not x and (np.float64(3) * x).parents == (x,)
    assert type(np.exp(x)) is Value and np.exp(x).data == pytest.approx(math.exp(2))


def test_what_numpy_cannot_do_is_an_error_not_a_silent_number():
    x = Value(2.0)
    with pytest.raises(TypeError):
        np.add(1.0, 2.0, out=x)
    with pytest.raises(TypeError, match="operand of mul"):
        x * "3"
    floats = np.array([1.0, 2.0])
    with pytest.raises(TypeError):       # an object result cannot go into a float array
        floats /= x
    assert list(floats) == [1.0, 2.0]


def test_numpy_is_imported_only_when_used():
    """``import autograd, nn, viz`` stays fast (issue 19): numpy loads when data is made or
    an array is used; Values in object arrays work once the user has imported numpy."""
    import subprocess
    import sys
    code = ("import sys, tempfile, pathlib, autograd, nn, viz\n"
            "seen = ['numpy' in sys.modules]\n"
            "model = nn.MLP(2, [3, 1]); nn.Neuron(2, nonlin=False)\n"
            "model([0.5, -1.0]).backward()\n"
            "path = pathlib.Path(tempfile.mkdtemp()) / 'm.json'\n"
            "model.save(path); model.load(path)\n"
            "seen.append('numpy' in sys.modules)\n"
            "import numpy as np\n"
            "x = autograd.Value(2.0)\n"
            "print(*seen, np.exp(np.array([x], dtype=object))[0].data == np.exp(2.0),\n"
            "      type(np.float64(3) * x).__name__,\n"
            "      nn.MLP(2, [1], seed=np.int64(1))([1, 2]).data != 0,\n"
            "      nn.Neuron(2, nonlin=np.bool_(False)).activation,\n"
            "      len(nn.data.xor()[0]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False", "True", "Value", "True", "linear", "4"]
