"""Checking gradients against central finite differences, and checking students' answers.

>>> from autograd.testing import gradcheck
>>> gradcheck(lambda x, y: (x * y).tanh(), [0.3, -1.2])
True

For exercises: ``check_local_derivative(rule, points, reference=...)`` checks one op's rule
(value and local derivatives) against a reference rule; ``check_backward(f, inputs,
reference=...)`` checks a whole graph node by node and names the node that is wrong;
``expect_close`` compares any number or list with the expected one; ``call_student`` and
``check_no_recursion`` run a student's function. A failure raises :class:`ExerciseFailure`,
whose message is a few lines: what is wrong, where, yours, expected (4 significant
digits), one hint. A function that still raises ``NotImplementedError`` raises
:class:`NotDoneYet`.
"""

from __future__ import annotations

import inspect
import math
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from .backward import gradients
from .modes import no_grad
from .ops import FLOAT, OPS, Op
from .text import visible
from .tracer import trace
from .value import _FACTORY, Value

__all__ = ["gradcheck", "numeric_gradients", "check_local_derivative", "check_backward",
           "op_function", "expect_close", "call_student", "check_no_recursion",
           "ExerciseFailure", "NotDoneYet", "fmt"]

_OURS = (str(Path(__file__).parent), str(Path(__file__).parents[1] / "nn"))


class ExerciseFailure(AssertionError):
    """A check that an exercise answer failed; its message is short and made for a student."""


class NotDoneYet(ExerciseFailure):
    """An exercise function that still raises NotImplementedError."""


class _RecursionDetected(BaseException):  # not an Exception: a student's `except` won't eat it
    pass


# --- showing numbers and things -------------------------------------------------------------

def fmt(x, digits: int = 4) -> str:
    """A number at ``digits`` significant digits; lists element by element; a Value by its
    label or data (never a bare repr that looks like another node).

    >>> fmt(0.53788284), fmt([1, 2.5]), fmt(None)
    ('0.5379', '[1, 2.5]', 'None')
    """
    if isinstance(x, Value):
        return f"Value '{visible(x.label)}' ({fmt(x.data, digits)})" if x.label else \
            f"a Value holding {fmt(x.data, digits)}"
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return repr(x)
    if isinstance(x, (list, tuple)):
        inner = ", ".join(fmt(v, digits) for v in x)
        return f"[{inner}]" if isinstance(x, list) else f"({inner}{',' * (len(x) == 1)})"
    try:
        return f"{float(x):.{digits}g}"
    except (TypeError, ValueError):
        return _a(x)


def _pair(yours, expected) -> tuple[str, str]:
    """Both at 4 significant digits, or more when they look equal at 4."""
    for digits in (4, 6, 8, 12, 17):
        a, b = fmt(yours, digits), fmt(expected, digits)
        if a != b:
            break
    return a, b


def _a(x) -> str:
    """'a float', 'an int', 'None', 'a Value', 'a list of 3', for shape messages."""
    if x is None:
        return "None"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)}"
    name = type(x).__name__
    if type(x).__module__ not in ("builtins", "autograd.value"):
        name = f"{type(x).__module__.split('.')[0]}.{name}"
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _failure(what: str, *, at: str | None = None, yours=None, expected=None,
             hint: str | None = None, numbers: bool = True) -> ExerciseFailure:
    lines = [what]
    if at:
        lines.append(f"  at        {at}")
    if numbers:
        y, e = _pair(yours, expected)
        lines += [f"  yours     {y}", f"  expected  {e}"]
    if hint:
        lines.append(f"  hint: {hint}")
    return ExerciseFailure("\n".join(lines))


def _close(a: float, n: float, atol: float, rtol: float) -> bool:
    return abs(a - n) <= atol + rtol * abs(n)  # written so that NaN fails


def _number(x) -> float | None:
    if isinstance(x, Value):
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


# --- running a student's function -------------------------------------------------------------

def _where(tb) -> str:
    """The last line of the traceback that is not in autograd/nn or the standard library."""
    frames = [f for f in traceback.extract_tb(tb)
              if not f.filename.startswith(_OURS) and "python3." not in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f"\n  line {f.lineno} of {Path(f.filename).name}: {(f.line or '').strip()}"


def call_student(fn: Callable, *args, name: str | None = None, hint: str | None = None,
                 **kwargs):
    """``fn(*args, **kwargs)``; an exception it raises becomes a short ExerciseFailure naming
    the exception and the student's line (NotImplementedError becomes NotDoneYet).

    >>> call_student(lambda x: 1 / x, 0, name="inverse")
    Traceback (most recent call last):
    ExerciseFailure: your inverse raised ZeroDivisionError: division by zero ...
    """
    __tracebackhide__ = True
    name = name or getattr(fn, "__name__", "function")
    try:
        return fn(*args, **kwargs)
    except (ExerciseFailure, _RecursionDetected):
        raise
    except NotImplementedError as e:
        raise NotDoneYet(f"{name} is not done yet: {e}") from None
    except RecursionError as e:
        raise ExerciseFailure(f"recursion detected: your {name} raised RecursionError ({e}); "
                              "use a loop and your own stack (a list)") from None
    except Exception as e:  # noqa: BLE001 - a student's error of any kind, told in a few lines
        text = f"your {name} raised {type(e).__name__}: {e}{_where(e.__traceback__)}"
        raise ExerciseFailure(text + (f"\n  hint: {hint}" if hint else "")) from None


def check_no_recursion(fn: Callable, *args, name: str | None = None, **kwargs):
    """Call ``fn`` and fail with "recursion detected" if any function of its file calls
    itself (directly or through another), even when it raised the recursion limit.

    >>> def depth(n): return 0 if n == 0 else 1 + depth(n - 1)
    >>> check_no_recursion(depth, 3)
    Traceback (most recent call last):
    ExerciseFailure: recursion detected: depth calls depth while depth is still running ...
    """
    __tracebackhide__ = True
    filename = fn.__code__.co_filename
    calls = [0]

    def tracer(frame, event, arg):
        calls[0] += 1
        if calls[0] > 20_000:     # a recursive answer has recursed by now: stop paying
            sys.settrace(previous)
            return None
        code = frame.f_code
        if code.co_filename == filename:
            caller = frame.f_back
            while caller is not None:
                if caller.f_code is code:
                    raise _RecursionDetected(code.co_name, frame.f_back.f_code.co_name)
                caller = caller.f_back
        return None   # no line events: only calls are watched

    name = name or fn.__name__
    limit = sys.getrecursionlimit()
    previous = sys.gettrace()   # a debugger's or coverage's tracer, put back afterwards
    sys.settrace(tracer)
    try:
        return call_student(fn, *args, name=name, **kwargs)
    except _RecursionDetected as e:
        inner, caller = e.args
        raise ExerciseFailure(
            f"recursion detected: {caller} calls {inner} while {inner} is still running\n"
            "  hint: keep your own stack (a list) and loop while it is not empty: a deep "
            "graph must not hit Python's recursion limit") from None
    finally:
        sys.settrace(previous)
        sys.setrecursionlimit(limit)


# --- comparing numbers -----------------------------------------------------------------------

def expect_close(what: str, yours, expected, *, at: str | None = None, hint: str | None = None,
                 slips: dict | None = None, rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Fail with a short message unless ``yours`` is ``expected`` (a number or a list of
    numbers) within ``atol + rtol * |expected|``. ``slips`` maps a description of a common
    mistake to the number(s) it gives; matching one names it.

    >>> expect_close("the loss", 2.5, 2.5)
    >>> expect_close("the loss", 1.25, 2.5, slips={"you halved it": 1.25})
    Traceback (most recent call last):
    ExerciseFailure: the loss is wrong: you halved it ...
    """
    __tracebackhide__ = True
    many = isinstance(expected, (list, tuple))

    def matches(value, target) -> bool:
        if isinstance(target, (list, tuple)):
            if not isinstance(value, (list, tuple)) and not hasattr(value, "__len__"):
                return False
            value = list(value)
            return len(value) == len(target) and all(matches(v, t)
                                                     for v, t in zip(value, target))
        number = _number(value)
        return number is not None and _close(number, float(target), atol, rtol)

    if matches(yours, expected):
        return
    if yours is None:
        raise _failure(f"{what}: your function returned None", hint=hint or
                       "is a `return` missing?", numbers=False)
    if many and (isinstance(yours, Value) or _number(yours) is not None):
        raise _failure(f"{what}: you gave one number where a list of {len(expected)} was "
                       "expected", yours=yours, expected=expected, at=at, hint=hint)
    if many and hasattr(yours, "__len__") and len(yours) != len(expected):
        raise _failure(f"{what}: you gave {len(yours)} values where {len(expected)} were "
                       "expected", yours=list(yours), expected=expected, at=at, hint=hint)
    if isinstance(yours, Value) and not many:
        raise _failure(f"{what}: you gave a Value where a number was expected", at=at,
                       hint="use .data (or float(v)) to get its number", numbers=False)
    wrong = f"{what} {'are' if many and len(expected) > 1 else 'is'} wrong"
    for description, slip in (slips or {}).items():
        if matches(yours, slip):
            raise _failure(f"{wrong}: {description}", at=at, yours=_plain(yours),
                           expected=expected, hint=hint)
    raise _failure(wrong, at=at, yours=_plain(yours), expected=expected, hint=hint)


def _plain(x):
    if isinstance(x, (list, tuple)) or (hasattr(x, "__len__") and not isinstance(x, str)):
        return [_plain(v) for v in x]
    n = _number(x)
    return x if n is None else n


# --- op rules --------------------------------------------------------------------------------

def _reference_rule(reference) -> Callable | None:
    if reference is None or callable(reference):
        return reference
    if reference not in OPS:
        raise KeyError(f"reference={reference!r} is not an op; choose one of {', '.join(OPS)}")
    return OPS[reference].rule


def _rule_result(result, name: str, params: list[str]) -> tuple[float, list[float]]:
    """(value, [derivatives]) from what a rule returned, or a message naming its shape."""
    __tracebackhide__ = True
    n = len(params)
    wanted = f"(out, ({', '.join(f'd out/d{p}' for p in params)}{',' * (n == 1)}))"
    derivative = f"{n} derivative{'s' * (n != 1)}"
    if not isinstance(result, (tuple, list)):
        hint = "is a `return` missing?" if result is None else f"return {wanted}"
        raise _failure(f"your {name} returned {_a(result)} where a tuple (value, derivatives) "
                       "was expected", hint=hint, numbers=False)
    if len(result) != 2:
        raise _failure(f"your {name} returned {len(result)} values where 2 were expected: the "
                       f"value, then a tuple of {derivative}", hint=f"return {wanted}",
                       numbers=False)
    value, local = result
    if not hasattr(local, "__len__") or isinstance(local, str):
        raise _failure(f"your {name} returned {_a(local)} where a tuple of {derivative} was "
                       "expected", hint=f"return {wanted} (mind the comma in a 1-tuple)",
                       numbers=False)
    if len(local) != n:
        raise _failure(f"your {name} returned {len(local)} derivative{'s' * (len(local) != 1)} "
                       f"where {derivative} (one per argument) "
                       f"{'was' if n == 1 else 'were'} expected", hint=f"return {wanted}",
                       numbers=False)
    if _number(value) is None:
        raise _failure(f"the value your {name} returned is {_a(value)}, not a number",
                       hint=f"return {wanted}", numbers=False)
    numbers = []
    for p, d in zip(params, local):
        if _number(d) is None:
            raise _failure(f"d out/d{p} in what your {name} returned is {_a(d)}, not a number",
                           hint=f"return {wanted}", numbers=False)
        numbers.append(_number(d))
    return _number(value), numbers


def _params(rule: Callable, n: int) -> list[str]:
    names = [p.name for p in inspect.signature(rule).parameters.values()
             if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)][1:]
    return (names + [f"x{i}" for i in range(len(names), n)])[:n]


def check_local_derivative(rule: Callable, points, *, reference: str | Callable | None = None,
                           name: str | None = None, hint: str | None = None,
                           eps: float = 1e-6, atol: float = 1e-6, rtol: float = 1e-4) -> bool:
    """Check ``rule(F, *args) -> (value, local_derivatives)`` at each point (a tuple of
    floats). With ``reference`` (an op name from the op table, or a rule) the value and
    every local derivative must equal the reference's (``rtol``, ``atol``); without one
    the check is only self-consistent: each derivative must match the central difference
    of the rule's *own* value, so a wrong value with a matching derivative passes.
    Returns True, or raises an ExerciseFailure naming the argument, the point, your
    number and the expected one.

    >>> def mul(F, a, b):
    ...     return a + b, (1.0, 1.0)        # consistent, but not mul
    >>> check_local_derivative(mul, [(2.0, 3.0)])
    True
    >>> check_local_derivative(mul, [(2.0, 3.0)], reference="mul")
    Traceback (most recent call last):
    ExerciseFailure: the value of your mul is wrong ...
    """
    __tracebackhide__ = True
    name = name or getattr(rule, "__name__", "rule")
    ref = _reference_rule(reference)
    for point in points:
        args = [float(x) for x in point]
        params = _params(rule, len(args))
        at = ", ".join(f"{p}={fmt(x)}" for p, x in zip(params, args))
        value, local = _rule_result(call_student(rule, FLOAT, *args, name=name), name, params)
        if ref is not None:
            expected, expected_local = ref(FLOAT, *args)
            if not _close(value, expected, 1e-9, 1e-7):
                raise _failure(f"the value of your {name} is wrong", at=at, yours=value,
                               expected=expected, hint="the first thing a rule returns is the "
                               "op's result itself; only then come the derivatives")
        else:
            expected_local = []
            for i in range(len(args)):
                up, down = args.copy(), args.copy()
                up[i] += eps
                down[i] -= eps
                high = _rule_result(call_student(rule, FLOAT, *up, name=name), name, params)[0]
                low = _rule_result(call_student(rule, FLOAT, *down, name=name), name, params)[0]
                expected_local.append((high - low) / (2 * eps))
        for p, d, e in zip(params, local, expected_local):
            if not _close(d, float(e), atol, rtol):
                source = "" if ref is not None else " (by central differences of your value)"
                raise _failure(f"d out/d{p}, the local derivative of your {name} with respect "
                               f"to {p}, is wrong{source}", at=at, yours=d, expected=e,
                               hint=hint)
    return True


def op_function(name: str, rule: Callable, arity: int = 1, symbol: str | None = None):
    """A function applying a rule to Values, as the built-in ops are applied: for trying
    out an exercise's rule inside a graph (it is not added to the op table). Its result's
    shape is checked on the way, so a wrong one is named, not met as a math error."""
    def checked(F, *args):
        __tracebackhide__ = True
        result = call_student(rule, F, *args, name=name)
        _rule_result(result, name, _params(rule, len(args)))
        return result
    return _FACTORY[arity](Op(name, symbol or name, arity, checked, "an exercise's rule"))


# --- graphs -----------------------------------------------------------------------------------

def _node_name(graph, node) -> str:
    shown = ", ".join(f"%{a}" if type(a) is int else fmt(a) for a in node.args)
    text = f"%{node.id}" if node.op is None else f"%{node.id} = {node.op.name}({shown})"
    return text + (f" [{visible(node.label)}]" if node.label else "")


def _call_text(op: str, args) -> str:
    return f"{op}({', '.join(fmt(x) for x in args)})"


def _look_at(i: int, n: int, op: str) -> str:
    """The hint for a wrong local derivative #i of an op with n arguments.

    >>> _look_at(1, 2, "mul")
    'look at the second local derivative that the rule for mul returns'
    """
    which = ("the local derivative" if n == 1 else
             f"the {['first', 'second', 'third'][i]} local derivative" if i < 3 else
             f"local derivative number {i + 1}")
    return f"look at {which} that the rule for {op} returns"


def _arg_name(graph, i: int) -> str:
    return f"%{i}" + (f" [{visible(graph[i].label)}]" if graph[i].label else "")


def _build(f: Callable, names: list[str], inputs, name: str, student: bool, hint=None):
    __tracebackhide__ = True
    leaves = [Value(float(x), label=n) for n, x in zip(names, inputs)]
    out = call_student(f, *leaves, name=name, hint=hint) if student else f(*leaves)
    if not isinstance(out, Value):
        raise _failure(f"your {name} returned {_a(out)} where a Value was expected",
                       hint="build the result from the inputs with Value ops, so that "
                       "backward() can run through it", numbers=False)
    return leaves, out


def _inputs_text(names: list[str], inputs) -> str:
    """``x=0.5, w=-2``; the inputs of one ``*args`` as a list: ``logits=[2, -1, 0.5]``.

    >>> _inputs_text(["x", "zs[0]", "zs[1]"], [0.5, 2.0, -1.0])
    'x=0.5, zs=[2, -1]'
    """
    parts: list[tuple[str, list]] = []
    for n, x in zip(names, inputs):
        base = n.split("[")[0] if n.endswith("]") else None
        if base and parts and parts[-1][0] == base + "[]":
            parts[-1][1].append(x)
        else:
            parts.append((base + "[]" if base else n, [x]))
    return ", ".join(f"{n[:-2]}={fmt(xs)}" if n.endswith("[]") else f"{n}={fmt(xs[0])}"
                     for n, xs in parts)


def _labels(f: Callable, n: int) -> list[str]:
    """Input labels from f's parameter names: ``x, w`` or ``logits[0], logits[1]``."""
    names = []
    for p in inspect.signature(f).parameters.values():
        if p.kind == p.VAR_POSITIONAL:
            names += [f"{p.name}[{i}]" for i in range(n - len(names))]
        elif p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            names.append(p.name)
    return (names + [f"x{i}" for i in range(len(names), n)])[:n]


def check_backward(f: Callable, inputs, *, reference: Callable | None = None,
                   name: str | None = None, hint: str | None = None,
                   slips: dict[str, Callable] | None = None, given: str | None = None,
                   eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    """Build ``f(*inputs)`` on labelled inputs and check it. With ``reference`` (a function
    building the right graph): the output's value and every input's gradient must equal
    the reference's, and when both graphs have the same ops the first node whose value
    or local derivative differs is named (``%5 = tanh(%4)``, as in ``trace``'s listing).
    Without a reference the check is only self-consistent: every node's local
    derivatives against finite differences of its own op, and the inputs' gradients
    against finite differences of ``f``. ``slips`` maps a description of a common mistake
    to a function giving its (wrong) output: a wrong output matching one is named.
    ``given`` describes what ``f`` uses besides its inputs (``"target=2"``), for messages.

    >>> check_backward(lambda x, y: (x * y + 1).tanh(), [0.5, -2.0],
    ...                reference=lambda x, y: (x * y + 1).tanh())
    True
    """
    __tracebackhide__ = True
    name = name or getattr(f, "__name__", "f")
    names = _labels(f, len(inputs))
    leaves, out = _build(f, names, inputs, name, True, hint)
    graph = trace(out)
    inside = {n.value for n in graph.inputs}
    if not any(leaf in inside for leaf in leaves):
        raise _failure(f"the output of your {name} does not depend on the inputs "
                       f"({', '.join(names)})", hint="a new Value(...) made from numbers is a "
                       "leaf and cuts the graph: build the result from the inputs with "
                       "Value ops", numbers=False)
    if reference is not None:
        _compare_with_reference(graph, leaves, out, reference, names, inputs, name, hint,
                                slips or {}, given)
    else:
        _check_nodes_by_differences(graph, eps, atol, rtol, hint)
        analytic = [float(g) for g in gradients(out, leaves)]
        numeric = numeric_gradients(f, [v.data for v in leaves], eps)
        for leaf, a, n in zip(leaves, analytic, numeric):
            if not _close(a, n, 100 * atol, rtol) and not math.isnan(n):
                raise _failure(f"d output/d{leaf.label} by backward() differs from finite "
                               "differences", yours=a, expected=n, hint="every local "
                               "derivative is right, so look at how they are combined")
    return True


def _compare_with_reference(graph, leaves, out, reference, names, inputs, name, hint, slips,
                            given=None):
    __tracebackhide__ = True
    at = _inputs_text(names, inputs) + (f"; {given}" if given else "")
    ref_leaves, ref_out = _build(reference, names, inputs, "reference", False)
    ref_graph = trace(ref_out)
    if [n.op for n in graph] == [n.op for n in ref_graph] or \
            [n.op and n.op.name for n in graph] == [n.op and n.op.name for n in ref_graph]:
        for node, ref in zip(graph, ref_graph):
            if node.op is None:
                continue
            point = tuple(graph[x].data if type(x) is int else x for x in node.args)
            if not _close(node.data, ref.data, 1e-9, 1e-7):
                raise _failure(f"node {_node_name(graph, node)}: its value is wrong",
                               at=_call_text(node.op.name, point),
                               yours=node.data, expected=ref.data, hint="the first thing "
                               f"the rule for {node.op.name} returns is its value")
            for i, (a, d, e) in enumerate(zip(node.args, node.local_grads, ref.local_grads)):
                if type(a) is int and not _close(float(d), float(e), 1e-6, 1e-4):
                    raise _failure(f"node {_node_name(graph, node)}: its local derivative "
                                   f"with respect to {_arg_name(graph, a)} is wrong",
                                   at=_call_text(node.op.name, point),
                                   yours=d, expected=e,
                                   hint=hint or _look_at(i, len(node.args), node.op.name))
    if not _close(out.data, ref_out.data, 1e-9, 1e-7):
        for description, slip in slips.items():
            with no_grad():
                wrong = float(slip(*[Value(float(x)) for x in inputs]))
            if _close(out.data, wrong, 1e-9, 1e-7):
                raise _failure(f"the output of your {name} is wrong: {description}", at=at,
                               yours=out.data, expected=ref_out.data, hint=hint)
        raise _failure(f"the output of your {name} is wrong", at=at, yours=out.data,
                       expected=ref_out.data, hint=hint)
    yours = gradients(out, leaves)
    expected = gradients(ref_out, ref_leaves)
    inside = {n.value for n in graph.inputs}
    for leaf, g, e in zip(leaves, yours, expected):
        if not _close(float(g), float(e), 1e-7, 1e-5):
            cut = "" if leaf in inside else (f"; your output does not depend on {leaf.label} "
                                              "(did a new Value(...) cut the graph?)")
            raise _failure(f"d output/d{leaf.label}, the gradient of your {name}'s output, "
                           f"is wrong{cut}", at=at, yours=g, expected=e, hint=hint)


def _check_nodes_by_differences(graph, eps, atol, rtol, hint):
    __tracebackhide__ = True
    for node in graph:
        if node.op is None:
            continue
        args = [graph[a].data if type(a) is int else a for a in node.args]
        for i, (a, d) in enumerate(zip(node.args, node.local_grads)):
            if type(a) is not int:
                continue
            up, down = args.copy(), args.copy()
            up[i] += eps
            down[i] -= eps
            rule = node.op.rule
            numeric = (rule(FLOAT, *up)[0] - rule(FLOAT, *down)[0]) / (2 * eps)
            if not _close(float(d), numeric, atol, rtol):
                raise _failure(f"node {_node_name(graph, node)}: its local derivative with "
                               f"respect to {_arg_name(graph, a)} disagrees with finite "
                               f"differences of {node.op.name}", at=_call_text(node.op.name, args),
                               yours=float(d), expected=numeric,
                               hint=hint or _look_at(i, len(node.args), node.op.name))


# --- finite differences -------------------------------------------------------------------------

def _call(f: Callable, xs: Sequence[float]) -> float:
    with no_grad():
        out = f(*[Value(x) for x in xs])
    return float(out)


def numeric_gradients(f: Callable, inputs: Sequence[float], eps: float = 1e-6) -> list[float]:
    """Central differences ``(f(x + eps) - f(x - eps)) / (2 eps)``, one input at a time."""
    xs = [float(x) for x in inputs]
    result = []
    for i in range(len(xs)):
        up, down = xs.copy(), xs.copy()
        up[i] += eps
        down[i] -= eps
        result.append((_call(f, up) - _call(f, down)) / (2 * eps))
    return result


def gradcheck(f: Callable, inputs: Sequence[float | Value], eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    """Compare autograd's gradients of ``f(*inputs)`` with central finite differences.

    ``f`` takes one Value per input and returns a Value. An input passes when
    ``|analytic - numeric| <= atol + rtol * |numeric|``. Returns True, or raises an
    AssertionError that lists every input with its analytic and numeric gradient and
    their relative error.
    """
    xs = [float(x) for x in inputs]
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, got {type(out).__name__}")
    analytic = [float(g) for g in gradients(out, leaves)]
    numeric = numeric_gradients(f, xs, eps)
    rows, failed = [], False
    for i, (x, a, n) in enumerate(zip(xs, analytic, numeric)):
        bad = not abs(a - n) <= atol + rtol * abs(n)  # written so that NaN fails
        failed |= bad
        rel = abs(a - n) / max(abs(n), 1e-12)
        rows.append(f"  {'FAIL' if bad else 'ok  '} input {i} = {x!r}: analytic {a!r}, "
                    f"numeric {n!r}, relative error {rel:.3g}")
    if failed:
        name = getattr(f, "__name__", "f")
        raise AssertionError(f"gradcheck failed for {name} (eps={eps}, atol={atol}, "
                             f"rtol={rtol}):\n" + "\n".join(rows))
    return True
