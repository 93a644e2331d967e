"""``Module``: parameters with dotted names, train/eval, state_dict, save/load.

A module's parameters are found by looking at its attributes, in the order they were
set: a ``Value`` is a parameter, a ``Module`` a child, and a list of either is numbered
(``layers.0.neurons.3.w.1``). Calling a module runs ``forward`` inside an
``autograd.scope`` named after it, so traced graphs group nodes by module.

Models are saved as JSON or ``.npz`` (loaded with ``allow_pickle=False``): never pickle,
so loading a file cannot run code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from autograd import Value, scope

__all__ = ["Module", "ModelFormatError"]

FORMAT = "tracegrad.model"


class ModelFormatError(ValueError):
    """A state dict or model file that does not fit the model; the model is unchanged."""


class Module:
    """The base of every layer and model. Subclasses set attributes and write ``forward``."""

    training: bool = True
    scope_name: str | None = None  # the scope forward runs in; None: the class name

    def __call__(self, *args, **kwargs):
        with scope(self.scope_name or type(self).__name__.lower()):
            return self.forward(*args, **kwargs)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    # --- parameters ----------------------------------------------------------------------
    def _members(self) -> Iterator[tuple[str, object]]:
        for name, value in vars(self).items():
            if name.startswith("_"):
                continue
            if isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    if isinstance(item, (Value, Module)):
                        yield f"{name}.{i}", item
            elif isinstance(value, (Value, Module)):
                yield name, value

    def named_parameters(self, prefix: str = "") -> list[tuple[str, Value]]:
        """(dotted name, Value) for every parameter, in definition order."""
        found = []
        for name, member in self._members():
            if isinstance(member, Module):
                found += member.named_parameters(f"{prefix}{name}.")
            else:
                found.append((prefix + name, member))
        return found

    def parameters(self) -> list[Value]:
        """Every parameter, as a list (as micrograd)."""
        return [p for _, p in self.named_parameters()]

    def named_modules(self, prefix: str = "") -> list[tuple[str, Module]]:
        """(dotted name, module) for this module (``""``) and every module inside it."""
        found = [(prefix.rstrip("."), self)]
        for name, member in self._members():
            if isinstance(member, Module):
                found += member.named_modules(f"{prefix}{name}.")
        return found

    def modules(self) -> list[Module]:
        """This module and every module inside it."""
        return [m for _, m in self.named_modules()]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0

    def train(self, mode: bool = True) -> Module:
        """Training mode (the default): dropout drops, batch norm uses batch statistics."""
        for m in self.modules():
            m.training = mode
        return self

    def eval(self) -> Module:
        return self.train(False)

    # --- state -------------------------------------------------------------------------------
    def buffers(self) -> dict[str, list[float]]:
        """State that is not a parameter but belongs in a saved model (BatchNorm's running
        statistics): {name: list of floats}, stored and loaded in place."""
        return {}

    def named_buffers(self, prefix: str = "") -> list[tuple[str, list, int]]:
        """(dotted name, list, index) for every number held in a buffer."""
        found = [(f"{prefix}{name}.{i}", values, i)
                 for name, values in self.buffers().items() for i in range(len(values))]
        for name, member in self._members():
            if isinstance(member, Module):
                found += member.named_buffers(f"{prefix}{name}.")
        return found

    def state_dict(self) -> dict[str, float]:
        """{dotted name: float} for every parameter and buffer entry."""
        state = {name: p.data for name, p in self.named_parameters()}
        state.update({name: values[i] for name, values, i in self.named_buffers()})
        return state

    def load_state_dict(self, state: dict) -> None:
        """Set every parameter from ``state``. Missing or unexpected names, or values that
        are not finite numbers, raise ModelFormatError and change nothing."""
        params = dict(self.named_parameters())
        buffers = {name: (values, i) for name, values, i in self.named_buffers()}
        if not isinstance(state, dict):
            raise ModelFormatError(f"a state dict is a dict, got {type(state).__name__}")
        known = params.keys() | buffers.keys()
        missing, unexpected = known - state.keys(), state.keys() - known
        if missing or unexpected:
            raise ModelFormatError(
                f"state dict does not fit {type(self).__name__}: missing "
                f"{sorted(missing)[:5] or 'none'}, unexpected {sorted(unexpected)[:5] or 'none'}")
        values = {}
        for name, x in state.items():
            if isinstance(x, np.ndarray) and x.shape == ():
                x = x.item()
            if isinstance(x, bool) or not isinstance(x, (int, float, np.floating, np.integer)) \
                    or not math.isfinite(x):
                raise ModelFormatError(
                    f"parameter {name!r}: expected a finite number, got {x!r:.40}")
            values[name] = float(x)
        for name, p in params.items():
            p.data = values[name]
        for name, (held, i) in buffers.items():
            held[i] = values[name]

    def save(self, path: str | Path) -> Path:
        """Write the parameters to ``path``: JSON for ``.json``, numpy for ``.npz``."""
        path = Path(path)
        state = self.state_dict()
        if path.suffix == ".npz":
            np.savez(path, **{name: np.float64(x) for name, x in state.items()})
        elif path.suffix == ".json":
            path.write_text(json.dumps({"format": FORMAT, "model": type(self).__name__,
                                        "parameters": state}, indent=1))
        else:
            raise ValueError(f"save: use a .json or .npz path, got {path.name!r}")
        return path

    def load(self, path: str | Path) -> None:
        """Load parameters saved by ``save``; a corrupt or mismatched file raises
        ModelFormatError and leaves the model unchanged."""
        path = Path(path)
        try:
            if path.suffix == ".npz":
                with np.load(path, allow_pickle=False) as data:
                    state = {name: data[name] for name in data.files}
            elif path.suffix == ".json":
                data = json.loads(path.read_text())
                if not isinstance(data, dict) or data.get("format") != FORMAT:
                    raise ModelFormatError(f"{path.name}: not a tracegrad model file")
                state = data.get("parameters")
            else:
                raise ValueError(f"load: use a .json or .npz path, got {path.name!r}")
        except (OSError, ValueError, EOFError) as e:
            if isinstance(e, ModelFormatError):
                raise
            raise ModelFormatError(f"cannot read {path.name}: {e}") from None
        self.load_state_dict(state)
