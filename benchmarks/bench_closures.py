"""micrograd's extension idiom on tracegrad: ops written outside the class as
``out = Value(t, (self,), 'tanh'); out._backward = closure``, against the same ops in the
op table (or added with ``register_op``) and against micrograd running the same closure
code. Fwd+bwd of a chain of tanh and exp nodes, in µs per node, with the garbage
collector on as users run code; then the share of a dropped graph left for the cyclic
collector (each closure refers to its own node).

    python benchmarks/bench_closures.py            # or --quick

Not part of ``make bench``'s table: it documents the idiom's cost (README, "Coming from
micrograd").
"""

from __future__ import annotations

import gc
import math
import sys
import tracemalloc

if __package__ in (None, ""):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))

from measure import best_of

import autograd


def closure_ops(V):
    """tanh and exp the micrograd way, for the Value class V."""
    def tanh(self):
        t = math.tanh(self.data)
        out = V(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t * t) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = V(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out
    return tanh, exp


def _registered():
    """The same two ops through register_op (a name of their own)."""
    def tanh2(F, a):
        t = F.tanh(a)
        return t, (1.0 - t * t,)

    def exp2(F, a):
        e = F.exp(a)
        return e, (e,)
    return (autograd.register_op("tanh2", "tanh", tanh2),
            autograd.register_op("exp2", "exp", exp2))


def chain(V, tanh, exp, n: int) -> tuple[float, float]:
    x = V(0.5)
    y = x
    for _ in range(n // 2):
        y = tanh(y)
        y = exp(y)
        y = tanh(y)   # keeps the numbers small: tanh(e^y) in (0.76, 1)
    y.backward()
    return y.data, x.grad


def variants() -> dict:
    found = {"table ops (Value.tanh, Value.exp)": (autograd.Value, autograd.Value.tanh,
                                                   autograd.Value.exp),
             "register_op'd ops": (autograd.Value, *_registered()),
             "micrograd-style closures on tracegrad": (autograd.Value,
                                                       *closure_ops(autograd.Value))}
    try:
        from micrograd.engine import Value as M
        found["the same closures on micrograd 0.1.0"] = (M, *closure_ops(M))
    except ImportError:
        pass
    return found


def left_for_collector(V, tanh, exp, n: int) -> float:
    """The % of a dropped graph's memory (after backward) that only the cyclic collector
    frees, measured as ``bench_memory`` does."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        x = V(0.5)
        y = x
        for _ in range(n // 2):
            y = tanh(exp(tanh(y)))
        y.backward()
        held = tracemalloc.get_traced_memory()[0] - base
        del x, y
        left = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
        gc.collect()
        gc.enable()
    return 100.0 * max(left, 0) / held


def main(quick: bool = False) -> dict:
    """Print the figures; return {variant: (µs per node, % left for the collector)}."""
    n = 200 if quick else 20_000
    nodes = 3 * (n // 2)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * max(nodes, 3000)))   # micrograd recurses
    checks, figures = {}, {}
    print(f"chain of {nodes:,} tanh/exp nodes, fwd+bwd, best of {1 if quick else 5}:")
    try:
        for name, (V, tanh, exp) in variants().items():
            checks[name] = chain(V, tanh, exp, 20)       # short: the gradient stays > 0
            seconds, _ = best_of(1 if quick else 5, lambda: chain(V, tanh, exp, n))
            left = left_for_collector(V, tanh, exp, 2000)
            figures[name] = (seconds / nodes * 1e6, left)
            print(f"  {name:<40} {seconds / nodes * 1e6:7.3f} µs/node   "
                  f"dropped graph left for the cycle collector: {left:5.1f} %")
    finally:
        sys.setrecursionlimit(limit)
        for op in ("tanh2", "exp2"):
            if op in autograd.OPS:
                autograd.unregister_op(op)
    out, g = next(iter(checks.values()))
    for name, (o, gg) in checks.items():   # every variant computes the same numbers
        assert abs(o - out) <= 1e-12 and abs(gg - g) <= 1e-12 * abs(g) and g != 0, name
    return figures


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
