# C types for the compiled engine (scripts/build_core.py); value.py is the source.
from autograd.modes cimport State


cdef class Value:
    cdef public object data, grad, label, scope, op, _a, _b, _da, _db, _mark
