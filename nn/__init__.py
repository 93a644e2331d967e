"""tracegrad's neural networks, built from Value nodes so every step can be traced.

>>> import nn
>>> model = nn.MLP(2, [4, 1], seed=0)
>>> model
MLP(2, [4, 1], activation='relu', output_activation='linear')
"""

from . import data, schedules
from .activations import ACTIVATIONS, log_softmax, softmax
from .layers import MLP, Layer, Neuron
from .losses import LOSSES, bce, bce_with_logits, cross_entropy, hinge, huber, mae, mse
from .module import ModelFormatError, Module
from .optim import SGD, Adam, AdamW, Optimizer, RMSProp, clip_grad_norm, clip_grad_value, grad_norm
from .regularization import BatchNorm, Dropout
from .train import EarlyStopping, History, fit, predict, saliency

__all__ = ["Module", "Neuron", "Layer", "MLP", "ModelFormatError", "ACTIVATIONS", "softmax",
           "log_softmax", "data", "schedules", "LOSSES", "mse", "mae", "huber", "bce",
           "bce_with_logits", "cross_entropy", "hinge", "Optimizer", "SGD", "RMSProp", "Adam",
           "AdamW", "clip_grad_value", "clip_grad_norm", "grad_norm", "Dropout", "BatchNorm",
           "fit", "History", "EarlyStopping", "predict", "saliency"]
