"""Neuron, Layer and MLP, built from Value ops (one ``dot`` node per neuron).

Defaults follow micrograd: ``MLP(nin, [hidden..., nout])`` has ReLU hidden neurons and a
linear last layer, weights drawn from U(-1, 1) with Python's ``random`` and biases at 0;
calling a one-output Layer or MLP returns a Value, a wider one returns a list.

>>> import random; random.seed(0)
>>> model = MLP(2, [4, 1])
>>> len(model.parameters()), type(model([1.0, -2.0])).__name__
(17, 'Value')
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import autograd
from autograd import Value

from .activations import activation as find_activation
from .init import initialiser, rng_from
from .module import Module

__all__ = ["Neuron", "Layer", "MLP"]


def _activation_name(owner: str, activation, nonlin) -> str:
    """The activation a Neuron or Layer gets from its ``activation`` and micrograd's
    ``nonlin`` flag; a bool given as ``activation`` (micrograd's positional ``nonlin``)
    means True: relu, False: linear."""
    np = sys.modules.get("numpy")       # numpy's bool exists only once numpy is imported
    bools = (bool, np.bool_) if np else bool
    if isinstance(activation, bools):
        if nonlin is not None and bool(nonlin) != bool(activation):
            raise ValueError(f"{owner}: nonlin given twice, {activation!r} and {nonlin!r}")
        activation, nonlin = None, bool(activation)
    if nonlin is not None and not isinstance(nonlin, bools):
        raise TypeError(f"{owner}: nonlin is micrograd's flag, True (relu) or False "
                        f"(linear), got {nonlin!r}; name an activation with activation=")
    if activation is None:
        return "linear" if nonlin is not None and not nonlin else "relu"
    find_activation(activation)                    # a ValueError listing the choices
    if nonlin is not None and bool(nonlin) != (activation != "linear"):
        raise ValueError(f"{owner}: activation={activation!r} and nonlin={nonlin!r} disagree")
    return activation


class Neuron(Module):
    """``activation(w · x + b)`` over ``nin`` inputs.

    ``activation``: relu, leaky_relu, elu, sigmoid, tanh or linear (default relu). As in
    micrograd, ``Neuron(nin, False)`` or ``nonlin=False`` is linear and ``True`` ReLU, and
    ``neuron.nonlin`` says whether it has a nonlinearity. ``init``: uniform, xavier or he.
    ``seed``: an int or a ``numpy.random.Generator`` (None: Python's ``random``).

    >>> Neuron(2, False).activation, Neuron(2, True).nonlin, Neuron(2, "tanh").nonlin
    ('linear', True, True)
    """

    def __init__(self, nin: int, activation: str | bool | None = None, *,
                 nonlin: bool | None = None, init: str = "uniform", seed=None,
                 fan_out: int = 1) -> None:
        if not isinstance(nin, int) or nin < 1:
            raise ValueError(f"Neuron: nin must be a positive int, got {nin!r}")
        self.activation = _activation_name("Neuron", activation, nonlin)
        self._act = find_activation(self.activation)
        weights = initialiser(init)(nin, fan_out, rng_from(seed))
        self.w = [Value(x, label=f"w{i}") for i, x in enumerate(weights)]
        self.b = Value(0.0, label="b")

    @property
    def nonlin(self) -> bool:
        """micrograd's flag: False for a linear neuron, True otherwise. Setting it switches
        between linear and ReLU, as micrograd's ``neuron.nonlin = False`` does."""
        return self.activation != "linear"

    @nonlin.setter
    def nonlin(self, on: bool) -> None:
        if bool(on) != self.nonlin:
            self.activation = _activation_name("Neuron", bool(on), None)
            self._act = find_activation(self.activation)

    def __getstate__(self) -> dict:
        """Pickled without the activation function, which is found again by name: a model
        pickles (for multiprocessing; model files are ``save``'s JSON or npz)."""
        state = dict(vars(self))
        del state["_act"]
        return state

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self._act = find_activation(self.activation)

    def forward(self, x: Sequence) -> Value:
        if len(x) != len(self.w):
            raise ValueError(f"{self.scope_name or 'neuron'}: expected {len(self.w)} inputs, "
                             f"got {len(x)}")
        return self._act(autograd.dot(self.w, x) + self.b)

    def __repr__(self) -> str:
        return f"Neuron({len(self.w)}, activation={self.activation!r})"


class Layer(Module):
    """``nout`` neurons over the same ``nin`` inputs; ``activation`` and ``nonlin`` as for
    :class:`Neuron` (``Layer(nin, nout, nonlin=False)`` is micrograd's linear layer).
    While ``recorded`` is a list (``nn.fit`` sets it), each call appends its outputs'
    numbers to it."""

    recorded: list[float] | None = None

    def __init__(self, nin: int, nout: int, activation: str | bool | None = None, *,
                 nonlin: bool | None = None, init: str = "uniform", seed=None) -> None:
        if not isinstance(nout, int) or nout < 1:
            raise ValueError(f"Layer: nout must be a positive int, got {nout!r}")
        activation = _activation_name("Layer", activation, nonlin)
        rng = rng_from(seed)
        self.neurons = [Neuron(nin, activation, init=init, seed=rng, fan_out=nout)
                        for _ in range(nout)]
        for i, n in enumerate(self.neurons):
            n.scope_name = f"neuron{i}"

    def forward(self, x: Sequence) -> Value | list[Value]:
        out = [n(x) for n in self.neurons]
        if self.recorded is not None:
            self.recorded.extend([v.data for v in out])
        return out[0] if len(out) == 1 else out

    def __repr__(self) -> str:
        n = self.neurons[0]
        return f"Layer({len(n.w)}, {len(self.neurons)}, activation={n.activation!r})"


class MLP(Module):
    """Layers of sizes ``sizes`` over ``nin`` inputs: ``MLP(2, [16, 16, 1])``.

    ``activation`` for the hidden layers (relu), ``output_activation`` for the last
    (linear), ``init`` and ``seed`` as for :class:`Neuron`.
    """

    def __init__(self, nin: int, sizes: Sequence[int], activation: str = "relu",
                 output_activation: str = "linear", *, init: str = "uniform", seed=None) -> None:
        sizes = list(sizes)
        if not sizes:
            raise ValueError("MLP: give at least one layer size, e.g. MLP(2, [16, 16, 1])")
        rng = rng_from(seed)
        dims = [nin] + sizes
        last = len(sizes) - 1
        self.layers = [Layer(dims[i], dims[i + 1], output_activation if i == last else activation,
                             init=init, seed=rng) for i in range(len(sizes))]
        for i, layer in enumerate(self.layers):
            layer.scope_name = f"layer{i}"
        self._shape = (nin, sizes, activation, output_activation)

    def forward(self, x: Sequence) -> Value | list[Value]:
        for layer in self.layers:
            x = layer(x)
            if isinstance(x, Value):
                x = [x]
        return x[0] if len(x) == 1 else x

    def __repr__(self) -> str:
        nin, sizes, act, out = self._shape
        return f"MLP({nin}, {sizes}, activation={act!r}, output_activation={out!r})"
