"""The look shared by every diagram: the gradient colour scale, readable text on it,
the font, and the names nodes are shown by.

>>> fill(-4.0, 4.0)                     # the most negative gradient: dark blue
'#053061'
>>> text_colour(fill(-4.0, 4.0))        # white text on it
'#ffffff'
>>> round(contrast("#000000", "#ffffff"), 1)
21.0

The scale is ColorBrewer's RdBu (colour-blind safe; blue for negative, red for
positive, near-white at 0). Text is black or white, whichever contrasts more, so every
box has a WCAG contrast of at least 4.5:1.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from autograd import naming
from autograd.naming import display_scopes
from autograd.text import NAME_LIMIT, visible  # the one sanitiser, shared with listings

__all__ = ["fill", "text_colour", "contrast", "ticks", "node_name", "names", "display_scopes",
           "visible", "FONT",
           "MODES", "NAN_FILL", "NAME_LIMIT"]

FONT = "Helvetica,Arial,sans-serif"
"""The one font family of every diagram (boxes, op circles, edge labels, legends)."""

MODES = ("linear", "log")
NAN_FILL = "#bdbdbd"          # a NaN gradient: neutral grey, not "zero"

# ColorBrewer RdBu, 11 classes, from the most negative (dark blue) to the most positive
# (dark red) gradient.
_STOPS = ("#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
          "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f")
_RGB = [tuple(int(s[k:k + 2], 16) for k in (1, 3, 5)) for s in _STOPS]


def _position(value: float, scale: float, mode: str, decades: float) -> float:
    """Where ``value`` sits on the scale, from -1 (most negative) to 1."""
    if mode == "linear":
        return max(-1.0, min(1.0, value / scale))
    magnitude = abs(value)
    if magnitude == 0.0:
        return 0.0
    t = (math.log10(magnitude / scale) + decades) / decades   # 0 at scale/10**decades
    return math.copysign(max(0.0, min(1.0, t)), value)


def fill(value: float, scale: float, mode: str = "linear", decades: float = 4.0) -> str:
    """The fill colour (``#rrggbb``) of a box whose gradient is ``value``, on a scale
    that saturates at ``|value| = scale``.

    ``mode="linear"``: the colour is proportional to ``value / scale``. ``mode="log"``:
    proportional to ``log10 |value|`` over the ``decades`` decades below ``scale`` (for
    gradients that span orders of magnitude), with the sign keeping its hue. Zero (or no
    scale) is the near-white middle; NaN is grey.

    >>> fill(0.0, 1.0), fill(1.0, 1.0), fill(1e-2, 1.0, "log", decades=5)
    ('#f7f7f7', '#67001f', '#d6604d')
    """
    if mode not in MODES:
        raise ValueError(f"colour mode must be 'linear' or 'log', got {mode!r}")
    if not decades > 0:
        raise ValueError(f"decades must be positive, got {decades!r}")
    value = float(value)
    if value != value:
        return NAN_FILL
    if not scale or scale != scale or math.isinf(scale):
        if math.isinf(value) and (not scale or math.isinf(scale)):
            return _STOPS[-1] if value > 0 else _STOPS[0]
        return _STOPS[5]
    t = _position(value, abs(float(scale)), mode, decades)
    x = (t + 1.0) * 5.0                         # 0 .. 10 along the stops
    k = min(9, int(x))
    f = x - k
    rgb = (round(p + (q - p) * f) for p, q in zip(_RGB[k], _RGB[k + 1]))
    return "#" + "".join(f"{c:02x}" for c in rgb)


def ticks(scale: float, mode: str = "linear", decades: float = 4.0) -> list[float]:
    """The gradients a legend for this scale shows, from ``-scale`` to ``scale``.

    >>> ticks(2.0)
    [-2.0, -1.0, 0.0, 1.0, 2.0]
    >>> ticks(1.0, "log")                 # 4 decades: the middle one is 10**-2
    [-1.0, -0.01, 0.0, 0.01, 1.0]
    """
    if mode not in MODES:
        raise ValueError(f"colour mode must be 'linear' or 'log', got {mode!r}")
    scale = abs(float(scale))
    small = scale / 2 if mode == "linear" else scale * 10.0 ** (-decades / 2)
    return [-scale, -small, 0.0, small, scale]


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        raise ValueError(f"expected a colour as #rrggbb, got {colour!r}")
    channels = []
    for k in (1, 3, 5):
        c = int(colour[k:k + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 to 21 (4.5 is the
    minimum for body text).

    >>> round(contrast("#000000", "#0000ff"), 2)
    2.44
    """
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@lru_cache(maxsize=4096)
def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (always at least 4.58:1).

    >>> text_colour("#ffffff"), text_colour("#053061")
    ('#000000', '#ffffff')
    """
    black, white = contrast("#000000", fill), contrast("#ffffff", fill)
    return "#000000" if black >= white else "#ffffff"


def node_name(node, graph=None) -> str:
    """The name a node is shown by in diagrams, listings and captions: its label (made
    :func:`visible`), or ``%id``, its id in ``autograd.trace``'s listing.

    ``node`` is a node of a traced graph, or a Value together with its ``graph``.

    >>> from autograd import Value, trace
    >>> x = Value(2.0, label="x"); g = trace(x * 3)
    >>> node_name(g[0]), node_name(g[1]), node_name(x, g)
    ('x', '%1', 'x')
    """
    if graph is not None and not hasattr(node, "id"):
        node = graph.node_of(node)
    return visible(node.label) if node.label else f"%{node.id}"


def names(graph) -> dict[int, str]:
    """Every node's name in ``graph``, unique: :func:`node_name`, except that a label
    several nodes share is qualified by each one's scope (as :func:`display_scopes`),
    without the scope parts they all share: an MLP's three ``w1`` are
    ``layer0.neuron1.w1``, ... Still-equal names (same scope, or none) get their listing
    id: ``x%3``. Diagrams, player captions, quiz, gate view and ``autograd.trace``'s
    listing all use this naming (:func:`autograd.naming.names`, labels made visible).

    >>> from autograd import Value, scope, trace
    >>> w = [Value(1.0, label="w") for _ in range(2)]
    >>> with scope("mlp"):
    ...     with scope("n0"): a = w[0] * 2
    ...     with scope("n1"): b = w[1] * 3
    >>> sorted(names(trace(a + b)).values())
    ['%2', '%3', '%4', 'n0.w', 'n1.w']
    """
    return naming.names(graph, visible)
