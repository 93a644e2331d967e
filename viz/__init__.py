"""tracegrad's diagrams: forward/backward graphs with Graphviz, a step-through player,
and the gradient-flow chart.

>>> from autograd import Value
>>> import viz
>>> y = (Value(2.0, label="x") * 3).tanh()
>>> import graphviz
>>> isinstance(viz.draw(y), graphviz.Digraph)    # in Jupyter: an SVG as wide as the cell
True
"""

from . import palette
from .draw import (
                   MIN_TEXT_PX,
                   PRESETS,
                   Diagram,
                   GraphTooLargeError,
                   GraphvizMissingError,
                   Style,
                   draw,
                   escape,
                   fit_width,
                   gradient_colour,
                   render,
                   scroll_box,
)
from .flow import Chart, flow
from .gate import gate
from .player import StepThrough, step_through

__all__ = ["draw", "render", "escape", "fit_width", "gradient_colour", "Style", "Diagram",
           "PRESETS", "MIN_TEXT_PX", "scroll_box", "GraphTooLargeError",
           "GraphvizMissingError", "step_through", "StepThrough", "flow", "Chart", "palette",
           "gate"]
