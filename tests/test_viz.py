"""viz: DOT source, SVG from the real dot, errors, scopes, escaping (the player: test_player.py,
test_player_browser.py; the flow chart: test_flow.py)."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import nn
import viz
from autograd import Value, examples

SVG = "{http://www.w3.org/2000/svg}"


def neuron():
    o, inputs = examples.neuron()
    o.backward()
    return o, inputs


def svg_texts(svg: str) -> list[str]:
    """The text of every SVG text element; dot writes runs of spaces with no-break spaces."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()).replace("\xa0", " ") for t in root.iter(f"{SVG}text")]


# ---- DOT source ----------------------------------------------------------------------------

def test_one_box_per_value_and_one_node_per_op():
    o, _ = neuron()
    source = viz.draw(o).source
    assert source.count("shape=box ") == 10           # 5 inputs + 5 op results
    assert source.count("shape=circle") == 5          # mul, mul, add, add, tanh
    assert "<td>o</td><td>data 0.7071</td><td>grad 1</td>" in source
    assert "<td>x1</td><td>data 2</td><td>grad -1.5</td>" in source
    assert "label=<tanh>" in source and "label=<*>" in source and "label=<+>" in source
    assert "rankdir=LR" in source


def test_options_digits_grad_local_rankdir_highlight():
    o, (x1, *_rest) = neuron()
    source = viz.draw(o, digits=2, show_grad=False, show_local=True, rankdir="TB",
                      highlight=[x1]).source
    assert "data 0.71" in source and "grad" not in source.replace("label=grad", "")
    assert "rankdir=TB" in source
    # the local derivative of tanh is 1 - o^2 = 0.5; of x1 in x1*w1 it is w1 = -3
    assert "label=<∂ 0.5>" in source and "label=<∂ -3>" in source
    assert re.search(r'v0 \[label=.*color="#ff8c00".*penwidth=3', source)


def test_constants_are_small_literal_nodes():
    x = Value(1.0, label="x")
    source = viz.draw(2 - x * 3).source
    assert source.count("shape=plaintext") == 2 and "label=<3>" in source


def test_colour_by_gradient_sign_and_magnitude_with_a_legend():
    a, b = Value(1.0, label="a"), Value(1.0, label="b")
    out = a * 2 - b * 4                     # d/da = 2 (positive), d/db = -4 (negative)
    out.backward()
    source = viz.draw(out, colour=True).source
    fill = dict(re.findall(r'<td>(\w)</td>.*?fillcolor="(#[0-9a-f]{6})"', source))
    assert fill["a"] == viz.gradient_colour(2.0, 4.0) and fill["a"].startswith("#ff")
    assert fill["b"] == "#0000ff"           # the most negative gradient: full blue
    assert "cluster_legend" in source and 'bgcolor="#ff0000">4<' in source
    assert "cluster_legend" not in viz.draw(out).source
    assert viz.gradient_colour(0.0, 4.0) == "#ffffff"
    assert viz.gradient_colour(math.nan, 4.0) == "#ffffff"


def test_group_scopes_and_collapse():
    model = nn.MLP(2, [2, 1], seed=0)
    out = model([1.0, -1.0])
    source = viz.draw(out, group_scopes=True).source
    for scope in ("mlp.layer0.neuron0", "mlp.layer0.neuron1", "mlp.layer1.neuron0"):
        assert f"label=<{scope}>" in source
    by_layer = viz.draw(out, group_scopes=2).source
    assert "label=<mlp.layer0>" in by_layer and "label=<mlp.layer1>" in by_layer
    assert "neuron" not in by_layer and by_layer.count("subgraph cluster_") == 2
    full = viz.draw(out).source.count("shape=box ")
    collapsed = viz.draw(out, group_scopes=True, collapse=["mlp.layer0"]).source
    assert "shape=box3d" in collapsed and "<b>mlp.layer0</b>" in collapsed
    assert collapsed.count("shape=box ") < full
    assert re.search(r'"box_mlp.layer0" -> op\d+', collapsed)   # edges into the rest
    one_box = viz.draw(out, collapse="mlp")
    assert one_box.source.count("shape=box3d") == 1


def test_max_nodes_is_a_clear_error_not_a_hang():
    model = nn.MLP(2, [16, 16, 1], seed=0)
    out = model([0.5, 0.5])
    with pytest.raises(viz.GraphTooLargeError) as info:
        viz.draw(out, max_nodes=50)
    message = str(info.value)
    assert "more than max_nodes=50" in message and "collapse=[...]" in message
    assert "largest scopes: 'mlp' (" in message and "'mlp.layer1' (" in message
    assert viz.draw(out, max_nodes=50, collapse=["mlp"]).source.count("box3d") == 1
    x = Value(0.5)
    y = x
    for _ in range(200_000):
        y = y * 1.0
    with pytest.raises(viz.GraphTooLargeError, match="no scopes"):
        viz.draw(y)


def test_bad_arguments():
    with pytest.raises(TypeError, match="expected a Value"):
        viz.draw(3.0)
    with pytest.raises(ValueError, match="rankdir"):
        viz.draw(Value(1.0), rankdir="XY")
    with pytest.raises(ValueError, match="digits"):
        viz.draw(Value(1.0), digits=0)


# ---- rendering with the real dot, Jupyter ----------------------------------------------------

@pytest.mark.parametrize("suffix, magic", [(".svg", b"<?xml"), (".png", b"\x89PNG"),
                                           (".pdf", b"%PDF")])
def test_render_writes_the_file_and_returns_its_path(tmp_path, suffix, magic):
    o, _ = neuron()
    path = viz.render(o, tmp_path / "out" / f"graph{suffix}", colour=True)
    assert path == tmp_path / "out" / f"graph{suffix}" and path.read_bytes().startswith(magic)
    with pytest.raises(ValueError, match=".svg, .png or .pdf"):
        viz.render(o, tmp_path / "graph.gif")


def test_svg_from_dot_holds_the_labels_and_numbers():
    o, _ = neuron()
    texts = svg_texts(viz.draw(o).pipe(format="svg").decode())
    for expected in ("o", "data 0.7071", "grad 1", "x1", "tanh", "grad -1.5"):
        assert expected in texts


def test_missing_dot_says_how_to_install_graphviz(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))     # no dot on the PATH
    with pytest.raises(viz.GraphvizMissingError, match="apt-get install graphviz"):
        viz.render(Value(1.0), tmp_path / "g.svg")
    with pytest.raises(viz.GraphvizMissingError, match="brew install graphviz"):
        viz.step_through(Value(1.0) * 2)


def test_draw_displays_inline_in_jupyter_and_a_value_shows_its_repr():
    o, _ = neuron()
    bundle = viz.draw(o)._repr_mimebundle_()
    assert "image/svg+xml" in bundle and "<svg" in bundle["image/svg+xml"]
    assert not hasattr(o, "_repr_svg_") and not hasattr(o, "_repr_html_")   # documented


# ---- escaping ---------------------------------------------------------------------------------

TOKENS = list('<>&"{|}\\\n\'ab x/=;') + ["script", "<script>", "&amp;", "<br/>"]
hostile = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8).map("".join) \
    .filter(lambda s: s.strip())


@settings(max_examples=25, deadline=None)
@given(hostile)
@example("<  <")   # runs of spaces survive (found by hypothesis)
@example("\\\\")     # two backslashes stay two (found by hypothesis)
@example("a\\Nb \\G")  # no Graphviz escapes: not the node's or graph's name
def test_any_label_renders_correctly_in_dot_and_svg(label):
    x = Value(1.5, label=label)
    y = x * 2
    y.label = label
    y.backward()
    svg = viz.draw(y).pipe(format="svg").decode()
    texts = svg_texts(svg)                        # parses: the SVG is well formed
    for line in label.split("\n"):
        if line.strip():
            assert line.strip() in [t.strip() for t in texts]
    assert not list(ET.fromstring(svg).iter(f"{SVG}script"))
