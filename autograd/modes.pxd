# C types for the compiled engine (scripts/build_core.py); modes.py is the source.
cdef class State:
    cdef public object grad_enabled, anomaly, scope_path, plain, prev, owner
