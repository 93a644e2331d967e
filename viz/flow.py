"""The gradient-flow chart: each layer's gradient norm across the epochs of training (one
line per layer, log scale over the whole range of the data), and the per-layer picture
of one chosen epoch (gradient norms, activation mean ± std): vanishing gradients
(sigmoid, deep) and exploding ones (large initial weights) at a glance.

``flow(history)`` reads what ``nn.fit`` recorded; ``flow(model)`` reads the gradients a
model holds after a ``backward()``. matplotlib is imported when a chart is made, not
when ``viz`` is imported.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

__all__ = ["flow", "Chart"]

COLOURS = ("#2166ac", "#b2182b", "#1b7837", "#762a83", "#e08214", "#4d4d4d", "#35978f",
           "#c51b7d", "#8c510a", "#01665e")


class Chart:
    """An SVG chart: shows inline in Jupyter, ``save(path)`` writes .svg (or .png/.pdf).
    ``figure`` is the matplotlib Figure, to adjust before saving."""

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
        self.figure.savefig(path, bbox_inches="tight", dpi=150)
        return path


def _log_range(values) -> tuple[float, float]:
    """y limits for a log axis holding every positive value, with a margin."""
    shown = [v for v in values if v > 0 and math.isfinite(v)]
    low, high = min(shown), max(shown)
    return low / 1.6, high * 1.6


def _from_history(history, epoch: int) -> dict:
    if not history.epochs:
        raise ValueError("flow: the history has no epochs (nn.fit ran for 0 epochs?)")
    names = list(history.epochs[0]["layers"])
    if not names:
        raise ValueError("flow: this history recorded no layers (was the model an nn.MLP?)")
    if not -len(history.epochs) <= epoch < len(history.epochs):
        raise ValueError(f"flow: epoch={epoch} is outside the {len(history.epochs)} epochs "
                         f"recorded (0 to {len(history.epochs) - 1}, or negative from the end)")
    epoch %= len(history.epochs)
    chosen = history.epochs[epoch]["layers"]
    data = {"names": names, "epoch": epoch,
            "series": {n: [e["layers"][n]["grad_norm"] for e in history.epochs] for n in names},
            "mean": [chosen[n]["activation_mean"] for n in names],
            "std": [chosen[n]["activation_std"] for n in names]}
    return _as_in_diagrams(data, getattr(history, "scopes", {}))


def _as_in_diagrams(data: dict, scopes: dict[str, str]) -> dict:
    """Layers called by their scope paths, as diagrams call them (``mlp.layer0``, not
    ``layers.0``)."""
    shown = [scopes.get(n, n) for n in data["names"]]
    if "series" in data:
        data["series"] = {scopes.get(n, n): v for n, v in data["series"].items()}
    data["names"] = shown
    return data


def _from_model(model) -> dict:
    from nn import Layer
    from nn.optim import grad_norm
    layers = [(name or "model", m) for name, m in model.named_modules() if isinstance(m, Layer)]
    if not layers:
        raise ValueError(f"flow: {type(model).__name__} has no nn.Layer inside")
    norms = [grad_norm(m.parameters()) for _, m in layers]
    if not any(norms):
        raise ValueError(f"flow: the {type(model).__name__}'s gradients are all 0: nothing "
                         "to chart yet. Call loss.backward() first, or pass the History "
                         "that nn.fit returns to see the gradients across training")
    return _as_in_diagrams({"names": [n for n, _ in layers], "norms": norms},
                           {"model" if not k else k: v for k, v in model.named_scopes().items()})


def flow(source, epoch: int = 0) -> Chart:
    """The gradient-flow chart of an ``nn.fit`` History: each layer's gradient norm across
    epochs (log scale), and for ``epoch`` (an index into the history, default the first,
    where untrained gradients show best; -1 for the last) each layer's gradient norm and
    activation mean ± std. From a model after ``backward()``: its per-layer gradient norms.
    """
    if hasattr(source, "epochs"):
        data = _from_history(source, epoch)
    elif hasattr(source, "named_modules"):
        data = _from_model(source)
    else:
        raise TypeError(f"flow: expected an nn.fit History or an nn model, got "
                        f"{type(source).__name__}")
    from matplotlib.figure import Figure  # here, not at import: no pyplot, backend untouched
    if "series" not in data:
        figure = Figure(figsize=(6, 3.4))
        _per_layer(figure.subplots(), data["names"], data["norms"],
                   _log_range(data["norms"]), "gradient norm per layer (after backward)")
        figure.tight_layout()
        return Chart(figure)

    names, series, k = data["names"], data["series"], data["epoch"]
    every = [v for values in series.values() for v in values]
    if not any(v > 0 for v in every):
        raise ValueError("flow: every gradient norm in this history is 0: nothing to chart")
    limits = _log_range(every)
    figure = Figure(figsize=(9, 6.6))
    grid = figure.add_gridspec(2, 2, height_ratios=(1.15, 1))
    across = figure.add_subplot(grid[0, :])
    epochs = list(range(1, len(next(iter(series.values()))) + 1))
    for i, name in enumerate(names):
        shown = [v if v > 0 else math.nan for v in series[name]]
        across.plot(epochs, shown, color=COLOURS[i % len(COLOURS)], linewidth=1.8,
                    marker="o" if len(epochs) < 30 else None, markersize=3, label=name)
    across.set_yscale("log")
    across.set_ylim(*limits)
    across.set_xlim(0.5, len(epochs) + 0.5)
    across.axvline(k + 1, color="#888888", linestyle="--", linewidth=1)
    across.text(k + 1, 0.03, f" epoch {k + 1} ", transform=across.get_xaxis_transform(),
                color="#333333", fontsize=9, ha="left" if k < len(epochs) / 2 else "right",
                bbox={"facecolor": "white", "edgecolor": "#888888", "alpha": 0.9})
    across.set_xlabel("epoch")
    across.set_ylabel("gradient norm (log scale)")
    across.set_title("gradient norm of each layer, by epoch")
    across.legend(fontsize=8, loc="best", ncol=max(1, len(names) // 6))
    across.grid(True, which="major", alpha=0.3)

    _per_layer(figure.add_subplot(grid[1, 0]), names, [series[n][k] for n in names], limits,
               f"gradient norm per layer, epoch {k + 1}")
    act = figure.add_subplot(grid[1, 1])
    for i, (mean, std) in enumerate(zip(data["mean"], data["std"])):
        act.errorbar([i], [mean], yerr=[std], fmt="o", color=COLOURS[i % len(COLOURS)],
                     capsize=4)
    act.axhline(0.0, color="#bbbbbb", linewidth=0.8)
    act.set_title(f"activation mean ± std per layer, epoch {k + 1}")
    act.set_xlabel("layer")
    act.set_ylabel("activation")
    _layer_ticks(act, names)
    figure.tight_layout()
    return Chart(figure)


def _per_layer(ax, names: list[str], norms: list[float], limits, title: str) -> None:
    x = list(range(len(names)))
    shown = [v if v > 0 else math.nan for v in norms]
    ax.plot(x, shown, color="#999999", linewidth=1.2, zorder=2)
    # each layer's point in its line's colour above, so the two charts read together
    ax.scatter(x, shown, c=[COLOURS[i % len(COLOURS)] for i in x], s=40, zorder=3)
    ax.set_yscale("log")
    ax.set_ylim(*limits)
    ax.set_title(title)
    ax.set_xlabel("layer")
    ax.set_ylabel("gradient norm (log scale)")
    ax.grid(True, which="major", alpha=0.3)
    _layer_ticks(ax, names)


def _layer_ticks(ax, names: list[str]) -> None:
    ax.set_xticks(list(range(len(names))))
    ax.set_xticklabels(names, rotation=30 if len(names) > 4 else 0,
                       ha="right" if len(names) > 4 else "center", fontsize=8)
    ax.set_xlim(-0.5, len(names) - 0.5)
