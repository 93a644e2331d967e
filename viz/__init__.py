"""tracegrad's diagrams: forward/backward graphs with Graphviz, a step-through player,
and the gradient-flow chart.

>>> from autograd import Value
>>> import viz
>>> y = (Value(2.0, label="x") * 3).tanh()
>>> type(viz.draw(y)).__name__
'Digraph'
"""

from . import palette
from .draw import (
                   GraphTooLargeError,
                   GraphvizMissingError,
                   Style,
                   draw,
                   escape,
                   gradient_colour,
                   render,
)
from .flow import Chart, flow
from .player import StepThrough, step_through

__all__ = ["draw", "render", "escape", "gradient_colour", "Style", "GraphTooLargeError",
           "GraphvizMissingError", "step_through", "StepThrough", "flow", "Chart", "palette"]
