"""nn.Module, Neuron, Layer, MLP: names, modes, state, saving, initialisers, scopes."""

import json
import math
import random

import numpy as np
import pytest

import autograd
import nn
from autograd import Value
from nn import MLP, Layer, ModelFormatError, Neuron


def test_named_parameters_are_dotted_and_in_order():
    model = MLP(3, [4, 2], seed=0)
    names = [n for n, _ in model.named_parameters()]
    assert names[0] == "layers.0.neurons.0.w.0" and names[3] == "layers.0.neurons.0.b"
    assert names[-1] == "layers.1.neurons.1.b"
    assert len(names) == len(set(names)) == (3 + 1) * 4 + (4 + 1) * 2
    assert [p for _, p in model.named_parameters()] == model.parameters()
    assert isinstance(model.parameters(), list)


def test_forward_matches_a_hand_computation():
    neuron = Neuron(2, "tanh", seed=0)
    w, b = [p.data for p in neuron.w], neuron.b.data
    out = neuron([0.5, -1.5])
    assert out.data == pytest.approx(math.tanh(w[0] * 0.5 - w[1] * 1.5 + b))
    relu = Neuron(2, seed=1)
    assert relu([1.0, 1.0]).data == max(0.0, sum(p.data for p in relu.w))


@pytest.mark.parametrize("name", list(nn.ACTIVATIONS))
def test_every_activation_is_a_layer_option(name):
    layer = Layer(2, 3, name, seed=0)
    out = layer([0.3, -0.8])
    assert len(out) == 3 and all(isinstance(v, Value) for v in out)
    sum(out).backward()
    assert all(isinstance(p.grad, float) for p in layer.parameters())


def test_micrograd_defaults_relu_hidden_linear_output_and_single_values():
    model = MLP(2, [3, 1], seed=0)
    assert [n.activation for n in model.layers[0].neurons] == ["relu"] * 3
    assert model.layers[1].neurons[0].activation == "linear"
    assert isinstance(model([1.0, 2.0]), Value)
    assert isinstance(Layer(2, 1)([1.0, 2.0]), Value)
    assert isinstance(Layer(2, 2)([1.0, 2.0]), list)
    assert Neuron(2, nonlin=False).activation == "linear"


def test_seeds_are_reproducible_and_generators_accepted():
    a, b = MLP(2, [5, 1], seed=7), MLP(2, [5, 1], seed=7)
    assert a.state_dict() == b.state_dict()
    assert MLP(2, [5, 1], seed=8).state_dict() != a.state_dict()
    g1, g2 = np.random.default_rng(3), np.random.default_rng(3)
    assert MLP(2, [5, 1], seed=g1).state_dict() == MLP(2, [5, 1], seed=g2).state_dict()
    random.seed(11)
    c = MLP(2, [5, 1])
    random.seed(11)
    assert MLP(2, [5, 1]).state_dict() == c.state_dict()   # python's random, as micrograd


def test_initialiser_scales():
    fan_in, fan_out = 400, 300
    xavier = Layer(fan_in, fan_out, init="xavier", seed=0).parameters()
    he = Layer(fan_in, fan_out, init="he", seed=0).parameters()
    w_x = np.array([p.data for p in xavier if p.data != 0.0])    # weights, not biases
    w_h = np.array([p.data for p in he if p.data != 0.0])
    assert abs(w_x).max() <= math.sqrt(6 / (fan_in + fan_out))
    assert w_x.std() == pytest.approx(math.sqrt(2 / (fan_in + fan_out)), rel=0.05)
    assert w_h.std() == pytest.approx(math.sqrt(2 / fan_in), rel=0.05)
    with pytest.raises(ValueError, match="unknown initialiser 'zeros'"):
        Neuron(2, init="zeros")


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        Neuron(2, "swish")
    with pytest.raises(ValueError, match="expected 2 inputs, got 3"):
        MLP(2, [1], seed=0)([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="at least one layer"):
        MLP(2, [])
    with pytest.raises(ValueError, match="positive int"):
        Neuron(0)
    with pytest.raises(TypeError, match="seed"):
        MLP(2, [1], seed="x")


def test_zero_grad_train_eval():
    model = MLP(2, [2, 1], seed=0)
    model([1.0, 1.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    model.eval()
    assert not any(m.training for m in model.modules())
    model.train()
    assert all(m.training for m in model.modules())


def test_modules_open_scopes_named_after_their_place():
    model = MLP(2, [2, 1], seed=0)
    groups = autograd.trace(model([1.0, -1.0])).by_scope()
    assert "mlp.layer0.neuron1" in groups and "mlp.layer1.neuron0" in groups
    assert all(n.op is None for n in groups[""])   # only the parameters are outside


def test_state_dict_round_trip_and_rejection_leaves_model_unchanged():
    model, other = MLP(2, [3, 1], seed=0), MLP(2, [3, 1], seed=1)
    other.load_state_dict(model.state_dict())
    assert other.state_dict() == model.state_dict()
    before = other.state_dict()
    bad = dict(before)
    bad["layers.0.neurons.0.w.0"] = float("nan")
    with pytest.raises(ModelFormatError, match="finite number"):
        other.load_state_dict(bad)
    wrong_shape = MLP(2, [4, 1], seed=0).state_dict()
    with pytest.raises(ModelFormatError, match="unexpected"):
        other.load_state_dict(wrong_shape)
    with pytest.raises(ModelFormatError, match="missing"):
        other.load_state_dict({k: v for k, v in before.items() if not k.endswith(".b")})
    assert other.state_dict() == before


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_save_load_round_trip_gives_identical_predictions(tmp_path, suffix):
    model = MLP(2, [4, 4, 1], seed=0)
    path = model.save(tmp_path / f"model{suffix}")
    copy = MLP(2, [4, 4, 1], seed=99)
    copy.load(path)
    for x in ([0.1, 0.2], [-1.0, 3.0], [2.5, -0.5]):
        assert copy(x).data == model(x).data


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_corrupt_or_mismatched_files_raise_and_change_nothing(tmp_path, suffix):
    model = MLP(2, [3, 1], seed=0)
    before = model.state_dict()
    corrupt = tmp_path / f"corrupt{suffix}"
    corrupt.write_bytes(b"\x00garbage")
    with pytest.raises(ModelFormatError, match=f"cannot read corrupt{suffix}: ."):
        model.load(corrupt)
    mismatched = MLP(2, [5, 1], seed=0).save(tmp_path / f"other{suffix}")
    with pytest.raises(ModelFormatError, match="does not fit"):
        model.load(mismatched)
    assert model.state_dict() == before


def test_json_model_files_are_plain_data_and_npz_is_loaded_without_pickle(tmp_path):
    model = MLP(1, [1], seed=0)
    data = json.loads(model.save(tmp_path / "m.json").read_text())
    assert data["format"] == "tracegrad.model" and set(data["parameters"]) == {
        "layers.0.neurons.0.w.0", "layers.0.neurons.0.b"}
    np.savez(tmp_path / "evil.npz", **{"layers.0.neurons.0.w.0": np.array([object()]),
                                        "layers.0.neurons.0.b": np.float64(0.0)})
    with pytest.raises(ModelFormatError, match="cannot read evil.npz: Object arrays"):
        model.load(tmp_path / "evil.npz")
    with pytest.raises(ValueError, match=".json or .npz"):
        model.save(tmp_path / "m.pkl")


def test_softmax_and_stable_log_softmax():
    xs = [Value(1.0), Value(2.0), Value(3.0)]
    probs = nn.softmax(xs)
    e = [math.exp(x) for x in (1.0, 2.0, 3.0)]
    assert [p.data for p in probs] == pytest.approx([v / sum(e) for v in e])
    big = [Value(1000.0), Value(1001.0)]
    log_p = nn.log_softmax(big)
    assert [v.data for v in log_p] == pytest.approx([-1.3132617, -0.3132617])
    log_p[0].backward()
    assert big[0].grad == pytest.approx(1 - 1 / (1 + math.e))
    assert sum(p.data for p in nn.softmax(big)) == pytest.approx(1.0)


def test_data_generators_are_seedable_and_shaped():
    for make in (nn.data.moons, nn.data.circles):
        X, y = make(50, seed=3)
        X2, _ = make(50, seed=3)
        assert X.shape == (50, 2) and set(y.tolist()) == {-1.0, 1.0} and (X == X2).all()
    X, y = nn.data.xor()
    assert y.tolist() == [-1.0, 1.0, 1.0, -1.0]
    X, y = nn.data.spirals(90, classes=3, seed=0)
    assert X.shape == (90, 2) and sorted(set(y.tolist())) == [0.0, 1.0, 2.0]
    X, y = nn.data.blobs(60, centers=4, seed=0)
    assert X.shape == (60, 2) and len(set(y.tolist())) == 4
    X, y = nn.data.regression(30, seed=0)
    assert X.shape == (30, 1) and y.shape == (30,)
    seen = [len(xb) for xb, _ in nn.data.batches(X, y, 8, seed=0)]
    assert seen == [8, 8, 8, 6]
    rows = np.concatenate([xb for xb, _ in nn.data.batches(X, y, 8, seed=0)])
    assert sorted(rows[:, 0].tolist()) == sorted(X[:, 0].tolist())
    with pytest.raises(ValueError, match="rows"):
        next(nn.data.batches(X, y[:3], 2))
