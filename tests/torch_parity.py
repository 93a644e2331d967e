"""PyTorch, when the optional ``torch`` extra is installed: the parity tests' one import
(``from torch_parity import _torch, needs_torch``)."""

import pytest


def _torch():
    """The ``torch`` module, or None without the extra (CI installs it: make test TORCH=1)."""
    try:
        import torch
    except ImportError:
        return None
    return torch


needs_torch = pytest.mark.skipif(_torch() is None,
                                 reason="PyTorch parity needs torch: make test TORCH=1 installs it")
