"""pytest: a compiled engine module is an extension file beside its .py source (see
autograd/_core.py); its doctests are collected from the .py path all the same."""

import os

os.environ.setdefault("PY_IGNORE_IMPORTMISMATCH", "1")
