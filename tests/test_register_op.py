"""Custom ops through ``autograd.register_op``: once registered, an op works as a
built-in one everywhere: function and method, backward, create_graph and grad, listings,
tape replay, JSON, diagrams, the player, gradcheck. Bad registrations are refused."""

import json
import math
import re

import pytest

import autograd
import viz
from autograd import OPS, Graph, Value, apply, grad, register_op, trace, trace_fn, unregister_op
from autograd.testing import check_local_derivative, gradcheck, numeric_gradients


def cube(F, a):
    return a * a * a, (3 * a * a,)


def hypot(F, a, b):
    h = F.sqrt(a * a + b * b)
    return h, (a / h, b / h)


def lerp(F, a, b, t):                 # a + t (b - a)
    return a + t * (b - a), (1 - t, t, b - a)


def mean(F, *xs):
    n = len(xs)
    return sum(xs) / n, (1.0 / n,) * n


@pytest.fixture
def ops():
    """Register the four ops for one test, and remove them afterwards."""
    made = {
        "cube": register_op("cube", "³", cube, 1, method=True,
                            derivative="d a^3/da = 3a^2"),
        "hypot": register_op("hypot", "hypot", hypot, method=True,
                             domain="not both arguments 0"),
        "lerp": register_op("lerp", "lerp", lerp, 3),
        "mean": register_op("mean", "mean", mean),
    }
    yield made
    for name in made:
        unregister_op(name)
    assert not any(hasattr(Value, m) for m in ("cube", "hypot"))


def test_function_method_and_backward(ops):
    x, y, t = Value(1.5, label="x"), Value(-2.0, label="y"), Value(0.25, label="t")
    assert OPS["cube"].arity == 1 and OPS["mean"].arity == -1 and apply["lerp"] is ops["lerp"]
    out = x.cube() + ops["cube"](y) + x.hypot(y) + ops["lerp"](x, y, t) + ops["mean"]([x, y, 3])
    out.backward()
    h = math.hypot(1.5, -2.0)
    assert out.data == pytest.approx(1.5 ** 3 - 8 + h + 1.5 + 0.25 * -3.5 + 2.5 / 3)
    assert x.grad == pytest.approx(3 * 1.5 ** 2 + 1.5 / h + 0.75 + 1 / 3)
    assert y.grad == pytest.approx(3 * 4 + -2 / h + 0.25 + 1 / 3)
    assert t.grad == pytest.approx(-3.5)
    assert (x * 2).cube().args[0].args == (x, 2.0) and x.hypot(4).args == (x, 4.0)  # constants
    with pytest.raises(TypeError, match="lerp takes 3 arguments, got 2"):
        ops["lerp"](x, y)
    with pytest.raises(autograd.DomainError, match=r"hypot\(0.0, 0.0\): not both arguments 0"):
        Value(0.0).hypot(0.0)


def test_finite_differences_gradcheck_and_local_derivatives(ops):
    assert check_local_derivative(cube, [(0.5,), (-2.0,)])
    assert check_local_derivative(lerp, [(0.5, -1.0, 0.3)])

    def f(x, y, t):
        return ops["lerp"](x.cube(), x.hypot(y), t) * ops["mean"]([x, y, t, 2.0])
    assert gradcheck(f, [0.7, -1.1, 0.4])
    out = f(*(v := [Value(0.7), Value(-1.1), Value(0.4)]))
    out.backward()
    assert [x.grad for x in v] == pytest.approx(numeric_gradients(f, [0.7, -1.1, 0.4]), rel=1e-6)


def test_pytorch_agrees(ops):
    torch = pytest.importorskip(
        "torch", reason="PyTorch parity needs torch: make test TORCH=1 installs it")
    xs = [0.7, -1.1, 0.4]

    def f(x, y, t, *, on_torch=False):
        if on_torch:
            return torch.lerp(x ** 3, torch.hypot(x, y), t) * torch.stack([x, y, t]).mean()
        return ops["lerp"](x.cube(), x.hypot(y), t) * ops["mean"]([x, y, t])
    v = [Value(a) for a in xs]
    out = f(*v)
    out.backward()
    tv = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in xs]
    tout = f(*tv, on_torch=True)
    tout.backward()
    assert out.data == pytest.approx(tout.item(), rel=1e-12)
    assert [a.grad for a in v] == pytest.approx([a.grad.item() for a in tv], rel=1e-12)


def test_create_graph_and_grad_of_grad(ops):
    assert grad(lambda x: x.cube())(2.0) == 12.0
    assert grad(grad(lambda x: x.cube()))(2.0) == 12.0                  # 6x
    assert grad(grad(lambda x: x.hypot(3.0)))(4.0) == pytest.approx(9 / 125)   # b^2/h^3
    x = Value(0.5)
    y = ops["lerp"](x, x.cube(), x)
    y.backward(create_graph=True)
    first = x.grad
    assert isinstance(first, Value)
    x.grad = 0.0
    first.backward()
    # y = x + x (x^3 - x) = x + x^4 - x^2; y' = 1 + 4x^3 - 2x; y'' = 12x^2 - 2
    assert x.grad == pytest.approx(12 * 0.5 ** 2 - 2)


def test_listing_tape_json_diagram_and_player(ops):
    g = trace_fn(lambda a, b: ops["lerp"](a.cube(), a.hypot(b), 0.5), 1.0, 2.0)
    listing = str(g)
    assert "%2 = cube(%0)" in listing and "%3 = hypot(%0, %1)" in listing
    assert "%4 = lerp(%2, %3, 0.5)" in listing and "ops: cube 1, hypot 1, lerp 1" in listing
    # the tape re-evaluates with the registered rules
    assert g.forward(a=2.0, b=1.5) == pytest.approx(0.5 * 8 + 0.5 * 2.5)
    g.backward()
    assert g.input("a").grad == pytest.approx(0.5 * 12 + 0.5 * 2 / 2.5)
    # JSON round trip, in a process where the ops are registered
    g2 = Graph.from_json(g.to_json())
    assert str(g2) == str(g)
    assert g2.forward(a=1.0, b=0.0) == pytest.approx(0.5 + 0.5)
    assert [n.op for n in g2] == [n.op for n in g]
    # diagrams show the symbol; the player steps through it with infix / call captions
    source = viz.draw(g, show_local=True).source
    assert "label=<³>" in source and "label=<lerp>" in source
    g.outputs[0].value.label = "out"
    g.forward(a=1.0, b=2.0)
    player = viz.step_through(g.outputs[0].value)
    assert len(player) == 1 + 5                     # the start, then one frame per edge
    forward = viz.step_through(g.outputs[0].value, mode="forward")
    assert "%2 = ³(a) = ³(1) = 1" in forward.captions
    assert any(re.fullmatch(r"out = lerp\(%2, %3, 0\.5\) = lerp\(1, 2\.236\d*, 0\.5\) = 1\.618\d*",
                            c) for c in forward.captions), forward.captions


def test_json_of_an_unregistered_op_is_refused_clearly():
    register_op("twice", "2×", lambda F, a: (2 * a, (2.0,)))
    try:
        text = trace(apply["twice"](Value(1.0))).to_json()
    finally:
        unregister_op("twice")
    assert json.loads(text)["nodes"][1]["op"] == "twice"
    with pytest.raises(autograd.GraphFormatError, match="unknown op 'twice'.*register_op"):
        Graph.from_json(text)


def test_decorator_forms():
    @register_op("square", "²", method="sq")
    def square(F, a):
        return a * a, (2 * a,)
    try:
        x = Value(3.0)
        y = x.sq()
        y.backward()
        assert (square(x).data, y.data, x.grad, OPS["square"].symbol) == (9.0, 9.0, 6.0, "²")
    finally:
        unregister_op("square")

    softmin = register_op("softmin2")(lambda F, a, b: (
        -F.log(F.exp(-a) + F.exp(-b)),
        (F.exp(-a) / (F.exp(-a) + F.exp(-b)), F.exp(-b) / (F.exp(-a) + F.exp(-b)))))
    try:
        assert OPS["softmin2"].arity == 2 and OPS["softmin2"].symbol == "softmin2"
        assert gradcheck(lambda a, b: softmin(a, b), [0.3, 1.2])
        s = 1 / (1 + math.exp(0.3 - 1.0))            # d softmin/da = σ(b - a)
        assert grad(grad(lambda a: softmin(a, 1.0)))(0.3) == pytest.approx(-s * (1 - s))
    finally:
        unregister_op("softmin2")


def micrograd_method(self):                 # a micrograd method passed as a rule by mistake
    return self


@pytest.mark.parametrize("args, error, match", [
    (("exp", "e", cube, 1), ValueError, "an op named 'exp' already exists \\(built in\\)"),
    (("two words", "x", cube, 1), ValueError, "must be a Python identifier"),
    (("lambda", "x", cube, 1), ValueError, "must be a Python identifier"),
    (("cube2", "x", "not a function", 1), TypeError, "the rule must be a function.*got str"),
    (("cube2", "x", cube, 2), ValueError, r"arity=2, but the rule cube\(F, a\) takes 1 argument"),
    (("cube2", "x", mean, 0), ValueError, "arity is the number of arguments"),
    (("cube2", "x", hypot, True), ValueError, "arity is the number of arguments"),
    (("cube2", "", cube, 1), ValueError, "the symbol must be a non-empty str"),
    (("cube2", "x", lambda: 1, None), ValueError, r"the rule takes F, the math namespace, first"),
    (("cube2", "x", micrograd_method, None), ValueError,
     r"micrograd_method\(self\) takes nothing after F: a rule is rule\(F, a, ...\)"),
])
def test_bad_registrations_are_refused_and_change_nothing(args, error, match):
    before = dict(OPS)
    with pytest.raises(error, match=match):
        register_op(*args)
    assert OPS == before and "cube2" not in apply


def test_refusals_around_names_and_methods(ops):
    with pytest.raises(ValueError, match="'cube' already exists \\(registered\\)"):
        register_op("cube", "c", cube)
    with pytest.raises(ValueError, match="Value already has an attribute 'tanh'"):
        register_op("mytanh", "t", cube, method="tanh")
    with pytest.raises(ValueError, match="'exp' is not a registered op \\(it is built in\\)"):
        unregister_op("exp")
    assert "mytanh" not in OPS


def test_readme_porting_example_runs_and_both_ways_agree():
    import pathlib
    readme = (pathlib.Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S)
                 if "register_op" in b)
    namespace = {}
    try:
        exec(block.replace("print(", "result = ("), namespace)
        assert namespace["result"] is True
        swish = namespace["swish"]
        for x0 in (-1.5, 0.0, 0.8):
            a, b = Value(x0), Value(x0)
            swish(a).backward()
            b.swish().backward()
            assert a.grad == pytest.approx(b.grad, rel=1e-12)
            assert b.grad == pytest.approx(numeric_gradients(lambda v: v.swish(), [x0])[0],
                                           rel=1e-6)
        first = grad(lambda u: swish(u))             # the closure's float gradient
        numeric = (first(0.3 + 1e-5) - first(0.3 - 1e-5)) / 2e-5
        assert grad(grad(lambda v: v.swish()))(0.3) == pytest.approx(numeric, rel=1e-5)
    finally:
        unregister_op("swish")


def test_a_rule_asking_for_a_function_F_lacks_is_told_what_F_has():
    """A rule ported from elsewhere reaches for F.abs: the error names the op and lists
    F's functions (found in review), on Values and numbers alike."""
    @register_op("softsign_r15")
    def softsign(F, a):
        d = 1 + F.abs(a)
        return a / d, (1 / (d * d),)
    try:
        for x in (Value(0.5), 0.5):
            with pytest.raises(AttributeError, match=r"the rule of op 'softsign_r15' asks "
                                                     r"for F\.abs.*it has exp, log, sqrt"):
                softsign(x)
    finally:
        unregister_op("softsign_r15")


def test_a_rule_with_a_bug_of_its_own_keeps_its_attribute_error():
    @register_op("buggy_r15")
    def buggy(F, a):
        return a.nonexistent, (1.0,)
    try:
        with pytest.raises(AttributeError, match="'float' object has no attribute"):
            buggy(Value(0.5))
    finally:
        unregister_op("buggy_r15")


def test_a_wrong_number_of_arguments_names_the_op():
    if autograd.compiled:  # Cython's own message names the compiled function, not the op:
        for call in (lambda: Value(0.5).tanh(2), lambda: apply["add"](1, 2, 3),
                     lambda: apply["sum"]()):
            with pytest.raises(TypeError, match=r"\(\) (takes|missing) "):
                call()
        return  # the messages are checked on the pure engine (make test's second run)
    with pytest.raises(TypeError, match=r"^tanh\(\) takes 1 positional argument"):
        Value(0.5).tanh(2)
    with pytest.raises(TypeError, match=r"^add\(\) takes 2 positional arguments"):
        apply["add"](1, 2, 3)
    with pytest.raises(TypeError, match=r"^sum\(\) missing 1 required positional"):
        apply["sum"]()


def test_math_in_a_rule_is_a_constant_under_create_graph_as_the_readme_warns():
    """The README's warning, checked: an exp rule written with math.exp gives the right
    first derivative but a second derivative of 0; with F.exp, e^x."""
    @register_op("exp_math_r15")
    def exp_math(F, a):
        e = math.exp(a)
        return e, (e,)

    @register_op("exp_f_r15")
    def exp_f(F, a):
        e = F.exp(a)
        return e, (e,)
    try:
        assert grad(exp_math)(0.3) == pytest.approx(math.exp(0.3))
        assert grad(grad(exp_math))(0.3) == 0.0                  # silently wrong
        assert grad(grad(exp_f))(0.3) == pytest.approx(math.exp(0.3))
        h = 1e-5
        numeric = (grad(exp_f)(0.3 + h) - grad(exp_f)(0.3 - h)) / (2 * h)
        assert grad(grad(exp_f))(0.3) == pytest.approx(numeric, rel=1e-6)
    finally:
        unregister_op("exp_math_r15")
        unregister_op("exp_f_r15")
