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

needs_compiled = pytest.mark.skipif(
    not autograd.compiled, reason="the compiled engine is not on (not built, or TRACEGRAD_PURE=1)")


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


def test_the_pure_engine_runs_without_cython_installed():
    code = ("import sys; sys.modules['cython'] = None  # as if not installed\n"
            "import autograd; from autograd import Value\n"
            "x = Value(3.0); y = x * x.tanh(); y.backward()\n"
            "print(autograd.compiled, autograd.value.cython.compiled, x.grad)")
    compiled, shim, grad = _python(code, TRACEGRAD_PURE="1").split()
    assert (compiled, shim) == ("False", "False")
    t = __import__("math").tanh(3.0)
    assert float(grad) == t + 3.0 * (1.0 - t * t)


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
# the paths where compiled nodes go under the garbage collector: a micrograd-style closure
# node, a gradient penalty (a float backward adding to create_graph's Value grads)
c = Value(x.data * w.data, (x, w), "*")
def _backward():
    x.grad += w.data * c.grad
    w.grad += x.data * c.grad
c._backward = _backward
(c.tanh() * w).backward()
(x * x * w).backward(create_graph=True)
(x.grad * x.grad + w.grad * w.grad).backward()
z = Value(0.25, label="z")
z.grad = 1                          # an int, as micrograd's zero_grad writes
(autograd.sum([z * z, z, 3]) * 3).backward()
print(json.dumps([autograd.compiled, *first, y.data, hx, float(x.grad), float(w.grad), z.grad]))
"""


@needs_compiled
def test_both_engines_give_the_same_numbers_bit_for_bit():
    compiled = json.loads(_python(WORKLOAD))
    pure = json.loads(_python(WORKLOAD, TRACEGRAD_PURE="1"))
    assert compiled[0] is True and pure[0] is False
    assert compiled[1:] == pure[1:]                 # exact equality, not a tolerance


def test_backward_order_in_many_threads_at_once_lists_each_node_once():
    # backward_order's searches in several threads at once must not see each other's
    # marks (it keeps them in a set of its own; they once were in the nodes)
    import threading

    x = autograd.Value(0.3)
    shared = x
    for i in range(300):                    # each node reached along two paths
        shared = shared * (shared * 0.5).tanh() + 0.001 * i
    roots = [shared * k for k in range(1, 5)]
    expected = [len(autograd.backward_order(r)) for r in roots]
    failures = []

    def search(root, n):
        for _ in range(30):
            order = autograd.backward_order(root)
            if len(order) != n or len(set(map(id, order))) != n:
                failures.append(len(order))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as Python can
    try:
        threads = [threading.Thread(target=search, args=(r, n)) for r, n in zip(roots, expected)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert expected == [1201] * 4             # 300 * (mul, tanh, mul, add) + the root
    assert failures == []


def test_the_forward_pass_log_is_math_log_bit_for_bit():
    # compiled, FLOAT_FAST.log calls C's log for a positive float (math.log's own call)
    import math
    import random

    from autograd.ops import FLOAT_FAST
    r = random.Random(17)
    xs = ([r.uniform(0.0, 2.0) for _ in range(5000)] + [10 ** r.uniform(-307, 308)
          for _ in range(5000)] + [5e-324, 2.2250738585072014e-308, 1.0, math.e, math.inf])
    assert [FLOAT_FAST.log(x) for x in xs] == [math.log(x) for x in xs]   # exactly
    assert math.isnan(FLOAT_FAST.log(math.nan))
    assert FLOAT_FAST.log(10 ** 400) == math.log(10 ** 400)   # an int too large for a float
    for bad in (0.0, -0.0, -1.0, -math.inf):
        with pytest.raises(ValueError, match="math domain error"):
            FLOAT_FAST.log(bad)
