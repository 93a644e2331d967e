"""The gate view: one op in isolation, forward and backward, with its numbers checked
against backward() and finite differences. In a browser: test_player_browser.py."""

import re
import xml.etree.ElementTree as ET

import pytest

import autograd
import viz
from autograd import Value, examples

SVG = "{http://www.w3.org/2000/svg}"


def texts(dot) -> list[str]:
    root = ET.fromstring(dot.pipe(format="svg").decode())
    return ["".join(t.itertext()).replace("\xa0", " ").strip() for t in root.iter(f"{SVG}text")]


def test_gate_of_a_product_shows_both_passes_with_the_chain_rule():
    o, (x1, x2, w1, w2, b) = examples.neuron()
    o.backward()
    node = autograd.trace(o)[5].value                      # %5 = x1 * w1
    shown = texts(viz.gate(node, root=o))
    # forward: inputs, op, output value
    for line in ("x1 = 2", "w1 = -3", "*", "%5 = 2 * (-3)", "-6", ": %5 = x1 * w1"):
        assert line in shown, line
    # backward: upstream arriving, local derivatives, downstream gradients leaving
    assert "do/d%5 =" in shown and "0.5" in shown              # do/d%5 = tanh' = 0.5
    assert "∂%5/∂x1 = -3" in shown and "∂%5/∂w1 = 2" in shown
    assert "do/dx1 = do/d%5 · ∂%5/∂x1" in shown and "= 0.5 · (-3) =" in shown
    assert "-1.5" in shown and x1.grad == pytest.approx(-1.5)
    assert "= 0.5 · 2 =" in shown and w1.grad == pytest.approx(1.0)
    assert "mul: d(a*b)/da = b, d(a*b)/db = a" in shown     # the op table's rule


def test_gate_numbers_agree_with_finite_differences():
    x = Value(0.3, label="x")
    z = x.tanh()
    z.label = "z"
    y = z * 2.0
    y.label = "y"
    y.backward()
    shown = texts(viz.gate(z, root=y))
    h = 1e-6
    local = (Value(0.3 + h).tanh().data - Value(0.3 - h).tanh().data) / (2 * h)
    assert f"∂z/∂x = {viz.captions.number(local)}" in shown
    assert viz.captions.number(2.0 * local) in shown and x.grad == pytest.approx(2 * local)


def test_gate_without_root_calls_the_loss_L_and_shows_constants():
    x = Value(2.0, label="x")
    y = x * 3 + 1
    y.backward()
    shown = texts(viz.gate(y))
    assert "dL/d%2 =" in shown and "1: a constant," in shown and "no gradient" in shown
    assert "add: d(a+b)/da = 1, d(a+b)/db = 1" in shown


def test_gate_errors_name_the_problem():
    x = Value(2.0, label="x")
    with pytest.raises(ValueError, match="x is an input"):
        viz.gate(x)
    with pytest.raises(TypeError, match="expected a Value"):
        viz.gate(2.0)
    with pytest.raises(ValueError, match="not in the graph"):
        viz.gate(x * 2, root=x * 3)
    with pytest.raises(ValueError, match="at most 16"):
        viz.gate(autograd.sum([x] * 20))


def test_gate_escapes_labels_and_shows_inline_in_jupyter():
    x = Value(1.0, label='<script>alert("x")</script>&')
    y = x * 2
    y.label = "{y|\\N}"
    y.backward()
    dot = viz.gate(y)
    svg = dot.pipe(format="svg").decode()
    assert not list(ET.fromstring(svg).iter(f"{SVG}script"))
    assert '<script>alert("x")</script>& = 1' in texts(dot)
    inline = dot._repr_mimebundle_()["image/svg+xml"]
    assert '<svg width="100%" style="max-width:' in inline      # fits a notebook cell


def test_small_numbers_keep_four_significant_digits_and_the_product_adds_up():
    import math
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    m = a * b
    s = m + a
    s.label = "s"
    t = s.tanh()
    t.label = "t"
    loss = 3 * t ** 2
    loss.label = "L"
    loss.backward()
    shown = " ".join(texts(viz.gate(t, root=loss)))
    local = 1 - math.tanh(-4.0) ** 2                       # 0.001341, not 0.0013
    upstream = t.grad
    assert f"∂t/∂s = {local:.4g}" in shown and "0.001341" in shown
    # the product on screen, redone on the numbers as shown, gives the result as shown,
    # to within the rounding of its factors (0.0013 gave -0.0078 against a shown -0.008)
    written = re.search(r"= (-?[\d.]+) · \(?(-?[\d.]+)\)? = (-?[\d.]+)", shown)
    x, y, result = (float(g) for g in written.groups())
    assert (x, y) == (float(f"{upstream:.4f}"), float(f"{local:.4g}"))
    assert result == float(f"{s.grad:.4g}")
    assert abs(x * y - result) <= abs(x) * 0.5e-6 + abs(y) * 0.5e-4 + 0.5e-6
