"""``Module``: parameters with dotted names, train/eval, state_dict, save/load.

A module's parameters are found by looking at its attributes, in the order they were
set: a ``Value`` is a parameter, a ``Module`` a child, and a list of either is numbered
(``layers.0.neurons.3.w.1``). Calling a module runs ``forward`` inside an
``autograd.scope`` named after it, so traced graphs group nodes by module.

Models are saved as JSON or ``.npz`` (loaded with ``allow_pickle=False``): never pickle,
so loading a file cannot run code. Saving is atomic; a file that is malformed in any way
raises ModelFormatError and leaves the model unchanged.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import secrets
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from autograd import Value, scope, zero_grad

__all__ = ["Module", "ModelFormatError"]

FORMAT = "tracegrad.model"
_NOT_MADE = object()


class ModelFormatError(ValueError):
    """A state dict or model file that does not fit the model (the model is unchanged),
    or a model that cannot be saved (a NaN weight; no file is written)."""


class Module:
    """The base of every layer and model. Subclasses set attributes and write ``forward``."""

    training: bool = True
    scope_name: str | None = None  # the scope forward runs in; None: the class name
    _scope: tuple = (_NOT_MADE, None)  # (the scope_name it was made for, the scope object)

    def __call__(self, *args, **kwargs):
        made_for, mode = self._scope
        if made_for is not self.scope_name:
            mode = self._make_scope()
        with mode:
            return self.forward(*args, **kwargs)

    def _make_scope(self) -> scope:
        """The scope object forward runs in: made once, and again if ``scope_name`` is
        set to another name (scope objects are reusable, and entering one is cheaper
        than making one)."""
        name = self.scope_name
        mode = scope(name or type(self).__name__.lower())
        self._scope = (name, mode)
        return mode

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

    def named_scopes(self) -> dict[str, str]:
        """The ``autograd.scope`` path each module runs in when this one is called (the
        names diagrams show), by its :meth:`named_modules` name.

        >>> import nn
        >>> nn.MLP(2, [3, 1]).named_scopes()["layers.0"]
        'mlp.layer0'
        """
        def own(m: Module) -> str:
            return m.scope_name or type(m).__name__.lower()

        paths = {"": own(self)}
        stack: list[tuple[str, Module]] = [("", self)]
        while stack:
            name, module = stack.pop()
            for member_name, member in module._members():
                if isinstance(member, Module):
                    full = f"{name}.{member_name}" if name else member_name
                    paths[full] = f"{paths[name]}.{own(member)}"
                    stack.append((full, member))
        return paths

    def modules(self) -> list[Module]:
        """This module and every module inside it."""
        return [m for _, m in self.named_modules()]

    def zero_grad(self) -> None:
        zero_grad(self.parameters())

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

    def check_buffer(self, name: str, value: float) -> str | None:
        """Why ``value`` cannot go into buffer ``name`` (a short reason), or None if it can;
        ``load_state_dict`` asks before changing anything. Override for buffers with a
        range (a variance is never negative)."""
        return None

    def _buffer_slots(self, prefix: str = "") -> list[tuple[str, Module, str, list, int]]:
        found = [(f"{prefix}{name}.{i}", self, name, values, i)
                 for name, values in self.buffers().items() for i in range(len(values))]
        for name, member in self._members():
            if isinstance(member, Module):
                found += member._buffer_slots(f"{prefix}{name}.")
        return found

    def named_buffers(self, prefix: str = "") -> list[tuple[str, list, int]]:
        """(dotted name, list, index) for every number held in a buffer."""
        return [(name, values, i) for name, _, _, values, i in self._buffer_slots(prefix)]

    def state_dict(self) -> dict[str, float]:
        """{dotted name: float} for every parameter and buffer entry."""
        state = {name: p.data for name, p in self.named_parameters()}
        state.update({name: values[i] for name, values, i in self.named_buffers()})
        return state

    def load_state_dict(self, state: dict) -> None:
        """Set every parameter and buffer from ``state``. Missing or unexpected names, values
        that are not finite numbers, or a buffer value out of its range raise
        ModelFormatError and change nothing; a ``state`` that is not a dict, TypeError."""
        if not isinstance(state, dict):
            raise TypeError(f"{type(self).__name__}.load_state_dict: expected a dict of "
                            f"{{name: number}} (as state_dict() gives), got {type(state).__name__}")
        params = dict(self.named_parameters())
        buffers = {slot[0]: slot[1:] for slot in self._buffer_slots()}
        known = params.keys() | buffers.keys()
        missing, unexpected = known - state.keys(), state.keys() - known
        if missing or unexpected:
            def some(names):
                return ", ".join(sorted(map(repr, names))[:5]) or "none"
            raise ModelFormatError(f"state dict does not fit {type(self).__name__}: missing "
                                   f"{some(missing)}; unexpected {some(unexpected)}")
        values = {name: _finite(name, x) for name, x in state.items()}
        for name, (module, key, _, _) in buffers.items():
            problem = module.check_buffer(key, values[name])
            if problem:
                raise ModelFormatError(f"buffer {name!r}: {problem}, got {values[name]!r}")
        for name, p in params.items():
            p.data = values[name]
        for name, (_, _, held, i) in buffers.items():
            held[i] = values[name]

    def to_torch(self):
        """The equivalent ``torch.nn.Module`` in float64 with these weights (Neuron, Layer,
        MLP, BatchNorm, Dropout; see ``nn/torch_export.py``)."""
        from .torch_export import to_torch
        return to_torch(self)

    def load_torch_state_dict(self, state) -> None:
        """Weights back from ``self.to_torch()``'s ``state_dict()`` (or the torch module);
        a dict that does not fit raises ModelFormatError and changes nothing."""
        from .torch_export import load_torch_state_dict
        load_torch_state_dict(self, state)

    def save(self, path: str | Path) -> Path:
        """Write the parameters to ``path``: JSON for ``.json``, numpy for ``.npz``.

        The file is written whole or not at all (a temporary file in the same folder, then
        renamed over ``path``). A model holding NaN or infinity is refused with
        ModelFormatError naming the parameter, as ``load`` would refuse the file.
        """
        path = Path(path)
        if path.suffix not in (".npz", ".json"):
            raise ValueError(f"save: use a .json or .npz path, got {path.name!r}")
        state = self.state_dict()
        for name, x in state.items():
            if not math.isfinite(x):
                raise ModelFormatError(
                    f"save: {name!r} is {x}; a model file holds finite numbers only (load "
                    "would refuse it). autograd.detect_anomaly() finds where training diverged")
        if path.suffix == ".npz":
            _write_atomically(path, lambda f: _write_npz(f, state))
        else:
            text = json.dumps({"format": FORMAT, "model": type(self).__name__,
                               "parameters": state}, indent=1, allow_nan=False)
            _write_atomically(path, lambda f: f.write(text.encode("utf-8")))
        return path

    def load(self, path: str | Path) -> None:
        """Load parameters saved by ``save``; a corrupt, malformed or mismatched file raises
        ModelFormatError and leaves the model unchanged. A file that cannot be opened
        raises the OSError (FileNotFoundError, PermissionError) as ``open`` does."""
        path = Path(path)
        if path.suffix not in (".npz", ".json"):
            raise ValueError(f"load: use a .json or .npz path, got {path.name!r}")
        raw = path.read_bytes()
        try:
            state = _read_npz(raw, path.name) if path.suffix == ".npz" \
                else _read_json(raw, path.name)
        except ModelFormatError:
            raise
        except Exception as e:  # any failure to parse the bytes is the file's format
            reason = str(e) or type(e).__name__
            raise ModelFormatError(f"cannot read {path.name}: {reason}") from None
        try:
            self.load_state_dict(state)
        except ModelFormatError as e:
            raise ModelFormatError(f"{path.name}: {e}") from None


def _finite(name: object, x: object) -> float:
    """``x`` as a float if it is a finite real number, else ModelFormatError naming ``name``."""
    np = sys.modules.get("numpy")       # a numpy value exists only once numpy is imported
    if np and isinstance(x, np.ndarray) and x.shape == ():
        x = x.item()
    numbers = (int, float, np.floating, np.integer) if np else (int, float)
    if isinstance(x, numbers) and not isinstance(x, bool):
        try:
            f = float(x)
        except OverflowError:           # an int like 10**400
            f = math.inf
        if math.isfinite(f):
            return f
    shown = repr(x) if not isinstance(x, int) or x.bit_length() < 64 else "an int too large"
    raise ModelFormatError(f"parameter {name!r}: expected a finite number, got {shown:.40}")


def _read_npz(raw: bytes, name: str) -> dict:
    import numpy as np
    data = np.load(io.BytesIO(raw), allow_pickle=False)
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ModelFormatError(f"cannot read {name}: a single .npy array, not an .npz "
                               "archive of named parameters")
    with data:
        return {member: data[member] for member in data.files}


def _read_json(raw: bytes, name: str) -> dict:
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelFormatError(f"{name}: not a tracegrad model file")
    state = data.get("parameters")
    if not isinstance(state, dict):
        raise ModelFormatError(f"{name}: 'parameters' is not an object of name: number")
    return state


def _write_npz(f: BinaryIO, state: dict[str, float]) -> None:
    import numpy as np

    # as numpy.savez, without its keyword arguments (a parameter named 'file' is fine)
    with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as archive:
        for name, x in state.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asarray(x, dtype=np.float64),
                                          allow_pickle=False)


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a temporary file beside ``path`` (created with the usual permissions), flush it
    to disk, then rename it over ``path``: an interrupted save leaves the old file."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:                 # name the file asked for, not the temporary one
        raise type(e)(e.errno, e.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
