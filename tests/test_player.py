"""The step-through player as built in Python: frames, captions whose arithmetic adds up
as shown, one layout, one colour scale, escaping, errors. In a real browser:
test_player_browser.py."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
import viz
from autograd import Value, examples
from viz import palette

SVG = "{http://www.w3.org/2000/svg}"


def neuron():
    o, inputs = examples.neuron()
    o.backward()
    return o, inputs


def mlp_loss():
    model = nn.MLP(2, [2, 1], activation="tanh", seed=3)
    x = [Value(0.5, label="in0"), Value(-1.25, label="in1")]
    loss = nn.mse([model(x)], [1.0])
    loss.label = "L"
    loss.backward()
    return loss


def shown_decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


# ---- frames and captions -----------------------------------------------------------------

def test_backward_player_has_a_frame_per_edge_and_spells_out_the_chain_rule():
    o, _ = neuron()
    player = viz.step_through(o, mode="backward")
    graph = autograd.trace(o)
    assert len(player) == 1 + sum(len(n.parents) for n in graph)
    assert player.captions[0] == "start: do/do = 1"
    assert player.captions[1] == "do/dn += do/do · ∂o/∂n = 1 · 0.5 = 0.5"
    assert "do/dx1 += do/d%5 · ∂%5/∂x1 = 0.5 · (-3) = -1.5" in player.captions
    assert player.svg.startswith("<svg") and player.svg.count("<svg") == 1


def test_a_second_path_into_a_node_shows_the_sum():
    x = Value(3.0, label="x")
    y = x * x
    y.label = "y"
    player = viz.step_through(y)
    assert player.captions[1:] == ["dy/dx += dy/dy · ∂y/∂x = 1 · 3 = 3",
                                   "dy/dx += dy/dy · ∂y/∂x = 1 · 3 = 3; dy/dx = 3 + 3 = 6"]


def test_forward_player_computes_node_by_node():
    o, _ = neuron()
    player = viz.step_through(o, mode="forward")
    assert len(player) == 1 + 5
    assert player.captions[0].startswith("inputs: x1 = 2, w1 = -3")
    assert player.captions[1] == "%5 = x1 * w1 = 2 * (-3) = -6"
    # the example: at 4 significant digits this read -6 + 6.881 = 0.8814
    assert player.captions[4] == "n = %7 + b = -6 + 6.8814 = 0.8814"
    assert player.captions[-1] == "o = tanh(n) = tanh(0.8814) = 0.7071"
    texts = ["".join(t.itertext()) for t in ET.fromstring(player.svg).iter(f"{SVG}text")]
    assert "data ?" in texts and "data 0.7071" not in texts     # frame 0: o not computed


def test_captions_use_the_names_of_the_listing():
    o, _ = neuron()
    listing = str(autograd.trace(o))
    for caption in viz.step_through(o, mode="forward").captions[1:]:
        name = caption.split(" = ")[0]
        assert re.search(rf"^{re.escape(name)} = |\[{re.escape(name)}\]$", listing, re.M) \
            or f"{name} = " in listing, name


EVAL = {"tanh": math.tanh, "exp": math.exp, "log": math.log, "σ": lambda a: 1 / (1 + math.exp(-a)),
        "Σ": lambda *a: sum(a), "dot": lambda *a: sum(a[i] * a[i + 1] for i in range(0, len(a), 2)),
        "ReLU": lambda a: max(a, 0.0), "__builtins__": {}}


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def redo(numbers: str, nudge: tuple[int, float] = (-1, 0.0)) -> float:
    """The caption's arithmetic on the numbers as shown (one of them nudged)."""
    count = iter(range(10_000))

    def number(m):
        i = next(count)
        return repr(float(m.group()) + (nudge[1] if i == nudge[0] else 0.0))

    expression = NUMBER.sub(number, numbers).replace("·", "*")
    return eval(expression, EVAL)   # noqa: S307 - our own caption, names limited to EVAL


def precision(text: str, places: int) -> tuple[int, int, float]:
    """A shown number's decimals; the decimals it may have at ``places`` (that many
    from 1 on, that many significant digits below 1); half its last digit's unit."""
    mantissa, _, exponent = text.lstrip("-").partition("e")
    decimals = shown_decimals(mantissa) - int(exponent or 0)
    value = abs(float(text))
    allowed = places if value >= 1 or value == 0 else \
        places - 1 - math.floor(math.log10(value))
    return decimals, max(places, allowed), 0.5 * 10.0 ** -decimals


def check_arithmetic(numbers: str, result: str, places: int) -> None:
    """Every number shown at ``places`` decimals, or below 1 at ``places`` significant
    digits (in a sum: all at the most decimals any of them has); a sum redone on the
    numbers shown gives the result shown; any other result is right to within the
    rounding of the numbers it is computed from."""
    shown = NUMBER.findall(numbers)
    found = [precision(n, places) for n in shown + [result]]
    value = redo(numbers)
    unit = found[-1][2]
    if "*" not in numbers and "·" not in numbers and "(" not in numbers.replace("(-", ""):
        most = max(allowed for _, allowed, _ in found)
        assert all(decimals <= most for decimals, _, _ in found), (numbers, result)
        assert abs(value - float(result)) <= unit + 1e-15, (numbers, result)   # a sum
        return
    assert all(decimals <= allowed for decimals, allowed, _ in found), (numbers, result)
    spread = sum(abs(redo(numbers, (i, found[i][2])) - value) for i in range(len(shown)))
    assert abs(value - float(result)) <= unit + spread + 1e-12, (numbers, result)


def vanishing():
    """A saturated tanh and a chain of sigmoids: gradients of 1e-3 and below."""
    x = Value(-4.0, label="x")
    h = x.tanh()
    for _ in range(4):
        h = h.sigmoid()
    loss = h * 2 - 1
    loss.label = "loss"
    loss.backward()
    return loss


@pytest.mark.parametrize("which", ["neuron", "mlp", "vanishing"])
def test_every_caption_adds_up_as_shown_and_small_numbers_keep_their_digits(which):
    if which == "neuron":
        root = neuron()[0]
    elif which == "vanishing":
        root = vanishing()
    else:
        model = nn.MLP(2, [3, 1], activation="tanh", seed=1)
        root = (model([Value(1.0), Value(0.0)]) - 1.0) ** 2
        root.backward()
    for mode in ("backward", "forward"):
        player = viz.step_through(root, mode=mode)
        for caption in player.captions[1:]:
            for clause in caption.split("; "):
                *_, numbers, result = clause.split(" = ")
                check_arithmetic(numbers, result, player.places)
    if which == "vanishing":        # tanh'(-4) = 0.001341, not 0.0013, in captions and boxes
        player = viz.step_through(root)
        assert any("· 0.001341 =" in c for c in player.captions)
        grads = [row[1] for f in player.frames for row in f.rows.values()]
        x = autograd.trace(root).inputs[0].value
        assert f"{x.grad:.4g}" in grads and abs(x.grad) < 1e-3


# ---- one layout, one colour scale ----------------------------------------------------------

def test_one_svg_for_every_frame():
    o, _ = neuron()
    player = viz.step_through(o)
    svg = ET.fromstring(player.svg)
    boxes = [g for g in svg.iter(f"{SVG}g")
             if g.get("class") == "node" and g.get("data-tg", "").startswith("v")]
    assert len(boxes) == 10
    for frame in player.frames[1:]:
        assert set(frame.rows) <= {g.get("data-tg") for g in boxes}
        assert all(row[0] is None for row in frame.rows.values())   # data never changes


def test_colour_scale_is_fixed_by_the_largest_gradient_of_the_pass():
    o, _ = neuron()
    graph = autograd.trace(o)
    scale = max([1.0] + [abs(s.parent_grad) for s in graph.backward_steps()])
    player = viz.step_through(o)
    assert player.scale == scale
    # every box filled by its gradient on that one scale, in every frame it changes
    for frame in player.frames:
        for _data, grad, fill, ink in frame.rows.values():
            assert fill == palette.fill(float(grad), scale)
            assert palette.contrast(ink, fill) >= 4.5
    assert [t for t, _ in player.legend] == ["-1.5", "-0.75", "0", "0.75", "1.5"]
    html = player.html_block()
    assert html.count('class="tg-legend"') == 1
    log = viz.step_through(o, colour="log")
    assert log.legend[1][0] == "-0.015"           # the middle of four decades below 1.5
    assert viz.step_through(o, colour=False).legend is None


# ---- escaping, page, errors --------------------------------------------------------------------

TOKENS = list('<>&"{|}\\\n\'ab x/=;') + ["script", "<script>", "</script>", "&amp;", "\u2028"]
hostile = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8).map("".join) \
    .filter(lambda s: s.strip())


@settings(max_examples=10, deadline=None)
@given(hostile)
def test_no_script_injection_through_a_label_into_the_player(label):
    x = Value(1.5, label=label)
    y = (x * 2).tanh()
    y.label = label + "</script><script>alert(1)</script>"
    for quiz in (False, True):
        page = viz.step_through(y, quiz=quiz).html_block()
        assert page.count("<script") == 1 and page.count("</script>") == 1
        assert "\u2028" not in page.split("<script>")[1]


def test_saved_player_is_one_offline_page(tmp_path):
    o, _ = neuron()
    path = viz.step_through(o).save(tmp_path / "steps.html")
    page = path.read_text()
    assert page.startswith("<!DOCTYPE html>") and "root.focus();" in page
    assert "src=" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r'href="https?:', page)
    block = viz.step_through(o)._repr_html_()
    assert block.startswith('<div class="tg-player"')
    player = viz.step_through(o)
    assert player.html_block() != player.html_block()    # a fresh id each time it is shown


def test_bad_arguments_are_named():
    o, _ = neuron()
    with pytest.raises(ValueError, match="mode"):
        viz.step_through(o, mode="sideways")
    with pytest.raises(ValueError, match="max_steps"):
        viz.step_through(o, max_steps=3)
    with pytest.raises(ValueError, match="colour"):
        viz.step_through(o, colour="rainbow")
    with pytest.raises(ValueError, match="places"):
        viz.step_through(o, places=-1)
    with pytest.raises(ValueError, match="tolerance"):
        viz.step_through(o, quiz=True, tolerance=0)
    with pytest.raises(TypeError, match="style"):
        viz.step_through(o, style=viz.Style())


def test_quiz_frames_carry_the_question_answer_and_tolerance():
    o, _ = neuron()
    quiz = viz.step_through(o, quiz=True)
    step = quiz.frames[-2]                              # x1's contribution through %5
    assert step.question == "do/d%5 · ∂%5/∂x1 = ? (what %5 passes back to x1)"
    assert step.answer == pytest.approx(-1.5) and step.tolerance == pytest.approx(0.015)
    forward = viz.step_through(o, mode="forward", quiz=True)
    assert forward.frames[1].question == "%5 = x1 * w1 = ?" and forward.frames[1].answer == -6
    assert '"q": "%5 = x1 * w1 = ?"' in forward.html_block()
    assert '"q":' not in viz.step_through(o).html_block()     # no quiz: no questions sent


def test_quiz_never_takes_0_or_the_wrong_sign_for_a_small_answer():
    a, b = Value(2.0, label="a"), Value(0.003, label="b")
    y = a * b
    y.label = "y"
    y.backward()
    quiz = viz.step_through(y, quiz=True)
    small = next(f for f in quiz.frames[1:] if f.answer == pytest.approx(0.003))   # dy/da
    assert abs(0.0 - small.answer) > small.tolerance            # typing 0 is wrong
    assert abs(-0.003 - small.answer) > small.tolerance         # so is the wrong sign
    assert abs(0.0029 - small.answer) <= small.tolerance        # rounding is forgiven
    big = next(f for f in quiz.frames[1:] if f.answer == pytest.approx(2.0))       # dy/db
    assert big.tolerance == pytest.approx(0.02)
    zero = Value(0.0, label="z") * Value(5.0, label="w")
    zero.backward()
    frames = viz.step_through(zero, quiz=True).frames[1:]
    assert next(f for f in frames if f.answer == 0.0).tolerance == pytest.approx(0.01)
