"""viz: DOT source, SVG from the real dot, errors, scopes, escaping (the player and the flow
chart: test_player.py, test_player_browser.py, test_flow.py)."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import autograd
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


def render_svg(root, **options) -> str:
    return viz.draw(root, **options).pipe(format="svg").decode()


def _colour(value: str | None) -> str:
    named = {None: "#000000", "black": "#000000", "white": "#ffffff"}
    return named.get(value, value)


def svg_nodes(svg: str) -> dict[str, dict]:
    """Each drawn node by its DOT name: its texts (with font), fill, text colours and the
    bounding box of its shape (x0, y0, x1, y1)."""
    nodes = {}
    for g in ET.fromstring(svg).iter(f"{SVG}g"):
        if g.get("class") != "node":
            continue
        shape = next((e for e in g if e.tag in (f"{SVG}path", f"{SVG}polygon",
                                                 f"{SVG}ellipse")), None)
        box = None
        if shape is not None and shape.tag != f"{SVG}ellipse":
            numbers = [float(v) for v in re.findall(r"-?\d+\.?\d*",
                                                   shape.get("d") or shape.get("points"))]
            xs, ys = numbers[0::2], numbers[1::2]
            box = (min(xs), min(ys), max(xs), max(ys))
        texts = [t for t in g if t.tag == f"{SVG}text"]
        lines: list[str] = []     # a box's qualified name, `layer0.neuron1.` + `w1`, joined
        for t in texts:
            text = "".join(t.itertext()).replace("\xa0", " ")
            if lines and lines[-1].endswith(".") and t.get("font-weight") == "bold":
                lines[-1] += text
            else:
                lines.append(text)
        nodes[g.find(f"{SVG}title").text] = {
            "texts": lines,
            "elements": texts,
            "fill": _colour(shape.get("fill")) if shape is not None else None,
            "text_fills": {_colour(t.get("fill")) for t in texts},
            "box": box}
    return nodes


def svg_boxes(svg: str) -> dict[str, dict]:
    """The boxes of Values by the name they show (their first line)."""
    boxes = {}
    for key, node in svg_nodes(svg).items():
        if re.fullmatch(r"v\d+", key):
            node["text"] = next(iter(node["text_fills"]))
            boxes[node["texts"][0]] = node
    return boxes


def text_box(t: ET.Element) -> tuple[float, float, float, float]:
    """A text element's approximate extent: width 0.6 em per character, height 1 em."""
    size = float(t.get("font-size"))
    width = 0.6 * size * len("".join(t.itertext()))
    x, y = float(t.get("x")), float(t.get("y"))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[t.get("text-anchor")]
    return (left, y - 0.8 * size, left + width, y + 0.2 * size)


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def mlp_221():
    model = nn.MLP(2, [2, 1], activation="tanh", seed=0)
    out = model([Value(1.0, label="x0"), Value(-1.0, label="x1")])
    out.backward()
    return out


# ---- DOT source ----------------------------------------------------------------------------

def test_one_box_per_value_and_one_node_per_op():
    o, _ = neuron()
    source = viz.draw(o).source
    assert source.count("shape=box ") == 10           # 5 inputs + 5 op results
    assert source.count("shape=circle") == 5          # mul, mul, add, add, tanh
    assert "<tr><td><b>o</b></td></tr><tr><td>data 0.7071</td></tr><tr><td>grad 1</td>" \
        in source
    assert "<tr><td><b>x1</b></td></tr><tr><td>data 2</td></tr><tr><td>grad -1.5</td>" \
        in source
    assert "label=<tanh>" in source and "label=<*>" in source and "label=<+>" in source
    assert "rankdir=LR" in source


def test_options_digits_grad_local_rankdir_highlight():
    o, (x1, *_rest) = neuron()
    source = viz.draw(o, digits=2, show_grad=False, show_local=True, rankdir="TB",
                      highlight=[x1]).source
    assert "data 0.71" in source and "grad" not in source.replace("label=grad", "")
    assert "rankdir=TB" in source
    # the local derivative of tanh is 1 - o^2 = 0.5; of x1 in x1*w1 (node %5) it is w1 = -3
    assert "label=<∂o/∂n = 0.5>" in source and "label=<∂%5/∂x1 = -3>" in source
    assert re.search(r'v0 \[label=.*color="#ff8c00".*penwidth=3', source)


def test_constants_are_small_literal_nodes():
    x = Value(1.0, label="x")
    source = viz.draw(2 * x + 3).source     # + and * : the order does not matter
    assert source.count("shape=plaintext") == 2 and "label=<3>" in source


def test_colour_by_gradient_sign_and_magnitude_with_a_legend():
    a, b = Value(1.0, label="a"), Value(1.0, label="b")
    out = a * 2 - b * 4                     # d/da = 2 (positive), d/db = -4 (negative)
    out.backward()
    boxes = svg_boxes(render_svg(out, colour=True))
    red, blue = (int(boxes["a"]["fill"][k:k + 2], 16) for k in (1, 5))
    assert red > blue                       # positive: red side
    darkest = boxes["b"]["fill"]            # the most negative gradient: the dark blue end
    red, green, blue = (int(darkest[k:k + 2], 16) for k in (1, 3, 5))
    assert blue > 2 * red and blue < 0xff and darkest != "#0000ff"   # not pure blue
    assert boxes["b"]["text"] == "#ffffff"  # white text on it
    source = viz.draw(out, colour=True).source
    assert "cluster_legend" in source and ">-4<" in source and ">4<" in source
    assert "cluster_legend" not in viz.draw(out).source
    # the legend's frame hugs its swatches: no empty band under them
    svg = render_svg(out, colour=True)
    frame, swatches = (re.search(rf'<title>{t}</title>(.*?)</g>', svg, re.S).group(1)
                       for t in ("cluster_legend", "legend"))
    bottom = [max(float(p.split(",")[1]) for p in points.split())
              for points in (re.search(r'points="([^"]*)"', frame).group(1),
                             re.search(r'points="([^"]*)"', swatches).group(1))]
    assert bottom[0] - bottom[1] <= 10
    assert viz.gradient_colour(0.0, 4.0) == viz.gradient_colour(-0.0, 4.0)
    assert viz.gradient_colour(math.nan, 4.0) != viz.gradient_colour(0.0, 4.0)  # NaN: grey
    with pytest.raises(ValueError, match="colour is False, True, 'linear' or 'log'"):
        viz.draw(out, colour="rainbow")


def test_group_scopes_and_collapse():
    model = nn.MLP(2, [2, 1], seed=0)
    out = model([1.0, -1.0])
    source = viz.draw(out, group_scopes=True).source
    for scope in ("mlp.layer0.neuron0", "mlp.layer0.neuron1", "mlp.layer1.neuron0"):
        assert f"label=<{scope}>" in source
    by_layer = viz.draw(out, group_scopes=2).source
    assert "label=<mlp.layer0>" in by_layer and "label=<mlp.layer1>" in by_layer
    assert "label=<mlp.layer0.neuron" not in by_layer
    assert by_layer.count("subgraph cluster_") == 2
    full = viz.draw(out).source.count("shape=box ")
    collapsed = viz.draw(out, group_scopes=True, collapse=["mlp.layer0"]).source
    assert "shape=box3d" in collapsed and "<b>mlp.layer0</b>" in collapsed
    assert collapsed.count("shape=box ") < full
    assert re.search(r'box0 -> op\d+', collapsed)   # edges into the rest
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
    shown = viz.palette.visible(label) + "%0"     # as shown: cut at 48 chars, two of them
    for line in shown.split("\n"):
        if line.strip():
            assert line.strip() in [t.strip() for t in texts]
    assert not list(ET.fromstring(svg).iter(f"{SVG}script"))


# ---- readability: colour, contrast, font, names, edge labels --------------------------------

def simulate(colour: str, matrix) -> tuple[float, ...]:
    """A colour as seen with a colour-vision deficiency (Machado et al. 2009, severity 1)."""
    lin = [(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
           for c in (int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5))]
    return tuple(sum(m * c for m, c in zip(row, lin)) for row in matrix)


PROTAN = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
          (-0.003882, -0.048116, 1.051998))
DEUTAN = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
          (-0.011820, 0.042940, 0.968881))


@pytest.mark.parametrize("mode", ["linear", "log"])
def test_text_contrast_is_at_least_4_5_over_the_whole_scale(mode):
    scale = 3.0
    values = [scale * k / 1000 for k in range(-1000, 1001)] + [math.nan, math.inf, -math.inf]
    if mode == "log":
        values += [sign * scale * 10.0 ** (-k / 100) for k in range(600) for sign in (1, -1)]
    worst = min(viz.palette.contrast(viz.palette.text_colour(f), f)
                for f in (viz.palette.fill(v, scale, mode) for v in values))
    assert worst >= 4.5
    # the WCAG formula itself, on known pairs
    assert viz.palette.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert viz.palette.contrast("#000000", "#0000ff") == pytest.approx(2.44, abs=0.01)
    assert viz.palette.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_box_in_the_svg_has_readable_text():
    for root in (neuron()[0], mlp_221()):
        for mode in ("linear", "log"):
            boxes = svg_boxes(render_svg(root, colour=mode))
            assert len(boxes) >= 10
            for name, box in boxes.items():
                (text,) = box["text_fills"]
                assert viz.palette.contrast(text, box["fill"]) >= 4.5, name


def test_the_scale_is_diverging_and_colour_blind_safe():
    fill = viz.palette.fill
    for matrix in (None, PROTAN, DEUTAN):
        for t in (0.25, 0.5, 0.75, 1.0):
            neg, pos = fill(-t, 1.0), fill(t, 1.0)
            if matrix is None:
                neg_rgb = [int(neg[k:k + 2], 16) for k in (1, 3, 5)]
                pos_rgb = [int(pos[k:k + 2], 16) for k in (1, 3, 5)]
            else:
                neg_rgb, pos_rgb = simulate(neg, matrix), simulate(pos, matrix)
            # seen with or without red-green deficiency, negative reads blue, positive warm
            assert neg_rgb[2] > neg_rgb[0] and pos_rgb[0] > pos_rgb[2], (matrix, t)
    lum = [viz.palette.contrast(fill(k / 10, 1.0), "#000000") for k in range(0, 11)]
    assert lum == sorted(lum, reverse=True)      # darker as |grad| grows
    assert fill(-1.0, 1.0) not in ("#0000ff", "#000000")


def test_log_colour_shows_gradients_spanning_decades():
    small, big = Value(1.0, label="small"), Value(1.0, label="big")
    out = small * 1e-3 + big * 1.0          # d/dsmall = 1e-3, d/dbig = 1
    out.backward()
    zero = viz.palette.fill(0.0, 1.0)

    def tint(colour: str) -> int:           # distance from the colour of a zero gradient
        return sum(abs(int(colour[k:k + 2], 16) - int(zero[k:k + 2], 16)) for k in (1, 3, 5))

    linear = svg_boxes(render_svg(out, colour=True))
    log_svg = render_svg(out, colour="log")
    log = svg_boxes(log_svg)
    assert tint(linear["small"]["fill"]) < 5        # linear: 1e-3 looks like zero
    assert tint(log["small"]["fill"]) > 100         # log: three decades down is visible
    assert log["big"]["fill"] == linear["big"]["fill"]  # the top of the scale is the same
    assert "grad (log scale)" in svg_texts(log_svg)
    assert svg_nodes(log_svg)["legend"]["texts"] == ["-1", "-0.01", "0", "0.01", "1"]


def test_one_font_family_for_boxes_ops_edge_labels_and_legend():
    o, _ = neuron()
    svg = render_svg(o, colour=True, show_local=True, group_scopes=True)
    families = {t.get("font-family") for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert families == {viz.palette.FONT}
    kinds = svg_texts(svg)
    assert "tanh" in kinds and "grad" in kinds and "∂o/∂n = 0.5" in kinds


def test_every_node_is_named_by_its_label_or_its_listing_id():
    o, _ = neuron()
    graph = autograd.trace(o)
    listing = str(graph)
    names = set(svg_boxes(render_svg(o)))
    assert names == {n.label or f"%{n.id}" for n in graph}
    for n in graph:
        if not n.label:                     # an unlabelled node: the id its listing line has
            assert re.search(rf"^%{n.id} = \w+\(", listing, re.M)
            assert f"%{n.id}" in names and viz.palette.node_name(n) == f"%{n.id}"


@pytest.mark.parametrize("which", ["neuron", "mlp"])
def test_edge_labels_name_their_edge_and_never_overlap(which):
    root = neuron()[0] if which == "neuron" else mlp_221()
    graph = autograd.trace(root)
    for preset in (None, "notebook", "slide"):
        svg = render_svg(root, show_local=True, colour=True, group_scopes=True, preset=preset)
        nodes = svg_nodes(svg)
        labels = {k: v for k, v in nodes.items() if v["texts"] and v["texts"][0].startswith("∂")}
        assert len(labels) == sum(len(n.parents) for n in graph)
        # each label is written as the derivative it is: d(node)/d(argument) = local
        names = viz.palette.names(graph)     # w0 of neuron 1 of layer 0: layer0.neuron1.w0
        for n in graph:
            for a, local in zip(n.args, n.local_grads):
                if type(a) is int:
                    text = f"∂{names[n.id]}/∂{names[a]} = {local:.4g}"
                    assert text in [v["texts"][0] for v in labels.values()], text
        extents = [text_box(t) for v in labels.values() for t in v["elements"]]
        boxes = [v["box"] for k, v in nodes.items() if re.fullmatch(r"v\d+", k)]
        for i, a in enumerate(extents):
            assert not any(overlap(a, b) for b in extents[i + 1:]), (preset, a)
            assert not any(overlap(a, b) for b in boxes), (preset, a)
        # the edge runs through its label: one edge into it and one out of it
        titles = [t.text for t in ET.fromstring(svg).iter(f"{SVG}title")]
        for key in labels:
            assert sum(t.endswith("&gt;" + key) or t.endswith(">" + key) for t in titles) == 1
            assert sum(t.startswith(key + "-") for t in titles) == 1


# ---- size, presets, Jupyter -------------------------------------------------------------------

def svg_root(svg: str) -> ET.Element:
    return ET.fromstring(svg[svg.index("<svg"):])


def points(length: str) -> float:
    assert length.endswith("pt"), length
    return float(length[:-2])


def test_size_dpi_and_fontsize():
    o, _ = neuron()
    root = svg_root(render_svg(o, size=(4, 2)))
    width, height = points(root.get("width")), points(root.get("height"))
    assert width <= 4 * 72 + 1 and height <= 2 * 72 + 1
    assert max(width / (4 * 72), height / (2 * 72)) > 0.99         # "!": scaled to fit
    assert 'size="4,2!"' in viz.draw(o, size=(4, 2)).source
    big = svg_root(render_svg(o, size=(20, 10)))
    assert points(big.get("width")) > 19 * 72 or points(big.get("height")) > 9 * 72  # enlarged
    fonts = {t.get("font-size") for t in svg_root(render_svg(o, fontsize=20)).iter(f"{SVG}text")}
    assert "20.00" in fonts
    png72 = viz.draw(o, dpi=72).pipe(format="png")
    png144 = viz.draw(o, dpi=144).pipe(format="png")

    def pixels(png: bytes) -> tuple[int, int]:
        return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")

    assert pixels(png144)[0] == pytest.approx(2 * pixels(png72)[0], rel=0.02)
    # dpi is for bitmaps: the SVG's size does not change with it
    assert svg_root(render_svg(o, dpi=144)).get("width") == svg_root(render_svg(o)).get("width")
    for bad in ({"size": (0, 3)}, {"size": "big"}, {"dpi": 0}, {"fontsize": 1},
                {"preset": "poster"}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            viz.draw(o, **bad)


def test_slide_preset_fills_a_16_9_slide_with_large_type(tmp_path):
    o, _ = neuron()
    for options in ({}, {"show_local": True, "colour": True}, {"rankdir": "TB"}):
        svg = render_svg(o, preset="slide", **options)
        root = svg_root(svg)
        width, height = points(root.get("width")), points(root.get("height"))
        assert width / height == pytest.approx(16 / 9, rel=0.01)
        assert width <= 13.34 * 72 and height <= 7.51 * 72
        # the boxes' text on a 1280 x 720 slide, in pixels
        scale = float(re.search(r"scale\(([\d.]+)", svg).group(1))
        box_text = min(float(t.get("font-size")) for k, node in svg_nodes(svg).items()
                       if re.fullmatch(r"v\d+", k) for t in node["elements"])
        assert box_text * scale * 1280 / width >= 16, options
    png = viz.render(o, tmp_path / "slide.png", preset="slide").read_bytes()
    size = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert size[1] == 720 and 1260 <= size[0] <= 1280


def test_notebook_svg_scales_to_the_cell_and_never_overflows(tmp_path):
    o, _ = neuron()
    X, y = nn.data.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", seed=1)
    wide = model([Value(1.0, label="in0"), Value(0.0, label="in1")])
    wide.backward()
    for root, options in ((o, {"show_local": True, "colour": True}),
                          (wide, {"group_scopes": True, "show_local": True})):
        for preset in (None, "notebook"):
            shown = viz.draw(root, preset=preset, **options)._repr_mimebundle_()["image/svg+xml"]
            svg = svg_root(shown)
            assert svg.get("width") == "100%" and svg.get("height") is None
            assert len(svg.get("viewBox").split()) == 4
            style = svg.get("style")
            max_width = float(re.search(r"max-width:([\d.]+)pt", style).group(1))
            min_width = float(re.search(r"min-width:([\d.]+)pt", style).group(1))
            # shrunk at most until the boxes' text is 10 px (7.5 pt): then it scrolls
            box_pt = 12 if preset == "notebook" else 11
            assert min_width == pytest.approx(max_width * min(1, 7.5 / box_pt), abs=1)
        written = viz.render(root, tmp_path / "nb.svg", preset="notebook", **options)
        assert svg_root(written.read_text()).get("width") == "100%"
        png = viz.render(root, tmp_path / "nb.png", preset="notebook", **options).read_bytes()
        assert int.from_bytes(png[16:20], "big") <= 9.5 * 96 + 1   # a PNG: at most 9.5 in
    assert viz.draw(o).pipe(format="svg").decode().count('width="100%"') == 0  # plain dot SVG


def test_tall_layouts_with_rankdir_tb():
    o, _ = neuron()
    root = svg_root(render_svg(o, rankdir="TB"))
    assert points(root.get("height")) > points(root.get("width"))


# ---- nn modules --------------------------------------------------------------------------------

def test_draw_a_module_on_symbolic_inputs():
    model = nn.MLP(3, [2, 1], seed=0)
    svg = render_svg(model, group_scopes=2)
    boxes = svg_boxes(svg)
    for x in ("x0", "x1", "x2"):
        assert boxes[x]["texts"] == [x, "data ?"]             # an input: no number
    shown = [n["texts"] for n in svg_nodes(svg).values()]
    for scope, neuron_ in [("layer0.neuron0", model.layers[0].neurons[0]),
                           ("layer0.neuron1", model.layers[0].neurons[1]),
                           ("layer1.neuron0", model.layers[1].neurons[0])]:
        # parameters: numbers; the three w0 told apart by their scopes
        assert [f"{scope}.w0", f"data {neuron_.w[0].data:.4g}"] in shown
    assert any(t == "data ?" for n in svg_nodes(svg).values() if n["texts"][0].startswith("%")
               for t in n["texts"])                         # computed from x: no number
    assert all(not t.startswith("grad") for t in svg_texts(svg))
    assert "mlp.layer0" in svg_texts(svg) and "mlp.layer1" in svg_texts(svg)
    assert all(p.grad == 0.0 for p in model.parameters())  # drawing trains nothing
    with pytest.raises(TypeError, match=r"viz.draw\(model\("):
        viz.draw(nn.Dropout(0.5))


# ---- odd labels and scopes, graph size --------------------------------------------------------

@pytest.mark.parametrize("label, shown", [
    ("\x1b[31mloss\x1b[0m", "\\x1b[31mloss\\x1b[0m"),
    ("a\x00b\x07c\td", "a\\x00b\\x07c\\x09d"),
    ("end\ufffe\uffff", "end\\ufffe\\uffff"),
    ("lone\ud800x", "lone\\ud800x"),
    ("x" * 20_000, "x" * 47 + "…"),
    ("back\\slash:colon", "back\\slash:colon"),
])
def test_odd_labels_are_shown_visibly_and_never_break_dot(label, shown, tmp_path):
    x = Value(2.0, label=label)
    y = (x * 3).tanh()
    y.label = label
    y.backward()
    svg = render_svg(y, colour=True, show_local=True)
    texts = [t for n in svg_nodes(svg).values() for t in n["texts"]]
    assert f"{shown}%0" in texts and f"{shown}%2" in texts  # x's box and y's box, told apart
    assert f"∂%1/∂{shown}%0 = 3" in texts                   # the edge label names it too
    assert viz.palette.node_name(autograd.trace(y)[0]) == shown
    assert viz.render(y, tmp_path / "odd.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("parts", [["ends\\"], ["has:colon"], ["a:b", "c\\"], ["x\x1by"]])
def test_odd_scopes_collapse_into_one_box_without_phantoms(parts):
    x = Value(1.0, label="x")
    with autograd.scope(parts[0]):
        if len(parts) > 1:
            with autograd.scope(parts[1]):
                h = (x * 2).tanh()
        else:
            h = (x * 2).tanh()
    scope = ".".join(parts)
    out = h + 1
    out.label = "out"
    svg = render_svg(out, collapse=[scope], group_scopes=True)
    nodes = svg_nodes(svg)
    names = {k for k in nodes}
    # the scope (x, x*2, tanh: x is a parameter used only there), out, its + and its 1
    assert names == {"box0", "v3", "op3", "c3_1"}, names
    assert viz.palette.visible(scope) in svg_texts(svg) and "3 nodes" in svg_texts(svg)


def test_max_nodes_counts_constants_too():
    x = Value(1.0, label="x")
    big = autograd.sum([x] + [1.0] * 20_000)
    with pytest.raises(viz.GraphTooLargeError, match="20,003 nodes to draw"):
        viz.draw(big, max_nodes=1000)
    small = autograd.sum([x] + [1.0] * 10)
    assert viz.draw(small, max_nodes=13).source.count("shape=plaintext") == 10
    with pytest.raises(viz.GraphTooLargeError, match="13 nodes to draw"):
        viz.draw(small, max_nodes=12)
    # x, x*2, +1: 3 boxes, 2 ops, 2 constants, and with show_local 2 edge labels
    assert viz.draw(x * 2 + 1, max_nodes=7).source.count("label=") == 7
    with pytest.raises(viz.GraphTooLargeError, match="9 nodes to draw"):
        viz.draw(x * 2 + 1, max_nodes=8, show_local=True)


def test_nan_and_inf_gradients_are_drawn_without_spoiling_the_scale():
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    out = a * b
    out.label = "out"
    out.backward()                          # grads: out 1, a 2, b 1
    a.grad, b.grad = math.inf, math.nan
    boxes = svg_boxes(render_svg(out, colour=True))
    assert boxes["a"]["fill"] == viz.palette.fill(1.0, 1.0)      # inf: the red end
    assert boxes["b"]["fill"] == viz.palette.NAN_FILL            # NaN: grey, not "zero"
    assert boxes["out"]["fill"] == viz.palette.fill(1.0, 1.0)    # the finite grads set the scale


# ---- argument order and unique names ----------------------------------------------------------

def edge_labels(svg: str) -> dict[str, str]:
    """The label written on each edge into an op: {argument box: label text}. draw runs a
    labelled edge through its label node, `v0 -> d3 -> op2`."""
    nodes = svg_nodes(svg)
    titles = [g.find(f"{SVG}title").text for g in ET.fromstring(svg).iter(f"{SVG}g")
              if g.get("class") == "edge"]
    out = {}
    for t in titles:
        tail, _, head = t.partition("->")
        if re.fullmatch(r"d\d+", head):
            out[nodes[tail]["texts"][0]] = " ".join(nodes[head]["texts"])
    return out


def test_order_of_arguments_is_visible_for_minus_divide_and_power():
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    cases = {"1 −": 1 - a, "− 1": a - 1, "** 2": a ** 2, "2 **": 2 ** a, "2 /": 2 / a,
             "/ 4": a / 4}
    for text, root in cases.items():
        nodes = svg_nodes(render_svg(root))
        ops = [n["texts"] for k, n in nodes.items() if k.startswith("op")]
        assert ops == [[text]], (text, ops)            # the constant in the circle, in order
        assert not any(k.startswith("c") for k in nodes)   # and not beside it
    # two Values: each edge says which argument it is
    for root, first, second in ((a - b, "a", "b"), (b - a, "b", "a"), (b / a, "b", "a"),
                                (a ** b, "a", "b")):
        labels = edge_labels(render_svg(root))
        assert labels == {first: "1st", second: "2nd"}, labels
        assert edge_labels(render_svg(root, show_local=True))[second].startswith("2nd: ∂")
    # + and *: no clutter
    for root in (a + b, a * b, 3 * a + 1):
        svg = render_svg(root)
        assert edge_labels(svg) == {} and "1st" not in svg


def test_repeated_labels_are_told_apart_in_boxes_captions_and_gate():
    model = nn.MLP(2, [3, 1], activation="tanh", seed=1)
    out = model([Value(1.0, label="x0"), Value(0.0, label="x1")])
    loss = (out - 1.0) ** 2
    loss.label = "loss"
    loss.backward()
    names = [n["texts"][0] for k, n in svg_nodes(render_svg(loss)).items()
             if re.fullmatch(r"v\d+", k)]
    assert len(names) == len(set(names))              # every box's name is unique
    assert {"layer0.neuron0.w1", "layer0.neuron2.w1", "layer1.neuron0.w1", "layer0.neuron1.b",
            "x0", "loss"} <= set(names)
    assert "w1" not in names and "b" not in names and "w2" in names   # w2: only one
    captions = " ".join(viz.step_through(loss).captions)
    assert "dloss/dlayer0.neuron1.w1 +=" in captions and "dloss/dw1 " not in captions
    w = model.layers[0].neurons[1].w[1]
    gate = viz.gate(_user_of(loss, w), root=loss).pipe(format="svg").decode()
    shown = " ".join(svg_texts(gate))
    assert "dloss/dlayer0.neuron1.w1 = dloss/d%" in shown and "/∂layer0.neuron1.w1 =" in shown


def _user_of(root, value):
    """The node an op made from ``value``."""
    graph = autograd.trace(root)
    leaf = graph.node_of(value).id
    return next(n.value for n in graph if leaf in n.parents)
