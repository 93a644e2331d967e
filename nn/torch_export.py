"""Carry an ``nn`` model to PyTorch and back: ``model.to_torch()`` and
``model.load_torch_state_dict(state)``.

``to_torch`` builds the equivalent ``torch.nn`` module in float64 with the same weights:
``Linear`` + activation for a ``Neuron`` or ``Layer`` (``torch.nn.Sequential``), their
sequence for an ``MLP``, ``BatchNorm1d`` for ``BatchNorm`` (its running statistics too),
``Dropout`` for ``Dropout``. The torch module takes a ``(batch, nin)`` tensor and returns
``(batch, nout)``, as ``torch.nn.Linear`` does (a one-output model keeps its last axis).
``load_torch_state_dict`` reads the weights of that module's ``state_dict()`` back; a
dict that does not fit raises ``ModelFormatError`` and changes nothing.

Dropout's random masks come from each library's own generator, so only eval mode (no
dropping) computes the same numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .layers import MLP, Layer, Neuron
from .module import ModelFormatError, Module
from .regularization import BatchNorm, Dropout

__all__ = ["to_torch", "load_torch_state_dict", "torch_names"]

_ACTIVATIONS = {"relu": ("ReLU", ()), "leaky_relu": ("LeakyReLU", (0.01,)),
                "elu": ("ELU", (1.0,)), "sigmoid": ("Sigmoid", ()), "tanh": ("Tanh", ()),
                "linear": ("Identity", ())}
_IGNORED = ("num_batches_tracked",)     # torch's BatchNorm counter: no tracegrad meaning


def _supported(module: Module) -> None:
    if not isinstance(module, (Neuron, Layer, MLP, BatchNorm, Dropout)):
        raise TypeError(f"to_torch: {type(module).__name__} is not one of Neuron, Layer, MLP, "
                        "BatchNorm, Dropout; for a model of your own, convert its parts "
                        "(part.to_torch()) and write its forward in torch")


def _linear_names(neurons: list[Neuron], prefix: str) -> dict[str, list]:
    """torch names of a Linear -> our dotted names, shaped as the tensor."""
    return {"weight": [[f"{prefix}neurons.{j}.w.{i}" for i in range(len(n.w))]
                       for j, n in enumerate(neurons)],
            "bias": [f"{prefix}neurons.{j}.b" for j in range(len(neurons))]}


def torch_names(module: Module) -> dict[str, list]:
    """{torch state_dict key: our parameter or buffer names, nested as the tensor's shape}.

    >>> from nn import MLP
    >>> names = torch_names(MLP(2, [3, 1], seed=0))
    >>> list(names), names["2.bias"]
    (['0.weight', '0.bias', '2.weight', '2.bias'], ['layers.1.neurons.0.b'])
    """
    _supported(module)
    if isinstance(module, Neuron):
        return {"0.weight": [[f"w.{i}" for i in range(len(module.w))]], "0.bias": ["b"]}
    if isinstance(module, Layer):
        return {f"0.{k}": v for k, v in _linear_names(module.neurons, "").items()}
    if isinstance(module, MLP):
        names = {}
        for k, layer in enumerate(module.layers):
            for key, v in _linear_names(layer.neurons, f"layers.{k}.").items():
                names[f"{2 * k}.{key}"] = v
        return names
    if isinstance(module, BatchNorm):
        n = len(module.gamma)
        return {key: [f"{ours}.{i}" for i in range(n)] for key, ours in (
            ("weight", "gamma"), ("bias", "beta"), ("running_mean", "running_mean"),
            ("running_var", "running_var"))}
    return {}                                  # Dropout


def _activation(torch, name: str):
    cls, args = _ACTIVATIONS[name]
    return getattr(torch.nn, cls)(*args)


def to_torch(module: Module):
    """The equivalent ``torch.nn.Module``, float64, with ``module``'s weights (and mode)."""
    _supported(module)
    try:
        import torch
    except ImportError:
        raise ImportError("to_torch needs PyTorch: pip install -e '.[torch]'") from None
    if isinstance(module, Neuron):
        net = torch.nn.Sequential(torch.nn.Linear(len(module.w), 1),
                                  _activation(torch, module.activation))
    elif isinstance(module, Layer):
        first = module.neurons[0]
        net = torch.nn.Sequential(torch.nn.Linear(len(first.w), len(module.neurons)),
                                  _activation(torch, first.activation))
    elif isinstance(module, MLP):
        parts = []
        for layer in module.layers:
            first = layer.neurons[0]
            parts += [torch.nn.Linear(len(first.w), len(layer.neurons)),
                      _activation(torch, first.activation)]
        net = torch.nn.Sequential(*parts)
    elif isinstance(module, BatchNorm):
        net = torch.nn.BatchNorm1d(len(module.gamma), eps=module.eps, momentum=module.momentum)
    else:
        net = torch.nn.Dropout(module.p)
    net = net.double()
    state = module.state_dict()
    tensors = {key: torch.tensor(_numbers(names, state), dtype=torch.float64)
               for key, names in torch_names(module).items()}
    missing, unexpected = net.load_state_dict(tensors, strict=False)
    assert not unexpected and all(k.endswith(_IGNORED) for k in missing), (missing, unexpected)
    return net.train(module.training)


def _numbers(names, state: dict):
    if isinstance(names, list):
        return [_numbers(x, state) for x in names]
    return state[names]


def load_torch_state_dict(module: Module, state: Any) -> None:
    """Set ``module``'s weights from a torch ``state_dict()`` (or a torch module) made by
    ``to_torch``: every key present, every tensor of the right shape, finite numbers;
    otherwise ModelFormatError and nothing changes."""
    layout = torch_names(module)
    if hasattr(state, "state_dict") and callable(state.state_dict):
        state = state.state_dict()
    if not isinstance(state, dict):
        raise TypeError(f"load_torch_state_dict: expected a torch state_dict (a dict of "
                        f"tensors), got {type(state).__name__}")
    keys = {k for k in state if not str(k).endswith(_IGNORED)}
    missing, unexpected = layout.keys() - keys, keys - layout.keys()
    if missing or unexpected:
        raise ModelFormatError(f"torch state dict does not fit {type(module).__name__}: "
                               f"missing {sorted(missing) or 'none'}; unexpected "
                               f"{sorted(map(str, unexpected)) or 'none'}")
    ours: dict[str, float] = {}
    for key, names in layout.items():
        value = state[key]
        if hasattr(value, "detach"):
            value = value.detach().cpu().double().numpy()
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise ModelFormatError(f"torch state dict: {key!r} is not an array of numbers "
                                   f"({type(value).__name__})") from None
        shape = np.shape(np.empty(0) if not names else np.array(names, dtype=object))
        if array.shape != shape:
            raise ModelFormatError(f"torch state dict: {key!r} has shape {array.shape}, "
                                   f"{type(module).__name__} needs {shape}")
        for name, x in zip(np.array(names, dtype=object).ravel(), array.ravel()):
            ours[name] = float(x)
    ours.update({k: v for k, v in module.state_dict().items() if k not in ours})
    module.load_state_dict(ours)
