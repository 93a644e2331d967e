"""The gradient-flow chart: lines per layer across epochs on a log axis over the whole
range, the per-layer picture of one epoch, clear errors; matplotlib imported lazily."""

import re
import subprocess
import sys

import pytest
from matplotlib.colors import to_rgba

import nn
import viz


@pytest.fixture(scope="module")
def deep_sigmoid():
    X, y = nn.data.moons(20, seed=0)
    model = nn.MLP(2, [6] * 6 + [1], activation="sigmoid", seed=0)
    return nn.fit(model, X, y, loss="mse", epochs=4, verbose=False)


def texts(chart) -> str:
    return chart.svg      # matplotlib writes each text as a path preceded by a comment


def test_lines_per_layer_across_epochs_on_a_log_axis_over_all_the_data(deep_sigmoid, tmp_path):
    chart = viz.flow(deep_sigmoid)
    across, per_layer, activation = chart.figure.axes[:3]
    names = list(deep_sigmoid.epochs[0]["layers"])
    lines = [line for line in across.get_lines() if not line.get_label().startswith("_")]
    shown = [f"mlp.layer{i}" for i in range(7)]                   # named as in diagrams
    assert [line.get_label() for line in lines] == shown            # one line per layer
    assert all(len(line.get_xdata()) == 4 for line in lines)
    assert across.get_yscale() == "log" and per_layer.get_yscale() == "log"
    norms = [e["layers"][n]["grad_norm"] for e in deep_sigmoid.epochs for n in names]
    low, high = across.get_ylim()
    assert low < min(norms) and max(norms) < high and high / low < 3 * max(norms) / min(norms)
    assert per_layer.get_ylim() == (low, high)
    points = per_layer.collections[0].get_facecolors()             # in each line's colour
    assert [tuple(p) for p in points] == [to_rgba(line.get_color()) for line in lines]
    bars = [c.get_color() for c in activation.get_lines() if c.get_marker() == "o"]
    assert [to_rgba(c) for c in bars] == [to_rgba(line.get_color()) for line in lines]
    svg = texts(chart)
    for label in ("gradient norm of each layer, by epoch", "epoch", "gradient norm (log scale)",
                  "gradient norm per layer, epoch 1", "activation mean ± std per layer, epoch 1",
                  "mlp.layer0", "mlp.layer6"):
        assert label in svg, label
    # vanishing gradients at a glance: the first layer's norm far below the last's
    first, last = (deep_sigmoid.epochs[0]["layers"][n]["grad_norm"]
                   for n in (names[0], names[-1]))
    assert low < first < last / 10 < high
    assert chart.save(tmp_path / "flow.svg").read_text().startswith("<?xml")
    assert chart.save(tmp_path / "flow.png").read_bytes().startswith(b"\x89PNG")


def test_chosen_epoch(deep_sigmoid):
    assert "gradient norm per layer, epoch 3" in texts(viz.flow(deep_sigmoid, epoch=2))
    assert "epoch 4" in texts(viz.flow(deep_sigmoid, epoch=-1))
    with pytest.raises(ValueError, match="epoch=9 is outside the 4 epochs"):
        viz.flow(deep_sigmoid, epoch=9)


def test_flow_of_a_model_needs_gradients_and_says_so():
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match=r"gradients are all 0.*loss.backward\(\)"):
        viz.flow(model)
    model([0.1, 0.2]).backward()
    chart = viz.flow(model)
    assert chart.figure.axes[0].get_yscale() == "log"
    assert "gradient norm per layer (after backward)" in texts(chart)
    with pytest.raises(TypeError, match="History or an nn model"):
        viz.flow(3)
    with pytest.raises(ValueError, match="no epochs"):
        viz.flow(nn.History())


def test_importing_viz_does_not_import_matplotlib():
    code = ("import sys, autograd, nn, viz; before = 'matplotlib' in sys.modules; "
            "model = nn.MLP(2, [2, 1], seed=0); model([0.1, 0.2]).backward(); viz.flow(model); "
            "print(before, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_layers_are_named_as_in_diagrams_not_as_state_dict_keys():
    model = nn.MLP(2, [3, 2, 1], seed=0)
    model([0.1, 0.2]).backward()
    clusters = re.findall(r'label=<(mlp\.layer\d)>', viz.draw(model, group_scopes=2).source)
    ticks = [t.get_text() for t in viz.flow(model).figure.axes[0].get_xticklabels()]
    assert ticks == clusters == ["mlp.layer0", "mlp.layer1", "mlp.layer2"]
    X, y = nn.data.xor()
    history = nn.fit(model, X, y, epochs=1, verbose=False)
    assert list(history.epochs[0]["layers"]) == ["layers.0", "layers.1", "layers.2"]  # data keys
    assert history.scopes["layers.1"] == "mlp.layer1"
    assert "layers.0.neurons.0.w.0" in model.state_dict()        # PyTorch's names unchanged
    labels = [line.get_label() for line in viz.flow(history).figure.axes[0].get_lines()]
    assert labels[:3] == clusters
