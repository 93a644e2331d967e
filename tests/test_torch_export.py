"""model.to_torch() and load_torch_state_dict: the same outputs and every parameter
gradient as PyTorch, to 1e-12 relative, in float64."""

import numpy as np
import pytest

import autograd
import nn
from nn import ModelFormatError
from nn.torch_export import torch_names

torch = pytest.importorskip("torch", reason="PyTorch parity needs torch: "
                            "make test TORCH=1 installs it")


def agree(ours, theirs, rel=1e-12):
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape
    assert np.all(np.abs(ours - theirs) <= rel * np.maximum(np.abs(theirs), 1e-300) + 1e-300), \
        np.max(np.abs(ours - theirs))


def compare(model, X, coef):
    """Outputs and every parameter's gradient of sum(coef * outputs), both libraries."""
    tm = model.to_torch()
    model.zero_grad()
    rows = [model([float(v) for v in row]) for row in X]
    rows = [r if isinstance(r, list) else [r] for r in rows]
    loss = autograd.sum([c * v for row, crow in zip(rows, coef) for v, c in zip(row, crow)])
    loss.backward()
    tx = torch.tensor(X, dtype=torch.float64)
    tout = tm(tx)
    (tout * torch.tensor(coef, dtype=torch.float64)).sum().backward()
    agree([[v.data for v in row] for row in rows], tout.detach().numpy())
    grads = {k: p.grad.numpy() for k, p in tm.named_parameters()}
    ours = dict(model.named_parameters())
    for key, names in torch_names(model).items():
        if key in grads:
            agree(np.vectorize(lambda n: ours[n].grad)(np.array(names, dtype=object)),
                  grads[key])
    return tm


@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "elu", "sigmoid", "tanh"])
def test_mlp_outputs_and_gradients_match_pytorch(activation):
    rng = np.random.default_rng(3)
    model = nn.MLP(3, [5, 4, 2], activation=activation, output_activation="tanh", seed=2)
    X = rng.normal(size=(6, 3))
    tm = compare(model, X, rng.normal(size=(6, 2)))
    assert isinstance(tm, torch.nn.Module)
    assert all(p.dtype == torch.float64 for p in tm.parameters())


def test_layer_and_neuron_match_pytorch():
    rng = np.random.default_rng(4)
    compare(nn.Layer(2, 3, activation="sigmoid", seed=1), rng.normal(size=(4, 2)),
            rng.normal(size=(4, 3)))
    compare(nn.Neuron(3, "elu", seed=1), rng.normal(size=(5, 3)), rng.normal(size=(5, 1)))
    compare(nn.MLP(2, [16, 16, 1], seed=1), rng.normal(size=(8, 2)), rng.normal(size=(8, 1)))


def test_batchnorm_matches_pytorch_in_both_modes():
    rng = np.random.default_rng(5)
    bn = nn.BatchNorm(3, momentum=0.2)
    for i, (g, b) in enumerate(zip(bn.gamma, bn.beta)):
        g.data, b.data = 1.0 + 0.1 * i, -0.2 * i
    X = rng.normal(size=(6, 3))
    tm = bn.to_torch()
    out = bn([[float(v) for v in row] for row in X])
    loss = autograd.sum([c * v for row, crow in zip(out, rng.normal(size=(6, 3)))
                         for v, c in zip(row, crow)])
    loss.backward()
    tout = tm(torch.tensor(X))
    agree([[v.data for v in row] for row in out], tout.detach().numpy())
    agree(tm.running_mean.numpy(), bn._running_mean)
    agree(tm.running_var.numpy(), bn._running_var)
    bn.eval()
    tm2 = bn.to_torch()
    assert not tm2.training
    agree([[v.data for v in row] for row in bn([[1.0, 2.0, 3.0]])],
          tm2(torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64)).detach().numpy())


def test_dropout_in_eval_mode_is_the_identity_in_both():
    d = nn.Dropout(0.3).eval()
    td = d.to_torch()
    assert isinstance(td, torch.nn.Dropout) and td.p == 0.3 and not td.training


def test_weights_come_back_from_a_pytorch_training_loop():
    model = nn.MLP(2, [4, 1], seed=0)
    tm = model.to_torch()
    opt = torch.optim.SGD(tm.parameters(), lr=0.1)
    X = torch.tensor([[0.5, -1.0], [1.0, 2.0]], dtype=torch.float64)
    for _ in range(3):
        opt.zero_grad()
        (tm(X) ** 2).mean().backward()
        opt.step()
    model.load_torch_state_dict(tm.state_dict())
    agree([model(row).data for row in X.tolist()], tm(X).detach().numpy()[:, 0])
    model.load_torch_state_dict(tm)          # the module itself works too


def test_a_state_dict_that_does_not_fit_changes_nothing():
    model = nn.MLP(2, [4, 1], seed=0)
    before = model.state_dict()
    state = nn.MLP(2, [4, 1], seed=1).to_torch().state_dict()
    state["0.weight"] = torch.zeros(3, 2, dtype=torch.float64)
    with pytest.raises(ModelFormatError,
                       match=r"'0.weight' has shape \(3, 2\), MLP needs \(4, 2\)"):
        model.load_torch_state_dict(state)
    del state["0.weight"]
    with pytest.raises(ModelFormatError, match=r"missing \['0.weight'\]"):
        model.load_torch_state_dict(state)
    state = nn.MLP(2, [4, 1], seed=1).to_torch().state_dict()
    state["2.bias"] = torch.tensor([float("nan")], dtype=torch.float64)
    with pytest.raises(ModelFormatError, match="finite"):
        model.load_torch_state_dict(state)
    assert model.state_dict() == before
    with pytest.raises(TypeError, match="expected a torch state_dict"):
        model.load_torch_state_dict([1, 2])


def test_a_module_of_ones_own_is_refused_with_a_reason():
    class Two(nn.Module):
        def __init__(self):
            self.a = nn.Layer(2, 2)
    with pytest.raises(TypeError, match="Two is not one of Neuron, Layer, MLP"):
        Two().to_torch()
