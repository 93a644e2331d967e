"""The two engines: the pure-Python source and the same source compiled by Cython.

``autograd.compiled`` says which one runs; ``TRACEGRAD_PURE=1`` forces pure Python; a
compiled module older than its source is never used. Both give the same numbers, bit for
bit (``make test`` also runs the engine's whole test suite a second time, pure).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import autograd
from autograd import _core

ROOT = Path(__file__).parents[1]

needs_compiled = pytest.mark.skipif(not autograd.compiled,
                                    reason="the compiled core is not built (make build)")


def _python(code: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_compiled_is_a_bool_with_a_reason():
    assert isinstance(autograd.compiled, bool)
    assert isinstance(autograd.compiled_why, str) and autograd.compiled_why
    from autograd import value
    assert value.__file__.endswith(".py") is not autograd.compiled


def test_the_environment_variable_forces_pure_python():
    out = _python("import autograd, autograd.value as v; print(autograd.compiled, v.__file__)",
                  TRACEGRAD_PURE="1")
    compiled, path = out.split()
    assert compiled == "False"
    assert path.endswith("value.py")


def test_a_module_edited_after_the_build_is_not_used(monkeypatch):
    hashes = {name: "0" * 64 for name in _core.HOT}        # as if every source changed
    monkeypatch.setattr(_core, "source_hashes", lambda: hashes)
    monkeypatch.setattr(_core, "_extension", lambda name: Path(f"{name}.so"))
    monkeypatch.delenv("TRACEGRAD_PURE", raising=False)
    compiled, why = _core.decide()
    assert not compiled
    assert "out of date" in why and "value" in why
    monkeypatch.setattr(_core, "_extension", lambda name: None)
    assert _core.decide() == (False, "no compiled core (make build compiles it)")


def test_the_build_script_says_why_it_cannot_build(monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_core
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    monkeypatch.setattr(build_core.shutil, "which", lambda name: None)
    assert "no C compiler" in build_core.missing()


WORKLOAD = """
import json, math, sys
sys.path.insert(0, "benchmarks")
import autograd
from autograd import Value
import engines, bench_gpt
e = engines._tracegrad()
model = bench_gpt.GPT(e, 4, 2, 4)
first = bench_gpt.step(model, "ava")
x, w = Value(0.7), Value(-1.3)
y = (x * w + 0.5).tanh() + (x ** 3).log() * w.sigmoid() - x / w + autograd.dot([x, w], [w, 2.0])
y.backward()
hx = autograd.grad(autograd.grad(lambda t: t.exp() * t ** 2))(0.3)
print(json.dumps([autograd.compiled, *first, y.data, x.grad, w.grad, hx]))
"""


@needs_compiled
def test_both_engines_give_the_same_numbers_bit_for_bit():
    compiled = json.loads(_python(WORKLOAD))
    pure = json.loads(_python(WORKLOAD, TRACEGRAD_PURE="1"))
    assert compiled[0] is True and pure[0] is False
    assert compiled[1:] == pure[1:]                 # exact equality, not a tolerance
