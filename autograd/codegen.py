"""From a traced graph to code: the backward pass written out as a Python program.

``Graph.to_python()`` is the source of a straight-line function: one line per node
forward (``n5 = x1 * w1``), one line per edge backward (``g_x1 += g_n5 * w1``), in the
order ``backward()`` applies them, with the names the listing and the diagrams use (a
node's label, or ``n5`` for ``%5``) and constants written in. Every line comes from the
op table: each op's rule is run on symbols (``autograd/symbolic.py``), so the program
performs the float operations ``backward()`` does, in the same order.

``Graph.compile()`` runs that program: on floats it returns exactly what ``backward()``
gives; with ``backend="numpy"`` (or ``"torch"``) every variable is an array, so a graph
traced for one sample evaluates a whole batch at once.

>>> from autograd import Value, trace
>>> x = Value(3.0, label="x")
>>> y = x * x + 1; y.label = "y"
>>> print(trace(y).to_python())
from autograd.ops import FLOAT as F
<BLANKLINE>
def f(x):
    # forward: one line per node (%id as in the listing)
    n1 = x * x                # %1 = mul(%0, %0)
    y = n1 + 1.0              # %2 = add(%1, 1.0)
    # backward: d y / d node, one line per edge, in the order backward() runs them
    g_y = 1.0
    g_n1 = g_x = 0.0
    g_n1 += g_y               # ∂%2/∂%1 = 1
    g_x += g_n1 * x           # ∂%1/∂%0
    g_x += g_n1 * x           # ∂%1/∂%0
    return y, (g_x,)
>>> trace(y).compile()(3.0)
(10.0, (6.0,))
"""

from __future__ import annotations

import keyword
import linecache
import weakref
from collections.abc import Sequence
from itertools import count
from typing import Any

import numpy as np

from .backward import backward_order
from .closures import is_closure
from .ops import FLOAT, DomainError
from .symbolic import CodegenError, Sym, functions, instantiate, show, template

__all__ = ["to_python", "compile_graph", "CompiledGraph", "CodegenError", "BACKENDS",
           "NUMPY", "torch_math"]

BACKENDS = ("python", "numpy", "torch")
_HEADER = {"python": "from autograd.ops import FLOAT as F",
           "numpy": "from autograd.codegen import NUMPY as F",
           "torch": "from autograd.codegen import torch_math\nF = torch_math()"}
_RESERVED = {"F", "sum", "abs", "where", "inf", "nan", "out", "math", "np", "torch", "float",
             "exp", "log", "sqrt", "tanh", "sigmoid", "softplus", "expm1", "sin", "cos", "pow",
             "log1p", *[x for x in dir(FLOAT) if not x.startswith("_")]}
_compiled = count()


# --- the math namespaces the generated code runs with ----------------------------------

class NUMPY:
    """The op table's math on NumPy arrays, element-wise; the same formulas as ``FLOAT``
    (IEEE at the edges: log(0) is -inf, no DomainError)."""

    where = staticmethod(np.where)

    @staticmethod
    def step(x):
        return np.where(x > 0.0, 1.0, 0.0)

    @staticmethod
    def sigmoid(x):
        e = np.exp(-np.abs(x))                   # as FLOAT: 1/(1+e^-x), or e^x/(1+e^x)
        return np.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))

    @staticmethod
    def softplus(x):
        return np.where(x > 0.0, x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _numpy_functions() -> None:
    for name, f in (("exp", np.exp), ("log", np.log), ("sqrt", np.sqrt), ("tanh", np.tanh),
                    ("expm1", np.expm1), ("sin", np.sin), ("cos", np.cos),
                    ("pow", np.power), ("log1p", np.log1p)):
        setattr(NUMPY, name, staticmethod(f))


_numpy_functions()
_TORCH: Any = None


def torch_math():
    """The op table's math on torch tensors (float64), built on first use (imports torch)."""
    global _TORCH
    if _TORCH is not None:
        return _TORCH
    import torch

    f64 = torch.float64

    def t(x):
        return x if isinstance(x, torch.Tensor) else torch.as_tensor(x, dtype=f64)

    def sigmoid(x):
        x = t(x)
        e = torch.exp(-torch.abs(x))
        return torch.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))

    def softplus(x):
        x = t(x)
        return torch.where(x > 0.0, x, 0.0) + torch.log1p(torch.exp(-torch.abs(x)))

    def step(x):
        return torch.where(t(x) > 0.0, 1.0, 0.0)

    def lift(f):
        return staticmethod(lambda *xs: f(*map(t, xs)))

    names = {"exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "tanh": torch.tanh,
             "expm1": torch.expm1, "sin": torch.sin, "cos": torch.cos, "pow": torch.pow,
             "log1p": torch.log1p, "where": torch.where, "sigmoid": sigmoid,
             "softplus": softplus, "step": step}
    _TORCH = type("TORCH", (), {name: lift(f) for name, f in names.items()})
    _TORCH.__doc__ = "The op table's math on torch tensors, element-wise."
    return _TORCH


def _namespace(backend: str):
    if backend == "python":
        return FLOAT
    if backend == "numpy":
        return NUMPY
    return torch_math()


# --- names ---------------------------------------------------------------------------------

def _names(graph) -> list[str]:
    """A Python name per node: its label if that is a free identifier, else ``label_<id>``,
    else ``n<id>`` (``%5`` is ``n5``); ``g_<name>`` is its gradient."""
    labels = [n.label for n in graph.nodes]
    repeated = {x for x in labels if labels.count(x) > 1} if len(labels) < 2000 else None
    if repeated is None:
        seen: dict[str, int] = {}
        for x in labels:
            seen[x] = seen.get(x, 0) + 1
        repeated = {x for x, k in seen.items() if k > 1}
    taken = set(_RESERVED)
    names = []
    for n, label in zip(graph.nodes, labels):
        ok = label.isidentifier() and not keyword.iskeyword(label) and label.isascii() \
            and not label.startswith("g_") and not label.startswith("__")
        candidates = []
        if ok and label not in repeated:
            candidates.append(label)
        if ok:
            candidates.append(f"{label}_{n.id}")
        candidates.append(f"n{n.id}")
        name = next((c for c in candidates if c not in taken and f"g_{c}" not in taken), None)
        while name is None or name in taken:
            name = f"n{n.id}_" if name is None else name + "_"
        taken.update((name, f"g_{name}"))
        names.append(name)
    return names


def _expression(node) -> str:
    if node.op is None:
        return "input"
    shown = [f"%{a}" if type(a) is int else repr(a) for a in node.args]
    return f"{node.op.name}({', '.join(shown)})"


# --- the program ---------------------------------------------------------------------------

class _Forms:
    """One op with one pattern of arguments (which are nodes, which constants), printed
    once as format strings: ``{0}``, ``{1}``... name the node arguments, ``{s}`` the node
    and ``{g}`` its gradient (generated code has no braces of its own)."""

    __slots__ = ("out", "local", "used")

    def __init__(self, t, args: tuple, cond: bool) -> None:
        syms = [Sym("var", f"{{{k}}}") if type(a) is int else Sym("const", a)
                for k, a in enumerate(args)]
        own = Sym("var", "{s}")
        self.used: set[str] = set()
        out = instantiate(t.out, syms, own)
        functions(out, self.used)
        self.out = show(out, cond)
        self.local = []
        for k, a in enumerate(args):
            if type(a) is not int:
                self.local.append(None)
                continue
            d = instantiate(t.local[k], syms, own)
            if d.kind == "const" and type(d.a[0]) is not bool and d.a[0] in (1.0, -1.0):
                self.local.append("+" if d.a[0] == 1.0 else "-")   # g * ±1.0 is ±g exactly
                continue
            functions(d, self.used)
            self.local.append(show(Sym("bin", "*", Sym("var", "{g}"), d), cond))


def _lines(graph, backend: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], set,
                                        list[str]]:
    """(forward lines, backward lines) as (code, comment) pairs, the functions used and
    the node names."""
    names = _names(graph)
    cond = backend == "python"
    used: set[str] = set()
    n_in = len(graph.inputs)
    cache: dict[tuple, _Forms] = {}
    forward, forms_of = [], {}
    for n in graph.nodes[n_in:]:
        if n.op is None:
            raise CodegenError(f"node %{n.id} is a leaf after the inputs: not a traced graph")
        label = f" ({n.label!r})" if n.label else ""
        if is_closure(n.op):
            raise CodegenError(f"node %{n.id}{label}, {_expression(n)}: made by a "
                               "micrograd-style _backward closure, which has no code form "
                               "(its derivative is hidden in a function, not written as a "
                               "rule): define the op with autograd.register_op instead")
        try:
            t = template(n.op, len(n.args))
        except CodegenError as e:
            raise CodegenError(f"node %{n.id}{label}, {_expression(n)}: {e}") from None
        key = (id(t), *[None if type(a) is int else repr(a) for a in n.args])  # -0.0, nan
        forms = cache.get(key)
        if forms is None:
            forms = cache[key] = _Forms(t, n.args, cond)
            used |= forms.used
        arg_names = [names[a] if type(a) is int else "" for a in n.args]
        forward.append((f"{names[n.id]} = {forms.out.format(*arg_names, s=names[n.id])}",
                        f"%{n.id} = {_expression(n)}"))
        forms_of[n.id] = (forms, arg_names)
    backward = []
    outputs = [o.id for o in graph.outputs]
    order = [graph.node_of(v).id for v in backward_order([o.value for o in graph.outputs])]
    seeds = {i: float(outputs.count(i)) for i in outputs}
    for i, k in seeds.items():
        backward.append((f"g_{names[i]} = {k!r}", ""))
    zeros = [i for i in order if i not in seeds]
    zeros += [n.id for n in graph.inputs if n.id not in seeds]
    row: list[str] = []
    for i in zeros:                       # g_a = g_b = ... = 0.0, about 80 characters a line
        row.append(f"g_{names[i]}")
        if sum(map(len, row)) + 3 * len(row) > 70:
            backward.append((" = ".join(row) + " = 0.0", ""))
            row = []
    if row:
        backward.append((" = ".join(row) + " = 0.0", ""))

    for i in order:
        forms, arg_names = forms_of[i]
        g = f"g_{names[i]}"
        for a, local in zip(graph.nodes[i].args, forms.local):
            if local is None:
                continue
            target, where = f"g_{names[a]}", f"∂%{i}/∂%{a}"
            if local in ("+", "-"):
                term, sign, note = g, local, f"{where} = {1 if local == '+' else -1}"
            else:
                term, sign, note = local.format(*arg_names, s=names[i], g=g), "+", where
            # arrays: a new array each time (an in-place += could not grow a shared
            # gradient from one number to a batch, and could write through an alias)
            code = f"{target} {sign}= {term}" if cond else f"{target} = {target} {sign} {term}"
            backward.append((code, note))
    return forward, backward, used, names


def _source(graph, backend: str, name: str, comments: bool) -> tuple[str, list[str]]:
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, "
                         f"got {backend!r}")
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"name must be a Python identifier, got {name!r}")
    forward, backward, used, names = _lines(graph, backend)
    params = [names[n.id] for n in graph.inputs]
    constants = sorted(used & {"inf", "nan"})
    functions_line = sorted(used - {"sum", "abs", "inf", "nan"}
                            - ({"where"} if backend == "python" else set()))
    F = _namespace(backend) if backend != "torch" else None
    for f in functions_line:
        if F is not None and not callable(getattr(F, f, None)):
            raise CodegenError(f"the {backend} backend has no function {f!r} (used by a "
                               "registered op's rule)")
    outs = [names[o.id] for o in graph.outputs]
    out_text = outs[0] if len(outs) == 1 else f"({', '.join(outs)})"
    grads = ", ".join(f"g_{x}" for x in params) + ("," if len(params) == 1 else "")
    root = outs[0] if len(outs) == 1 else "the outputs' sum"
    lines = [_HEADER[backend]]
    if functions_line:
        lines.append(f"{', '.join(functions_line)} = "
                     + ", ".join(f"F.{f}" for f in functions_line))
    if constants:
        lines.append(f"from math import {', '.join(constants)}")
    lines += ["", f"def {name}({', '.join(params)}):"]

    def block(rows, title):
        lines.append(f"    # {title}")
        width = min(max((len(c) for c, note in rows if note), default=0), 40)
        for code, note in rows:
            lines.append(f"    {code:<{width}}  # {note}" if comments and note
                         else f"    {code}")

    if forward:
        block(forward, "forward: one line per node (%id as in the listing)")
    block(backward, f"backward: d {root} / d node, one line per edge, in the order "
                    "backward() runs them")
    lines.append(f"    return {out_text}, ({grads})")
    return "\n".join(lines) + "\n", params


def to_python(graph, name: str = "f", backend: str = "python", comments: bool = True) -> str:
    """The source of a function computing the graph's outputs and the gradients of its
    inputs (see the module docstring). ``backend="numpy"`` or ``"torch"`` gives the
    array form (``where(c, x, y)`` for a branch)."""
    return _source(graph, backend, name, comments)[0]


# --- calling it ---------------------------------------------------------------------------

class CompiledGraph:
    """A graph's program, ready to call: ``f(*inputs)`` or ``f(**by_label)`` returns
    ``(output, gradients)``: the output (a tuple for several), and the gradient of the
    output (of the outputs' sum) with respect to each input, in ``inputs`` order.

    ``source`` is its code, ``input_names`` its parameters, ``backend`` how it runs. With
    ``backend="numpy"`` or ``"torch"``, an input may be a 1-D array (one number per sample,
    all the same length) or a number shared by every sample: outputs are per sample, a
    batched input's gradient is per sample and a shared input's is summed over the batch
    (``reduction="sum"``, the gradient of the summed outputs) or per sample (``reduction="none"``).

    >>> from autograd import trace_fn
    >>> f = trace_fn(lambda x, w: x * w, 2.0, 3.0).compile("numpy")
    >>> out, (dx, dw) = f([1.0, 2.0], 3.0)       # two samples, one shared w
    >>> out.tolist(), dx.tolist(), float(dw)
    ([3.0, 6.0], [3.0, 3.0], 3.0)
    """

    def __init__(self, graph, backend: str = "python", name: str = "f",
                 reduction: str = "sum") -> None:
        if reduction not in ("sum", "none"):
            raise ValueError(f"reduction must be 'sum' or 'none', got {reduction!r}")
        self.backend, self.reduction = backend, reduction
        self.source, self.input_names = _source(graph, backend, name, comments=False)
        self.labels = [n.label for n in graph.inputs]
        self._graph = graph
        self._multi = len(graph.outputs) > 1
        filename = f"<tracegrad compiled {name} #{next(_compiled)}>"
        code = compile(self.source, filename, "exec")
        linecache.cache[filename] = (len(self.source), None,   # tracebacks show the line
                                     self.source.splitlines(True), filename)
        weakref.finalize(self, linecache.cache.pop, filename, None)
        scope: dict = {}
        exec(code, scope)
        self.function = scope[name]
        self._call = self._python if backend == "python" else self._arrays

    def __repr__(self) -> str:
        return (f"<CompiledGraph {self.backend}: {len(self.input_names)} inputs, "
                f"{len(self._graph)} nodes>")

    def __call__(self, *values, **by_label):
        if by_label or len(values) != len(self.input_names):
            values = self._arrange(values, by_label)
        return self._call(values)

    def _arrange(self, values: tuple, by_label: dict) -> list:
        n = len(self.input_names)
        if len(values) > n:
            raise TypeError(f"compiled graph: {len(values)} values for {n} inputs")
        full: list = list(values) + [None] * (n - len(values))
        for label, x in by_label.items():
            found = [i for i, lab in enumerate(self.labels) if lab == label]
            if len(found) != 1:
                known = ", ".join(repr(x) for x in self.labels if x) or "none"
                raise TypeError(f"compiled graph: {len(found)} inputs are labelled {label!r} "
                                f"(labels: {known})")
            if full[found[0]] is not None:
                raise TypeError(f"compiled graph: input {label!r} given twice")
            full[found[0]] = x
        missing = [self._name(i) for i, x in enumerate(full) if x is None]
        if missing:
            raise TypeError(f"compiled graph: no value for input {', '.join(missing)}")
        return full

    def _name(self, i: int) -> str:
        return repr(self.labels[i]) if self.labels[i] else f"%{self._graph.inputs[i].id}"

    # floats: exactly backward()'s numbers
    def _python(self, values):
        for i, x in enumerate(values):
            if type(x) is not float:
                if isinstance(x, bool) or not isinstance(x, (int, float)) or \
                        type(x).__name__ == "Value":
                    raise TypeError(f"compiled graph: input {self._name(i)} must be a number, "
                                    f"got {type(x).__name__}; backend='numpy' takes arrays")
                values = list(values)
                values[i] = float(x)
        try:
            return self.function(*values)
        except (ArithmeticError, ValueError):
            raise _locate(self._graph, values) from None

    # arrays: one sample per element
    def _arrays(self, values):
        torch = None
        if self.backend == "torch":
            import torch
        batch, who, args, batched = None, None, [], []
        for i, x in enumerate(values):
            if type(x) is float or (isinstance(x, (int, float, np.floating, np.integer))
                                    and not isinstance(x, bool)):
                args.append(float(x))        # a number shared by every sample
                batched.append(False)
                continue
            a = _array(x, self._name(i) if type(x).__name__ == "Value" else i, self, torch)
            if a is None:
                args.append(float(x))       # a 0-d array: one number
                batched.append(False)
                continue
            if batch is not None and len(a) != batch:
                raise ValueError(f"compiled graph: batch lengths differ: input {who} has "
                                 f"{batch} samples, input {self._name(i)} has {len(a)}")
            batch, who = len(a), self._name(i)
            args.append(a)
            batched.append(True)
        batch = 1 if batch is None else batch
        if torch is None:
            with np.errstate(all="ignore"):  # where() computes both branches
                out, grads = self.function(*args)
            dim = np.ndim

            def full(x):
                return np.full(batch, x, dtype=np.float64) if np.ndim(x) == 0 \
                    else np.asarray(x, dtype=np.float64)
        else:
            with torch.no_grad():
                out, grads = self.function(*args)

            def dim(x):
                return x.dim() if isinstance(x, torch.Tensor) else 0

            def full(x):
                x = torch.as_tensor(x, dtype=torch.float64)
                return x.expand(batch).clone() if x.dim() == 0 else x
        out = tuple(map(full, out)) if self._multi else full(out)
        per_sample = self.reduction == "none"
        grads = tuple(full(g) if b or per_sample else
                      (g.sum() if dim(g) else g * float(batch))
                      for g, b in zip(grads, batched))
        return out, grads


def _array(x, i, compiled, torch):
    """``x`` as a 1-D float64 array (or tensor), or None for a 0-d one."""
    if isinstance(i, str):
        raise TypeError(f"compiled graph: input {i} is a Value; give numbers or arrays")
    try:
        a = torch.as_tensor(x, dtype=torch.float64) if torch is not None \
            else np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise TypeError(f"compiled graph: input {compiled._name(i)} must be a number or a 1-D "
                        f"array of numbers, got {type(x).__name__} ({e})") from None
    if a.ndim == 0:
        return None
    if a.ndim != 1:
        raise ValueError(f"compiled graph: input {compiled._name(i)} has shape "
                         f"{tuple(a.shape)}; give one number per sample (a 1-D array) or one "
                         "number for all")
    return a


def _locate(graph, values: Sequence[float]) -> Exception:
    """The DomainError the tape would raise on these inputs, naming the node."""
    data = {n.id: x for n, x in zip(graph.inputs, values)}
    for n in graph.nodes[len(graph.inputs):]:
        inputs = [data[a] if type(a) is int else a for a in n.args]
        try:
            data[n.id] = n.op.rule(FLOAT, *inputs)[0]
        except (ArithmeticError, ValueError):
            shown = ", ".join(map(repr, inputs))
            label = f" ({n.label!r})" if n.label else ""
            return DomainError(f"{n.op.name}({shown}) at node %{n.id}{label}: "
                               f"{n.op.domain or 'no real result'}")
    return DomainError("the compiled graph raised an arithmetic error the op rules do not")


def compile_graph(graph, backend: str = "python", name: str = "f",
                  reduction: str = "sum") -> CompiledGraph:
    """``Graph.compile``: the graph's program as a :class:`CompiledGraph`."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, "
                         f"got {backend!r}")
    return CompiledGraph(graph, backend, name, reduction)

