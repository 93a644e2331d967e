"""nn under edge cases and bad input (issue 12 items 5-8, 10, 14, 15; issue 15 point 5):
PyTorch's loss and clipping semantics at the extremes, norms without overflow, model files
that fail cleanly, schedules and arguments checked up front, micrograd's ``nonlin``."""

import json
import math
import os
import random
import threading
import zipfile

import numpy as np
import pytest
from torch_parity import _torch, needs_torch

import nn
from autograd import Value
from nn import MLP, Layer, ModelFormatError, Neuron, schedules


def loss_and_grad(loss, x, t):
    v = Value(x)
    out = loss([v], [t])
    out.backward()
    return out.data, v.grad


def central_difference(loss, x, t, h):
    return (loss([Value(x + h)], [t]).data - loss([Value(x - h)], [t]).data) / (2 * h)


# ---- item 5: bce clamps the log at -100 and keeps a finite gradient, as PyTorch ----------

def test_bce_gives_a_confidently_wrong_probability_its_training_signal():
    value, grad = loss_and_grad(nn.bce, 1e-9, 1)
    assert value == pytest.approx(-math.log(1e-9), rel=1e-12)        # 20.72, not 16.1
    assert grad == pytest.approx(-1e9, rel=1e-6)                     # -1/p, not 0
    assert grad == pytest.approx(central_difference(nn.bce, 1e-9, 1, 1e-13), rel=1e-4)
    for p, t in ((0.0, 1), (1.0, 0)):                                # log(0): clamped at -100
        value, grad = loss_and_grad(nn.bce, p, t)
        assert value == 100.0
        assert math.isfinite(grad) and abs(grad) > 1e11 and (grad < 0) == (t == 1)
    assert loss_and_grad(nn.bce, 0.0, 0) == (0.0, 0.0)                # right and sure: nothing


def test_bce_matches_its_formula_and_finite_differences_inside_the_range():
    for p, t in ((0.3, 1), (0.3, 0), (0.8, 0.25), (1e-6, 0.5)):
        value, grad = loss_and_grad(nn.bce, p, t)
        assert value == pytest.approx(-(t * math.log(p) + (1 - t) * math.log(1 - p)), rel=1e-9)
        assert grad == pytest.approx((p - t) / (p * (1 - p)), rel=1e-9)
        assert grad == pytest.approx(central_difference(nn.bce, p, t, p * 1e-5), rel=1e-6)


@needs_torch
def test_bce_matches_pytorch_at_the_extremes():
    torch = _torch()
    for p in (0.0, 1e-300, 1e-50, 1e-13, 1e-12, 1e-9, 1e-7, 0.2, 0.5, 1 - 1e-7, 1 - 1e-13, 1.0):
        for t in (0.0, 0.3, 1.0):
            value, grad = loss_and_grad(nn.bce, p, t)
            x = torch.tensor([p], dtype=torch.float64, requires_grad=True)
            target = torch.tensor([t], dtype=torch.float64)
            ref = torch.nn.functional.binary_cross_entropy(x, target)
            ref.backward()
            # log(1 - p) near p = 0 is good to ~1e-16 absolute (the engine has no log1p)
            assert value == pytest.approx(ref.item(), rel=1e-9, abs=1e-15), (p, t)
            assert grad == pytest.approx(x.grad.item(), rel=1e-9), (p, t)


# ---- item 6: clipping keeps NaN visible, as PyTorch -----------------------------------------

def grads_of(*gs):
    ps = [Value(0.0, label=f"p{i}") for i in range(len(gs))]
    for p, g in zip(ps, gs):
        p.grad = g
    return ps


def same(xs, ys):
    return all((math.isnan(x) and math.isnan(y)) or x == y for x, y in zip(xs, ys, strict=True))


def test_clip_grad_value_leaves_nan_as_nan():
    ps = grads_of(3.0, math.nan, -math.inf, -0.5)
    nn.clip_grad_value(ps, 1.0)
    assert same([p.grad for p in ps], [1.0, math.nan, -1.0, -0.5])


def test_clip_grad_norm_spreads_a_nan_norm_or_raises_when_asked():
    ps = grads_of(3.0, math.nan, 4.0)
    assert math.isnan(nn.clip_grad_norm(ps, 1.0))
    assert all(math.isnan(p.grad) for p in ps)                    # not [3, nan, 4]
    ps = grads_of(3.0, math.inf, 4.0)
    assert nn.clip_grad_norm(ps, 1.0) == math.inf
    assert same([p.grad for p in ps], [0.0, math.nan, 0.0])
    for bad in (math.nan, math.inf):
        ps = grads_of(3.0, bad, 4.0)
        with pytest.raises(RuntimeError, match=r"norm is (nan|inf).*parameter 1 'p1'"):
            nn.clip_grad_norm(ps, 1.0, error_if_nonfinite=True)
        assert same([p.grad for p in ps], [3.0, bad, 4.0])          # nothing changed
    with pytest.raises(ValueError, match="max_norm"):
        nn.clip_grad_norm(grads_of(1.0), -1.0)
    with pytest.raises(ValueError, match="clip"):
        nn.clip_grad_value(grads_of(1.0), math.nan)


@needs_torch
def test_clipping_matches_pytorch_with_nan_and_inf():
    torch = _torch()
    cases = [(3.0, -4.0, 0.5), (3.0, math.nan, 4.0), (3.0, math.inf, 4.0),
             (math.inf, math.nan, 1.0), (0.1, 0.2, -0.05)]
    for gs in cases:
        theirs = [torch.nn.Parameter(torch.zeros(1, dtype=torch.float64)) for _ in gs]
        for p, g in zip(theirs, gs):
            p.grad = torch.tensor([g], dtype=torch.float64)
        norm = torch.nn.utils.clip_grad_norm_(theirs, 1.0).item()
        ours = grads_of(*gs)
        assert same([nn.clip_grad_norm(ours, 1.0)], [norm])
        assert [p.grad for p in ours] == pytest.approx([p.grad.item() for p in theirs],
                                                       rel=1e-12, nan_ok=True)
        for p, g in zip(theirs, gs):
            p.grad = torch.tensor([g], dtype=torch.float64)
        torch.nn.utils.clip_grad_value_(theirs, 1.0)
        ours = grads_of(*gs)
        nn.clip_grad_value(ours, 1.0)
        assert same([p.grad for p in ours], [p.grad.item() for p in theirs])


# ---- item 7: norms without overflow; fit survives huge gradients ------------------------------

def test_grad_norm_neither_overflows_nor_underflows():
    assert nn.grad_norm(grads_of(3e200, -4e200)) == pytest.approx(5e200, rel=1e-15)
    assert nn.grad_norm(grads_of(3e-200, 4e-200)) == pytest.approx(5e-200, rel=1e-15)
    assert nn.grad_norm(grads_of(1e308, 1e308)) == pytest.approx(math.sqrt(2) * 1e308)
    assert nn.grad_norm(grads_of(1.5e308, 1.5e308)) == math.inf      # the true norm overflows
    assert nn.grad_norm(grads_of(math.inf, math.nan)) != nn.grad_norm(grads_of(math.inf, 1.0))
    assert nn.grad_norm(grads_of(3e200, -4e200), norm_type=1) == pytest.approx(7e200)
    assert nn.grad_norm(grads_of(3e200, -4e200), norm_type=math.inf) == 4e200
    assert nn.grad_norm(grads_of(1e200, 1e200), norm_type=3) == pytest.approx(2 ** (1 / 3) * 1e200)
    assert nn.grad_norm([]) == 0.0
    ps = grads_of(3e200, -4e200)
    assert nn.clip_grad_norm(ps, 1.0) == pytest.approx(5e200)
    assert [p.grad for p in ps] == pytest.approx([0.6, -0.8], rel=1e-12)
    with pytest.raises(ValueError, match="norm_type"):
        nn.grad_norm(ps, norm_type=0)


@needs_torch
def test_p_norms_match_pytorch():
    torch = _torch()
    gs = [0.3, -1.2, 2.5, 0.0, -7.0]
    theirs = [torch.tensor([g], dtype=torch.float64) for g in gs]
    for norm_type in (1, 2, 3.5, math.inf):
        expected = torch.linalg.vector_norm(torch.cat(theirs), ord=norm_type).item()
        assert nn.grad_norm(grads_of(*gs), norm_type) == pytest.approx(expected, rel=1e-13)


def test_fit_keeps_training_when_gradients_pass_1e154():
    X, y = nn.data.xor()
    model = MLP(2, [3, 1], seed=0)

    def huge(predictions, targets):              # d loss / d output = 1e200
        return nn.mse(predictions, targets) * 0.0 + sum(predictions) * 1e200

    history = nn.fit(model, X, y, loss=huge, optimizer=nn.SGD(model.parameters(), lr=1e-250),
                     epochs=2, verbose=False)
    assert len(history) == 2
    norm = history["grad_norm"][0]
    assert 1e199 < norm < 1e203 and math.isfinite(norm)
    assert all(math.isfinite(layer["grad_norm"]) for layer in history.epochs[0]["layers"].values())


# ---- item 8: bce_with_logits keeps its value where t z cancels, as PyTorch's stable form -----

def test_bce_with_logits_keeps_its_digits_for_confident_right_answers():
    for z in (20.0, 40.0, 100.0, 700.0):
        for logit, t in ((z, 1), (-z, 0)):
            value, grad = loss_and_grad(nn.bce_with_logits, logit, t)
            assert value == pytest.approx(math.log1p(math.exp(-z)), rel=1e-12)   # not 0
            assert abs(grad) == pytest.approx(math.exp(-z) / (1 + math.exp(-z)), rel=1e-12)
            assert (grad < 0) == (t == 1)


def test_bce_with_logits_by_formula_and_finite_differences_around_zero():
    for z in (-3.0, -1e-3, 0.0, 1e-3, 3.0):
        for t in (0.0, 0.3, 1.0):
            value, grad = loss_and_grad(nn.bce_with_logits, z, t)
            sigmoid = 1 / (1 + math.exp(-z))
            expected = -(t * math.log(sigmoid) + (1 - t) * math.log(1 - sigmoid))
            assert value == pytest.approx(expected, rel=1e-12)
            assert grad == pytest.approx(sigmoid - t, rel=1e-12, abs=1e-15)   # at 0: 0.5 - t
            assert grad == pytest.approx(central_difference(nn.bce_with_logits, z, t, 1e-5),
                                         rel=1e-7, abs=1e-10)


@needs_torch
def test_bce_with_logits_matches_pytorch():
    torch = _torch()
    for z in [*np.linspace(-60, 60, 241).tolist(), -800.0, 800.0, 0.0]:
        for t in (0.0, 0.3, 1.0):
            value, grad = loss_and_grad(nn.bce_with_logits, z, t)
            x = torch.tensor([z], dtype=torch.float64, requires_grad=True)
            ref = torch.nn.functional.binary_cross_entropy_with_logits(
                x, torch.tensor([t], dtype=torch.float64))
            ref.backward()
            # torch computes (1 - t) z - log_sigmoid(z): it cancels to ~1e-16 |z| absolute
            # where ours does not, so compare within that
            assert value == pytest.approx(ref.item(), rel=1e-12, abs=4e-16 * (1 + abs(z))), (z, t)
            assert grad == pytest.approx(x.grad.item(), rel=1e-12, abs=1e-15), (z, t)


# ---- item 10: model files ------------------------------------------------------------------

@pytest.fixture
def model():
    return MLP(2, [3, 1], seed=0)


def member_data_offset(path, member):
    """Where a zip member's (stored or compressed) bytes start in the file."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    raw = path.read_bytes()
    name_len = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    return info.header_offset + 30 + name_len + extra_len, info.compress_size


def malformed_files(tmp_path, model):
    """(description, path) for each kind of malformed model file."""
    good = model.save(tmp_path / "good.npz").read_bytes()
    files = []

    def add(name, data):
        (tmp_path / name).write_bytes(data)
        files.append((name, tmp_path / name))

    add("truncated.npz", good[: len(good) // 2])
    add("empty.npz", b"")
    add("empty.json", b"")
    first = "layers.0.neurons.0.w.0.npy"
    start, size = member_data_offset(tmp_path / "good.npz", first)
    flipped = bytearray(good)
    flipped[start + size - 1] ^= 0xFF                       # a bit of the weight: bad CRC
    add("bad_crc.npz", bytes(flipped))
    np.savez_compressed(tmp_path / "compressed.npz", **{
        name: np.float64(x) for name, x in model.state_dict().items()})
    start, size = member_data_offset(tmp_path / "compressed.npz", first)
    packed = bytearray((tmp_path / "compressed.npz").read_bytes())
    packed[start:start + size] = b"\xff" * size              # a corrupt deflate stream
    add("corrupt_member.npz", bytes(packed))
    with open(tmp_path / "array.npy", "wb") as f:
        np.save(f, np.float64(1.0))
    add("npy_bytes.npz", (tmp_path / "array.npy").read_bytes())
    state = {name: 0.5 for name in model.state_dict()}
    text = json.dumps({"format": "tracegrad.model", "model": "MLP", "parameters": state})
    add("huge_int.json", text.replace("0.5", "1" + "0" * 400, 1).encode())
    add("nested.json", ("[" * 100_000 + "]" * 100_000).encode())
    deep = text.replace("0.5", "[" * 100_000 + "]" * 100_000, 1)
    add("nested_weight.json", deep.encode())
    add("not_utf8.json", b'{"format": "\xff\xfe"}')
    add("params_list.json", json.dumps({"format": "tracegrad.model", "parameters": []}).encode())
    return files


def test_every_malformed_model_file_raises_model_format_error_and_changes_nothing(
        tmp_path, model):
    before = model.state_dict()
    for name, path in malformed_files(tmp_path, model):
        with pytest.raises(ModelFormatError, match=r"\S") as caught:
            model.load(path)
        assert name in str(caught.value) or "does not fit" in str(caught.value) or \
            "finite number" in str(caught.value), name
        assert model.state_dict() == before, name


def test_a_file_that_cannot_be_opened_raises_as_open_does(tmp_path, model):
    with pytest.raises(FileNotFoundError):
        model.load(tmp_path / "missing.json")
    (tmp_path / "folder.npz").mkdir()
    with pytest.raises(OSError):
        model.load(tmp_path / "folder.npz")
    with pytest.raises(FileNotFoundError, match=r"no_such_folder/m\.json'"):
        model.save(tmp_path / "no_such_folder" / "m.json")


def test_load_state_dict_with_mixed_key_types_or_a_huge_int(model):
    before = model.state_dict()
    with pytest.raises(ModelFormatError, match="unexpected 0, 'x'|unexpected 'x', 0"):
        model.load_state_dict({**before, 0: 1.0, "x": 2.0})
    with pytest.raises(ModelFormatError, match="finite number, got an int too large"):
        model.load_state_dict({**before, "layers.0.neurons.0.b": 10 ** 400})
    with pytest.raises(TypeError, match="expected a dict"):
        model.load_state_dict(None)
    assert model.state_dict() == before


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_a_nan_weight_is_refused_at_save_as_it_would_be_at_load(tmp_path, model, suffix):
    path = model.save(tmp_path / f"m{suffix}")
    saved = path.read_bytes()
    model.layers[1].neurons[0].w[2].data = math.nan
    with pytest.raises(ModelFormatError, match=r"'layers\.1\.neurons\.0\.w\.2' is nan"):
        model.save(path)
    with pytest.raises(ModelFormatError, match="finite number"):
        model.load_state_dict(model.state_dict())
    assert path.read_bytes() == saved                          # the old file is intact
    assert sorted(os.listdir(tmp_path)) == [path.name]         # and no temporary file left


@pytest.mark.parametrize("suffix, where", [(".json", "fsync"), (".npz", "fsync"),
                                           (".npz", "second member")])
def test_an_interrupted_save_leaves_the_previous_file(tmp_path, model, suffix, where,
                                                      monkeypatch):
    path = model.save(tmp_path / f"m{suffix}")
    saved = path.read_bytes()

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt("interrupted while writing")

    if where == "fsync":
        monkeypatch.setattr(os, "fsync", interrupt)
    else:
        real_write, calls = np.lib.format.write_array, []

        def write_then_interrupt(*args, **kwargs):
            calls.append(1)
            return interrupt() if len(calls) > 1 else real_write(*args, **kwargs)
        monkeypatch.setattr(np.lib.format, "write_array", write_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        MLP(2, [3, 1], seed=5).save(path)
    monkeypatch.undo()
    assert path.read_bytes() == saved
    assert sorted(os.listdir(tmp_path)) == [path.name]        # no temporary file left
    fresh = MLP(2, [3, 1], seed=9)
    fresh.load(path)
    assert fresh.state_dict() == model.state_dict()


def test_saved_files_get_the_usual_permissions(tmp_path, model):
    mask = os.umask(0o022)
    os.umask(mask)
    mode = os.stat(model.save(tmp_path / "m.json")).st_mode & 0o777
    assert mode == 0o666 & ~mask


# ---- item 14: schedules check their arguments; none can loop -------------------------------

@pytest.mark.parametrize("make, argument", [
    (lambda: schedules.cosine_restarts(0.1, t_0=0), "t_0"),
    (lambda: schedules.cosine_restarts(0.1, t_0=-5), "t_0"),
    (lambda: schedules.cosine_restarts(0.1, t_0=2.5), "t_0"),
    (lambda: schedules.cosine_restarts(0.1, t_0=10, t_mult=0), "t_mult"),
    (lambda: schedules.cosine_restarts(0.1, t_0=10, t_mult=0.5), "t_mult"),
    (lambda: schedules.cosine_restarts(0.1, t_0=10, t_mult=-2), "t_mult"),
    (lambda: schedules.cosine_restarts(math.nan, t_0=10), "lr"),
    (lambda: schedules.cosine_restarts(0.1, t_0=10, lr_min=-1.0), "lr_min"),
    (lambda: schedules.step_decay(0.1, step_size=0), "step_size"),
    (lambda: schedules.step_decay(0.1, step_size=5, gamma=-0.5), "gamma"),
    (lambda: schedules.exponential(-0.1, gamma=0.9), "lr"),
    (lambda: schedules.cosine(0.1, t_max=0), "t_max"),
    (lambda: schedules.warmup(0.1, steps=0), "steps"),
    (lambda: schedules.constant("0.1"), "lr"),
])
def test_schedule_arguments_are_checked_when_the_schedule_is_made(make, argument):
    with pytest.raises(ValueError, match=rf"\b{argument} must be"):
        make()


def test_cosine_restarts_takes_constant_time_at_any_step():
    results = {}

    def run():
        results["one"] = schedules.cosine_restarts(1.0, t_0=1)(10 ** 15)
        results["ten"] = schedules.cosine_restarts(1.0, t_0=10)(10 ** 15 + 5)
        results["grow"] = schedules.cosine_restarts(1.0, t_0=1, t_mult=2)(2 ** 60 - 1 + 2 ** 59)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "cosine_restarts is looping"
    assert results["one"] == 1.0 and results["ten"] == pytest.approx(0.5)
    assert results["grow"] == pytest.approx(0.5)     # halfway through the period of 2**60
    assert schedules.exponential(1.0, 2.0)(5000) == math.inf        # overflows, no error


# ---- item 15: losses, fit and optimizers check their arguments; failed loads change nothing -

def test_losses_refuse_labels_of_the_wrong_kind():
    s = [Value(0.5), Value(-0.5)]
    with pytest.raises(ValueError, match=r"hinge: targets must be -1 or 1.*target 1 is 0"):
        nn.hinge(s, [1, 0])
    with pytest.raises(ValueError, match=r"bce: targets must be between 0 and 1.*target 1 is -1"):
        nn.bce([Value(0.5), Value(0.5)], [1, -1])
    with pytest.raises(ValueError, match=r"bce_with_logits: targets must be between 0 and 1"):
        nn.bce_with_logits(s, [2, 0])
    with pytest.raises(ValueError, match="not a number"):
        nn.bce_with_logits(s, ["yes", 0])
    with pytest.raises(ValueError, match=r"bce: probabilities must be between 0 and 1.*1\.5"):
        nn.bce([Value(1.5)], [1])
    assert math.isnan(nn.bce([Value(math.nan)], [1]).data)           # NaN flows, as elsewhere


def test_fit_refuses_batch_size_zero_and_hinge_with_01_labels():
    X, y = nn.data.xor()
    model = MLP(2, [3, 1], seed=0)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="batch_size must be a positive int"):
            nn.fit(model, X, y, batch_size=bad, epochs=1, verbose=False)
    with pytest.raises(ValueError, match="no rows"):
        nn.fit(model, X[:0], y[:0], verbose=False)
    X01, y01 = nn.data.xor(labels01=True)
    with pytest.raises(ValueError, match="hinge: targets must be -1 or 1"):
        nn.fit(model, X01, y01, loss="hinge", epochs=1, verbose=False)
    history = nn.fit(model, X, y, batch_size=np.int64(2), epochs=1, verbose=False)
    assert len(history) == 1


@pytest.mark.parametrize("make, argument", [
    (lambda p: nn.Adam(p, betas=(1.0, 0.999)), r"betas\[0\]"),
    (lambda p: nn.Adam(p, betas=(0.9, 1.0)), r"betas\[1\]"),
    (lambda p: nn.AdamW(p, betas=(-0.1, 0.999)), r"betas\[0\]"),
    (lambda p: nn.Adam(p, betas=0.9), "betas"),
    (lambda p: nn.Adam(p, eps=-1e-8), "eps"),
    (lambda p: nn.SGD(p, momentum=-0.9), "momentum"),
    (lambda p: nn.SGD(p, weight_decay=math.nan), "weight_decay"),
    (lambda p: nn.RMSProp(p, alpha=1.5), "alpha"),
    (lambda p: nn.SGD(p, lr=math.inf), "lr"),
])
def test_optimizer_hyperparameters_are_checked(make, argument):
    with pytest.raises(ValueError, match=rf"{argument} must be"):
        make([Value(1.0)])


def test_optimizer_load_state_dict_that_fails_changes_nothing():
    w = Value(1.0)
    opt = nn.Adam([w], lr=0.1)
    w.grad = 0.5
    opt.step()
    before = opt.state_dict()
    bad_states = [
        {"steps": 7, "state": {"exp_avg": [1.0], "exp_avg_sq": ["x"]}},
        {"steps": 7, "state": {"exp_avg": [math.nan]}},
        {"steps": 7, "state": {"momentum": [1.0]}},               # an SGD's buffer
        {"steps": -1, "state": {}},
        {"steps": 7, "state": []},
        {"steps": 7, "state": {}, "lr": 3},
    ]
    for state in bad_states:
        with pytest.raises(ValueError, match="state does not fit"):
            opt.load_state_dict(state)
        assert opt.state_dict() == before, state
    with pytest.raises(TypeError, match=r"Adam\.load_state_dict: expected a dict"):
        opt.load_state_dict(None)
    assert opt.state_dict() == before


def test_batch_norm_refuses_a_negative_running_variance(tmp_path):
    bn = nn.BatchNorm(2)
    bn([[1.0, 2.0], [3.0, 8.0]])
    before = bn.state_dict()
    with pytest.raises(ModelFormatError, match=r"'running_var\.1': a variance is never negative"):
        bn.load_state_dict({**before, "running_var.1": -0.5})
    data = {"format": "tracegrad.model", "model": "BatchNorm",
            "parameters": {**before, "running_var.0": -1.0}}
    (tmp_path / "bn.json").write_text(json.dumps(data))
    with pytest.raises(ModelFormatError, match="running_var.0"):
        bn.load(tmp_path / "bn.json")
    assert bn.state_dict() == before
    with pytest.raises(ValueError, match="momentum"):
        nn.BatchNorm(2, momentum=2.0)
    with pytest.raises(ValueError, match="features must be a positive int"):
        nn.BatchNorm(0)
    with pytest.raises(ValueError, match=r"Dropout: p must be in \[0, 1\)"):
        nn.Dropout("0.5")


# ---- issue 15 point 5: micrograd's positional nonlin ---------------------------------------

def test_neuron_nonlin_means_what_micrograd_means():
    linear = Neuron(2, False, seed=0)
    w, b = [p.data for p in linear.w], linear.b.data
    x = [-3.0 * math.copysign(1, w[0]), -3.0 * math.copysign(1, w[1])]   # w.x + b < 0
    assert linear(x).data == pytest.approx(w[0] * x[0] + w[1] * x[1] + b) and linear(x).data < 0
    assert linear.activation == "linear" and linear.nonlin is False
    assert Neuron(2, True).activation == "relu" and Neuron(2, True).nonlin is True
    assert Neuron(2).nonlin is True and Neuron(2, nonlin=False).nonlin is False
    assert Neuron(2, "tanh").activation == "tanh" and Neuron(2, "tanh").nonlin is True
    assert Neuron(2, activation="linear").nonlin is False
    assert Layer(2, 3, False).neurons[0].activation == "linear"
    assert Layer(2, 3, nonlin=False).neurons[0].nonlin is False
    relu = Neuron(2, seed=0)
    relu.nonlin = False                              # micrograd code may switch it
    assert relu.activation == "linear" and relu(x).data == pytest.approx(linear(x).data)
    with pytest.raises(ValueError, match="disagree"):
        Neuron(2, "tanh", nonlin=False)
    with pytest.raises(TypeError, match="nonlin is micrograd's flag"):
        Neuron(2, nonlin="tanh")


def test_neuron_layer_and_mlp_match_micrograds_with_nonlin():
    micrograd = pytest.importorskip("micrograd.nn", reason="micrograd is in the test extra")
    x = [0.7, -2.2, 1.5]
    for nonlin in (True, False):
        random.seed(3)
        theirs = micrograd.Neuron(3, nonlin)
        random.seed(3)
        ours = Neuron(3, nonlin)
        assert ours.nonlin == theirs.nonlin
        assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
        for sign in (1, -1):
            xs = [sign * v for v in x]
            assert ours(xs).data == pytest.approx(theirs(xs).data, rel=1e-12)
        random.seed(4)
        theirs_layer = micrograd.Layer(3, 2, nonlin=nonlin)
        random.seed(4)
        ours_layer = Layer(3, 2, nonlin=nonlin)
        assert [v.data for v in ours_layer(x)] == pytest.approx([v.data for v in theirs_layer(x)])
    random.seed(5)
    theirs_mlp = micrograd.MLP(3, [4, 2])
    random.seed(5)
    ours_mlp = MLP(3, [4, 2])
    assert [n.nonlin for layer in ours_mlp.layers for n in layer.neurons] == \
        [n.nonlin for layer in theirs_mlp.layers for n in layer.neurons]
    assert [v.data for v in ours_mlp(x)] == pytest.approx([v.data for v in theirs_mlp(x)])
