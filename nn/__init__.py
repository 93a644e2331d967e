"""tracegrad's neural networks, built from Value nodes so every step can be traced.

>>> import nn
>>> model = nn.MLP(2, [4, 1], seed=0)
>>> model
MLP(2, [4, 1], activation='relu', output_activation='linear')
"""

from . import data
from .activations import ACTIVATIONS, log_softmax, softmax
from .layers import MLP, Layer, Neuron
from .module import ModelFormatError, Module

__all__ = ["Module", "Neuron", "Layer", "MLP", "ModelFormatError", "ACTIVATIONS", "softmax",
           "log_softmax", "data"]
