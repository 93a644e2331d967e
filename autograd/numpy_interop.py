"""Values in numpy object arrays: ufuncs and operators work elementwise, as with micrograd.

``arr - v``, ``v * arr``, ``arr /= v``, ``np.exp(arr)``, ``arr.sum()``, ``arr @ arr``: each
element is combined with Value's own operators and methods, so the result is an object
array of Values, every one a node of the graph. A numpy scalar with a Value
(``np.float64(2) * x``) gives a Value.

>>> import numpy as np
>>> from autograd import Value
>>> x = Value(2.0)
>>> arr = np.array([Value(1.0), Value(3.0)])
>>> [v.data for v in np.exp(arr - x)]
[0.36787944117144233, 2.718281828459045]
>>> np.float64(3) * x
Value(data=6.0, grad=0.0)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .value import Value

__all__ = ["array_ufunc", "elementwise"]


def _boxed(x):
    """A Value as a 0-d object array (numpy's object loops then call its operators and
    methods: ``np.exp`` calls ``.exp()``); anything else unchanged."""
    if not isinstance(x, Value):
        return x
    box = np.empty((), dtype=object)
    box[()] = x
    return box


def array_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict):
    """``Value.__array_ufunc__``: run the ufunc on object arrays holding the Values. On
    numbers and Values only, numpy hands back the one element: a Value."""
    if any(isinstance(o, Value) for o in kwargs.get("out", ())):
        return NotImplemented   # a Value cannot be an output buffer: numpy's TypeError
    return getattr(ufunc, method)(*map(_boxed, inputs), **kwargs)


def elementwise(function: Callable, args: tuple):
    """``function`` (an op) applied elementwise over numpy arrays among ``args``
    (broadcast as numpy does): ``v * arr``, ``apply["mul"](v, arr)``."""
    return np.frompyfunc(function, len(args), 1)(*map(_boxed, args))
