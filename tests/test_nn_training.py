"""Losses, optimizers, schedules, clipping, dropout, batch norm, fit and saliency."""

import io
import math

import numpy as np
import pytest
from torch_parity import _torch

import nn
from autograd import Value
from nn import schedules

# ---- losses: hand-computed values, and PyTorch where installed ----------------------------


def vals(*xs):
    return [Value(x) for x in xs]


def test_regression_losses_by_hand():
    p, t = vals(1.0, 3.0, -2.0), [0.0, 3.5, 1.0]
    assert nn.mse(p, t).data == pytest.approx((1 + 0.25 + 9) / 3)
    assert nn.mae(p, t).data == pytest.approx((1 + 0.5 + 3) / 3)
    # huber, delta 1: 0.5 e^2 inside, |e| - 0.5 outside
    assert nn.huber(p, t).data == pytest.approx((0.5 + 0.125 + 2.5) / 3)


def test_classification_losses_by_hand():
    s = vals(0.5, -2.0)
    assert nn.hinge(s, [1, 1]).data == pytest.approx((0.5 + 3.0) / 2)
    probs = vals(0.8, 0.3)
    assert nn.bce(probs, [1, 0]).data == pytest.approx(-(math.log(0.8) + math.log(0.7)) / 2)
    z = vals(2.0, -1.0)
    expected = (math.log1p(math.exp(-2.0)) + math.log1p(math.exp(-1.0))) / 2
    assert nn.bce_with_logits(z, [1, 0]).data == pytest.approx(expected)
    logits = [vals(1.0, 2.0, 0.5)]
    lse = math.log(math.exp(1.0) + math.exp(2.0) + math.exp(0.5))
    assert nn.cross_entropy(logits, [1]).data == pytest.approx(lse - 2.0)
    assert nn.cross_entropy(logits, [[0, 1, 0]]).data == pytest.approx(lse - 2.0)


def test_stable_losses_survive_extreme_inputs():
    assert math.isfinite(nn.bce_with_logits(vals(800.0, -800.0), [0, 1]).data)
    assert nn.cross_entropy([vals(1000.0, 0.0)], [0]).data == pytest.approx(0.0, abs=1e-12)
    p = vals(0.0, 1.0)
    loss = nn.bce(p, [1, 0])       # clamped: finite, no log(0)
    assert math.isfinite(loss.data) and loss.data > 10


def test_losses_reject_mismatched_lengths_and_bad_targets():
    for loss in (nn.mse, nn.mae, nn.huber, nn.bce, nn.bce_with_logits, nn.hinge):
        with pytest.raises(ValueError, match="2 predictions but 3 targets"):
            loss(vals(0.5, 0.5), [1, 0, 1])
    with pytest.raises(ValueError, match="not a class index"):
        nn.cross_entropy([vals(1.0, 2.0)], [2])
    with pytest.raises(ValueError, match="one-hot target of length 3"):
        nn.cross_entropy([vals(1.0, 2.0)], [[0, 1, 0]])



@pytest.mark.skipif(_torch() is None,
                    reason="PyTorch parity needs torch: make test TORCH=1 installs it")
def test_losses_and_their_gradients_match_pytorch():
    torch = _torch()
    F = torch.nn.functional
    raw, targets01, targets = [0.3, -1.2, 2.5], [1.0, 0.0, 1.0], [0.5, -0.7, 2.0]

    def both(ours, theirs, xs, t):
        v = vals(*xs)
        out = ours(v, t)
        out.backward()
        x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
        ref = theirs(x, torch.tensor(t, dtype=torch.float64))
        ref.backward()
        assert out.data == pytest.approx(ref.item(), rel=1e-9)
        assert [p.grad for p in v] == pytest.approx(x.grad.tolist(), rel=1e-9)

    both(nn.mse, F.mse_loss, raw, targets)
    both(nn.mae, F.l1_loss, raw, targets)
    both(nn.huber, F.huber_loss, raw, targets)
    both(nn.bce_with_logits, F.binary_cross_entropy_with_logits, raw, targets01)
    both(nn.bce, F.binary_cross_entropy, [0.2, 0.7, 0.9], targets01)
    rows = [[0.3, -1.2, 2.5], [1.0, 0.1, -0.4]]
    v = [vals(*r) for r in rows]
    out = nn.cross_entropy(v, [2, 0])
    out.backward()
    x = torch.tensor(rows, dtype=torch.float64, requires_grad=True)
    ref = F.cross_entropy(x, torch.tensor([2, 0]))
    ref.backward()
    assert out.data == pytest.approx(ref.item(), rel=1e-9)
    assert [p.grad for r in v for p in r] == pytest.approx(x.grad.flatten().tolist(), rel=1e-9)


# ---- optimizers: the first two steps by hand, then a convex problem ------------------------

def two_steps(make, w0=1.0, grads=(0.5, -0.3)):
    w = Value(w0)
    opt = make([w])
    seen = []
    for g in grads:
        w.grad = g
        opt.step()
        seen.append(w.data)
    return seen


def test_sgd_plain_momentum_nesterov_weight_decay_by_hand():
    assert two_steps(lambda p: nn.SGD(p, lr=0.1)) == pytest.approx([0.95, 0.98])
    # momentum 0.9: buf1 = 0.5 -> w = 0.95; buf2 = 0.9*0.5 - 0.3 = 0.15 -> w = 0.935
    assert two_steps(lambda p: nn.SGD(p, lr=0.1, momentum=0.9)) == pytest.approx([0.95, 0.935])
    # nesterov: step uses g + 0.9*buf: 0.5 + 0.45 = 0.95 -> 0.905; then -0.3 + 0.135 -> 0.9215
    assert two_steps(lambda p: nn.SGD(p, lr=0.1, momentum=0.9, nesterov=True)) == \
        pytest.approx([0.905, 0.9215])
    # weight decay 0.1: g1 = 0.5 + 0.1*1 = 0.6 -> 0.94; g2 = -0.3 + 0.094 -> 0.9606
    assert two_steps(lambda p: nn.SGD(p, lr=0.1, weight_decay=0.1)) == \
        pytest.approx([0.94, 0.9606])


def test_rmsprop_by_hand():
    a, eps = 0.99, 1e-8
    v1 = (1 - a) * 0.25
    w1 = 1.0 - 0.01 * 0.5 / (math.sqrt(v1) + eps)
    v2 = a * v1 + (1 - a) * 0.09
    w2 = w1 + 0.01 * 0.3 / (math.sqrt(v2) + eps)
    assert two_steps(lambda p: nn.RMSProp(p, lr=0.01)) == pytest.approx([w1, w2])


def test_adam_and_adamw_by_hand():
    b1, b2, eps, lr = 0.9, 0.999, 1e-8, 0.1

    def adam(wd=0.0, decoupled=False):
        w, m, v, out = 1.0, 0.0, 0.0, []
        for t, g in enumerate((0.5, -0.3), start=1):
            if decoupled:
                w -= lr * wd * w
            else:
                g += wd * w
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            w -= lr * (m / (1 - b1 ** t)) / (math.sqrt(v / (1 - b2 ** t)) + eps)
            out.append(w)
        return out

    assert two_steps(lambda p: nn.Adam(p, lr=lr)) == pytest.approx(adam())
    assert adam()[0] == pytest.approx(0.9)    # Adam's first step is lr * sign(g)
    assert two_steps(lambda p: nn.Adam(p, lr=lr, weight_decay=0.1)) == pytest.approx(adam(0.1))
    assert two_steps(lambda p: nn.AdamW(p, lr=lr, weight_decay=0.1)) == \
        pytest.approx(adam(0.1, decoupled=True))


@pytest.mark.parametrize("make", [
    lambda p: nn.SGD(p, lr=0.05), lambda p: nn.SGD(p, lr=0.05, momentum=0.9),
    lambda p: nn.SGD(p, lr=0.05, momentum=0.9, nesterov=True), lambda p: nn.RMSProp(p, lr=0.05),
    lambda p: nn.Adam(p, lr=0.1), lambda p: nn.AdamW(p, lr=0.1)])
def test_every_optimizer_lowers_a_convex_loss(make):
    w = [Value(3.0), Value(-2.0)]
    opt = make(w)

    def loss():
        return (w[0] - 1) ** 2 + 2 * (w[1] + 0.5) ** 2

    start = loss().data
    for _ in range(50):
        opt.zero_grad()
        value = loss()
        value.backward()
        opt.step()
    assert loss().data < 0.1 * start


def test_optimizer_state_dict_round_trip_and_errors():
    w = Value(1.0)
    opt = nn.Adam([w], lr=0.1)
    w.grad = 0.5
    opt.step()
    state = opt.state_dict()
    other = nn.Adam([Value(1.0)], lr=0.1)
    other.load_state_dict(state)
    assert other.state_dict() == state and other.steps == 1
    with pytest.raises(ValueError, match="does not fit"):
        nn.Adam([Value(1.0), Value(2.0)]).load_state_dict(state)
    with pytest.raises(ValueError, match="lr must be a positive number"):
        nn.SGD([w], lr=-1)
    with pytest.raises(TypeError, match="non-empty list of Values"):
        nn.SGD([], lr=0.1)


def test_gradient_clipping_by_value_and_by_norm():
    ps = vals(0.0, 0.0)
    ps[0].grad, ps[1].grad = 3.0, -4.0
    assert nn.grad_norm(ps) == 5.0
    assert nn.clip_grad_norm(ps, 1.0) == 5.0
    assert [p.grad for p in ps] == pytest.approx([0.6, -0.8], rel=1e-5)
    ps[0].grad, ps[1].grad = 3.0, -0.5
    nn.clip_grad_value(ps, 1.0)
    assert [p.grad for p in ps] == [1.0, -0.5]


# ---- schedules: their formulas at chosen steps -------------------------------------------

def test_schedules_match_their_formulas():
    assert [schedules.step_decay(1.0, 10, 0.5)(t) for t in (0, 9, 10, 25)] == [1, 1, 0.5, 0.25]
    assert schedules.exponential(2.0, 0.9)(3) == pytest.approx(2.0 * 0.9 ** 3)
    cos = schedules.cosine(1.0, t_max=100, lr_min=0.1)
    assert cos(0) == 1.0 and cos(100) == pytest.approx(0.1) and cos(200) == pytest.approx(0.1)
    assert cos(50) == pytest.approx(0.1 + 0.9 * 0.5)
    assert cos(25) == pytest.approx(0.1 + 0.9 * (1 + math.cos(math.pi / 4)) / 2)
    restarts = schedules.cosine_restarts(1.0, t_0=10, t_mult=2)
    assert restarts(0) == 1.0 and restarts(10) == 1.0 and restarts(30) == 1.0
    assert restarts(5) == pytest.approx(0.5) and restarts(20) == pytest.approx(0.5)
    warm = schedules.warmup(schedules.step_decay(0.1, 5, 0.1), steps=4)
    assert [warm(t) for t in range(4)] == pytest.approx([0.025, 0.05, 0.075, 0.1])
    assert warm(4) == pytest.approx(0.1) and warm(9) == pytest.approx(0.01)
    assert schedules.warmup(0.2, steps=2)(5) == 0.2


def test_optimizer_follows_a_schedule():
    w = Value(0.0)
    opt = nn.SGD([w], lr=schedules.step_decay(1.0, 1, 0.5))
    for expected in (1.0, 0.5, 0.25):
        assert opt.current_lr == expected
        w.grad = 1.0
        opt.step()
    assert w.data == -1.75


# ---- dropout and batch norm -------------------------------------------------------------

def test_dropout_scales_in_training_and_is_identity_in_eval():
    drop = nn.Dropout(0.5, seed=0)
    x = [Value(1.0) for _ in range(1000)]
    out = drop(x)
    kept = [v.data for v in out if v.data != 0.0]
    assert set(kept) == {2.0} and 400 < len(kept) < 600
    drop.eval()
    assert [v.data for v in drop(x)] == [1.0] * 1000
    with pytest.raises(ValueError):
        nn.Dropout(1.0)


def test_batch_norm_normalises_and_tracks_running_statistics():
    bn = nn.BatchNorm(2, momentum=0.5)
    batch = [[1.0, 10.0], [3.0, 10.0], [5.0, 40.0]]
    out = bn(batch)
    col0 = [row[0].data for row in out]
    assert np.mean(col0) == pytest.approx(0.0, abs=1e-12)
    assert np.std(col0) == pytest.approx(1.0, rel=1e-4)
    assert bn._running_mean[0] == pytest.approx(0.5 * 3.0)
    assert bn._running_var[0] == pytest.approx(0.5 + 0.5 * 4.0)   # unbiased variance 4
    bn.eval()
    y = bn([[3.0, 20.0]])[0][0].data
    assert y == pytest.approx((3.0 - 1.5) / math.sqrt(2.5 + 1e-5))
    sum(v for row in bn.train()(batch) for v in row).backward()
    assert all(isinstance(p.grad, float) for p in bn.parameters())


def test_batch_norm_running_statistics_are_saved_with_the_model(tmp_path):
    bn = nn.BatchNorm(2)
    bn([[1.0, 2.0], [3.0, 8.0]])
    state = bn.state_dict()
    assert set(state) == {"gamma.0", "gamma.1", "beta.0", "beta.1", "running_mean.0",
                          "running_mean.1", "running_var.0", "running_var.1"}
    fresh = nn.BatchNorm(2)
    fresh.load(bn.save(tmp_path / "bn.json"))
    assert fresh.state_dict() == state
    assert fresh.eval()([[2.0, 5.0]])[0][1].data == bn.eval()([[2.0, 5.0]])[0][1].data


# ---- fit: XOR, moons, history, early stopping, saliency ---------------------------------

def stop_when_perfect(epoch, record, model):
    return record["accuracy"] == 1.0


def test_xor_solved_to_full_accuracy_in_under_500_epochs():
    X, y = nn.data.xor()
    model = nn.MLP(2, [4, 1], seed=0)
    history = nn.fit(model, X, y, loss="hinge", optimizer=nn.SGD(model.parameters(), lr=0.1,
                     momentum=0.9), epochs=500, callbacks=[stop_when_perfect], verbose=False)
    assert history["accuracy"][-1] == 1.0 and len(history) < 500
    assert [p.data > 0 for p in nn.predict(model, X)] == [False, True, True, False]


def test_moons_with_adam_reaches_95_percent():
    X, y = nn.data.moons(100, noise=0.1, seed=1)
    model = nn.MLP(2, [16, 16, 1], seed=1)
    history = nn.fit(model, X, y, loss="hinge", optimizer=nn.Adam(model.parameters(), lr=0.02),
                     epochs=150, batch_size=20, callbacks=[stop_when_perfect], verbose=False)
    assert max(history["accuracy"]) >= 0.95


def test_history_records_losses_lr_and_signal_and_gradient_flow():
    X, y = nn.data.moons(40, seed=2)
    Xv, yv = nn.data.moons(20, seed=3)
    model = nn.MLP(2, [8, 8, 1], seed=0)
    opt = nn.SGD(model.parameters(), lr=schedules.exponential(0.1, 0.5))
    history = nn.fit(model, X, y, loss="hinge", optimizer=opt, epochs=3, val=(Xv, yv),
                     verbose=False)
    first = history.epochs[0]
    assert history["lr"] == [0.1, 0.05, 0.025]
    assert set(first) >= {"train_loss", "val_loss", "accuracy", "val_accuracy", "grad_norm"}
    assert list(first["layers"]) == ["layers.0", "layers.1", "layers.2"]
    hidden = first["layers"]["layers.0"]
    assert hidden["activation_mean"] >= 0.0 and hidden["activation_std"] > 0.0   # ReLU
    assert hidden["grad_norm"] > 0.0 and first["grad_norm"] > hidden["grad_norm"]
    assert 0.0 <= first["val_accuracy"] <= 1.0
    assert model.layers[0].recorded is None     # recording is off outside fit


def test_regression_history_has_no_accuracy():
    X, y = nn.data.regression(20, seed=0)
    model = nn.MLP(1, [8, 1], activation="tanh", seed=0)
    history = nn.fit(model, X, y, loss="mse", optimizer=nn.Adam(model.parameters(), lr=0.05),
                     epochs=30, verbose=False)
    assert history["accuracy"][-1] is None
    assert history["train_loss"][-1] < history["train_loss"][0]


def test_early_stopping_on_a_constructed_validation_curve():
    curve = [5.0, 4.0, 3.0, 3.5, 3.2, 3.1, 2.0]
    stopper = nn.EarlyStopping(patience=3)
    epoch = 0
    while not stopper.update(epoch, curve[epoch]):
        epoch += 1
    assert epoch == 5 and stopper.best_epoch == 2    # 3.0 at epoch 2, then 3 worse epochs


def test_fit_stops_early_and_restores_the_best_weights():
    X, y = nn.data.moons(30, seed=0)
    Xv, yv = nn.data.moons(7, seed=1)
    model = nn.MLP(2, [4, 1], seed=0)
    curve = [0.9, 0.5, 0.7, 0.6, 0.55, 0.1]   # the validation loss by epoch, by hand
    val_calls, states = [], []

    def constructed(predictions, targets):
        real = nn.hinge(predictions, targets)
        if len(targets) != len(yv):             # training, or scoring the training set
            return real
        val_calls.append(len(val_calls))
        return Value(curve[val_calls[-1]]) + 0 * real

    def record_state(epoch, record, m):
        states.append(m.state_dict())

    history = nn.fit(model, X, y, loss=constructed, val=(Xv, yv), early_stopping=3,
                     epochs=50, callbacks=[record_state], verbose=False)
    assert history["val_loss"] == curve[:5]
    assert history.stopped_early and history.best_epoch == 1 and len(history) == 5
    assert model.state_dict() == states[1] != states[4]


def test_fit_validates_its_arguments_and_is_quiet_off_a_terminal(capsys):
    X, y = nn.data.xor()
    model = nn.MLP(2, [2, 1], seed=0)
    with pytest.raises(ValueError, match="4 rows but y has 3"):
        nn.fit(model, X, y[:3])
    with pytest.raises(ValueError, match="early_stopping needs a validation set"):
        nn.fit(model, X, y, early_stopping=2)
    with pytest.raises(ValueError, match="unknown loss 'l7'"):
        nn.fit(model, X, y, loss="l7")
    nn.fit(model, X, y, epochs=2)
    assert capsys.readouterr().out == ""      # progress shows only on a terminal


def test_fit_shows_a_one_line_progress_display_on_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    X, y = nn.data.xor()
    nn.fit(nn.MLP(2, [2, 1], seed=0), X, y, epochs=3, val=(X, y))
    text = screen.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "\repoch 3/3  loss " in text and "  val " in text
    screen.truncate(0)
    nn.fit(nn.MLP(2, [2, 1], seed=0), X, y, epochs=2, verbose=False)
    assert screen.getvalue().strip("\x00") == ""


def test_saliency_is_the_input_gradient():
    model = nn.Neuron(3, "linear", seed=0)
    weights = [p.data for p in model.w]
    assert nn.saliency(model, [0.1, 0.2, 0.3]) == pytest.approx(weights)
    two = nn.MLP(2, [2], activation="linear", output_activation="linear", seed=0)
    assert nn.saliency(two, [1.0, 1.0], output=1) == \
        pytest.approx([p.data for p in two.layers[0].neurons[1].w])
