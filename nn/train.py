"""``fit``: a training loop that reports the signal and gradient flow, and ``saliency``.

>>> import nn
>>> X, y = nn.data.xor()
>>> model = nn.MLP(2, [4, 1], activation="tanh", seed=1)
>>> history = nn.fit(model, X, y, loss="mse", optimizer=nn.Adam(model.parameters(), lr=0.05),
...                  epochs=300, verbose=False)
>>> history["accuracy"][-1] is None, history["train_loss"][-1] < 0.05
(True, True)
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence

import autograd
from autograd import Value

from .data import batches
from .layers import Layer
from .losses import LOSSES, Loss
from .module import Module
from .optim import SGD, Optimizer, grad_norm

__all__ = ["fit", "History", "EarlyStopping", "saliency", "predict"]


class History:
    """One dict per epoch: train_loss, val_loss, accuracy, val_accuracy, lr, grad_norm,
    and ``layers``: per layer, activation mean/std and gradient norm.
    ``history[key]`` is that key's list over epochs. ``scopes``: each layer's scope path,
    the name diagrams and ``viz.flow`` show (``{"layers.0": "mlp.layer0"}``)."""

    def __init__(self) -> None:
        self.epochs: list[dict] = []
        self.scopes: dict[str, str] = {}
        self.stopped_early = False
        self.best_epoch: int | None = None

    def __getitem__(self, key: str) -> list:
        return [e.get(key) for e in self.epochs]

    def __len__(self) -> int:
        return len(self.epochs)

    def __repr__(self) -> str:
        last = self.epochs[-1] if self.epochs else {}
        return (f"History({len(self)} epochs, train_loss={last.get('train_loss')}, "
                f"stopped_early={self.stopped_early})")


class EarlyStopping:
    """Stop when the validation loss has not improved for ``patience`` epochs."""

    def __init__(self, patience: int, min_delta: float = 0.0) -> None:
        if not isinstance(patience, int) or patience < 1:
            raise ValueError(f"EarlyStopping: patience must be a positive int, got {patience!r}")
        self.patience, self.min_delta = patience, min_delta
        self.best, self.best_epoch, self.waited = math.inf, None, 0

    def update(self, epoch: int, val_loss: float) -> bool:
        """Record this epoch's validation loss; True means stop now."""
        if val_loss < self.best - self.min_delta:
            self.best, self.best_epoch, self.waited = val_loss, epoch, 0
            return False
        self.waited += 1
        return self.waited >= self.patience


def predict(model: Module, X) -> list:
    """The model's outputs for each row of X, without recording a graph."""
    import numpy as np
    with autograd.no_grad():
        return [model([float(v) for v in row]) for row in np.asarray(X)]


def _loss(loss) -> Loss:
    if isinstance(loss, Loss):
        return loss
    if callable(loss):
        return Loss(loss, None)
    try:
        return LOSSES[loss]
    except (KeyError, TypeError):
        raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}") from None


def _evaluate(model, X, y, loss: Loss) -> tuple[float, float | None]:
    predictions = predict(model, X)
    value = loss.function(predictions, list(y)).data
    return value, loss.accuracy(predictions, list(y)) if loss.accuracy else None


def _stats(values: list[float]) -> tuple[float, float]:
    import numpy as np
    a = np.asarray(values)
    return (float(a.mean()), float(a.std())) if len(a) else (math.nan, math.nan)


def fit(model: Module, X, y, loss: str | Callable = "mse", optimizer: Optimizer | None = None,
        epochs: int = 100, batch_size: int | None = None, val: tuple | None = None,
        early_stopping: int | None = None, callbacks: Sequence[Callable] = (),
        verbose: bool = True, seed=0, restore_best: bool = True) -> History:
    """Train ``model`` on rows of ``X`` with targets ``y``; return a :class:`History`.

    ``loss``: a name from ``nn.LOSSES`` (mse, mae, huber, bce, bce_with_logits,
    cross_entropy, hinge) or a function (predictions, targets) -> Value.
    ``optimizer``: default SGD(lr=0.05). ``batch_size``: None for full batch.
    ``val=(Xv, yv)`` adds validation loss/accuracy; ``early_stopping=patience`` stops when
    it has not improved for that many epochs (and, with ``restore_best``, puts back the
    best epoch's weights). Each callback gets (epoch, record, model); a true result stops.
    A one-line progress display shows when ``verbose`` and standard output is a terminal.
    """
    import numpy as np
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"fit: X has {len(X)} rows but y has {len(y)} targets")
    if len(X) == 0:
        raise ValueError("fit: X has no rows")
    if batch_size is not None and (not isinstance(batch_size, (int, np.integer))
                                   or isinstance(batch_size, bool) or batch_size < 1):
        raise ValueError(f"fit: batch_size must be a positive int (None: the full batch), "
                         f"got {batch_size!r}")
    if not isinstance(epochs, (int, np.integer)) or isinstance(epochs, bool) or epochs < 0:
        raise ValueError(f"fit: epochs must be an int >= 0, got {epochs!r}")
    if early_stopping is not None and val is None:
        raise ValueError("fit: early_stopping needs a validation set, val=(X_val, y_val)")
    spec = _loss(loss)
    optimizer = optimizer or SGD(model.parameters(), lr=0.05)
    layers = [(name or "model", m) for name, m in model.named_modules() if isinstance(m, Layer)]
    stopper = EarlyStopping(early_stopping) if early_stopping else None
    best_state = None
    history = History()
    scopes = model.named_scopes()
    history.scopes = {shown: scopes[name] for name, shown in
                      ((name, name or "model") for name, m in model.named_modules()
                       if isinstance(m, Layer))}
    rng = np.random.default_rng(seed)
    show = verbose and sys.stdout.isatty()
    for epoch in range(epochs):
        model.train()
        for _, layer in layers:
            layer.recorded = []
        total, norms, lr = 0.0, [], optimizer.current_lr
        for xb, yb in batches(X, y, len(X) if batch_size is None else int(batch_size),
                              shuffle=batch_size is not None, seed=rng):
            predictions = [model(list(row)) for row in xb]
            value = spec.function(predictions, list(yb))
            optimizer.zero_grad()
            value.backward()
            norms.append(grad_norm(optimizer.params))
            optimizer.step()
            total += value.data * len(xb)
        record = {"epoch": epoch, "train_loss": total / len(X), "lr": lr,
                  "grad_norm": float(np.mean(norms)), "layers": {}}
        for name, layer in layers:
            mean, std = _stats(layer.recorded)
            record["layers"][name] = {"activation_mean": mean, "activation_std": std,
                                      "grad_norm": grad_norm(layer.parameters())}
            layer.recorded = None
        model.eval()
        record["accuracy"] = _evaluate(model, X, y, spec)[1]
        if val is not None:
            record["val_loss"], record["val_accuracy"] = _evaluate(model, *val, spec)
        history.epochs.append(record)
        if show:
            shown = f"epoch {epoch + 1}/{epochs}  loss {record['train_loss']:.4f}"
            if val is not None:
                shown += f"  val {record['val_loss']:.4f}"
            print(f"\r{shown}", end="", flush=True)
        stop = any([bool(cb(epoch, record, model)) for cb in callbacks])
        if stopper is not None:
            stop_now = stopper.update(epoch, record["val_loss"])
            if stopper.best_epoch == epoch:
                best_state = model.state_dict()
            if stop_now:
                history.stopped_early = True
                stop = True
        if stop:
            break
    if show:
        print()
    if stopper is not None:
        history.best_epoch = stopper.best_epoch
        if restore_best and best_state is not None:
            model.load_state_dict(best_state)
    model.eval()
    return history


def saliency(model: Module, x: Sequence[float], output: int = 0) -> list[float]:
    """d model(x)[output] / d x_i for each input feature: which inputs the output is most
    sensitive to."""
    inputs = [Value(float(v), label=f"x{i}") for i, v in enumerate(x)]
    out = model(inputs)
    if isinstance(out, list):
        out = out[output]
    return [float(g) for g in autograd.gradients(out, inputs)]
