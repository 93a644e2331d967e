"""The gradient-flow chart: per-layer activation statistics and gradient norms, the
picture of vanishing and exploding gradients, as SVG.

``flow(history)`` reads what ``nn.fit`` recorded (one epoch, the last by default);
``flow(model)`` reads the gradients a model holds after a ``backward()``.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from matplotlib.figure import Figure  # no pyplot: the user's backend is left alone

__all__ = ["flow", "Chart"]


class Chart:
    """An SVG chart: shows inline in Jupyter, ``save(path)`` writes .svg (or .png/.pdf)."""

    def __init__(self, figure) -> None:
        self.figure = figure

    @property
    def svg(self) -> str:
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", bbox_inches="tight")
        return buffer.getvalue()

    def _repr_svg_(self) -> str:
        return self.svg

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.figure.savefig(path, bbox_inches="tight")
        return path


def _from_history(history, epoch: int) -> tuple[list[str], dict]:
    if not history.epochs:
        raise ValueError("flow: the history has no epochs")
    layers = history.epochs[epoch]["layers"]
    if not layers:
        raise ValueError("flow: this history recorded no layers (was the model an nn.MLP?)")
    names = list(layers)
    return names, {key: [layers[n][key] for n in names]
                   for key in ("activation_mean", "activation_std", "grad_norm")}


def _from_model(model) -> tuple[list[str], dict]:
    from nn import Layer
    from nn.optim import grad_norm
    layers = [(name, m) for name, m in model.named_modules() if isinstance(m, Layer)]
    if not layers:
        raise ValueError(f"flow: {type(model).__name__} has no nn.Layer inside")
    return [n for n, _ in layers], {"grad_norm": [grad_norm(m.parameters()) for _, m in layers]}


def flow(source, epoch: int = -1) -> Chart:
    """Per-layer activation mean ± std and gradient norm (log scale) from an ``nn.fit``
    History, or per-layer gradient norms from a model after ``backward()``."""
    if hasattr(source, "epochs"):
        names, stats = _from_history(source, epoch)
    elif hasattr(source, "named_modules"):
        names, stats = _from_model(source)
    else:
        raise TypeError(f"flow: expected an nn.fit History or an nn model, got "
                        f"{type(source).__name__}")
    panels = 2 if "activation_mean" in stats else 1
    figure = Figure(figsize=(4.5 * panels, 3.2))
    axes = figure.subplots(1, panels, squeeze=False)
    x = list(range(len(names)))
    ax = axes[0][0]
    norms = [g if g > 0 else math.nan for g in stats["grad_norm"]]
    ax.bar(x, norms, color="#d62728")
    ax.set_yscale("log")
    ax.set_title("gradient norm per layer")
    if panels == 2:
        ax2 = axes[0][1]
        ax2.errorbar(x, stats["activation_mean"], yerr=stats["activation_std"], fmt="o",
                     color="#1f77b4", capsize=4)
        ax2.set_title("activation mean ± std per layer")
    for a in axes[0]:
        a.set_xticks(x)
        a.set_xticklabels(names, rotation=30, ha="right", fontsize=8)
    figure.tight_layout()
    return Chart(figure)
