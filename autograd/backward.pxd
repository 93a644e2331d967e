# C types for the compiled engine (scripts/build_core.py); backward.py is the source.
from autograd.value cimport Value
