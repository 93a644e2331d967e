"""How the player, the quiz and the gate view write numbers and formulas.

Numbers are rounded to ``places`` decimals (trailing zeros dropped), and a number below 1
in magnitude to ``places`` significant digits, so a small gradient keeps its precision;
the same in the boxes and in the captions, so a sum on screen adds up:

>>> number(6.8813735870195432), number(-6.0), number(0.88137358), number(0.0013411)
('6.8814', '-6', '0.8814', '0.001341')
>>> times(["0.5", "-3"])
'0.5 · (-3)'
>>> from autograd.ops import OPS
>>> applied(OPS["dot"], ["-0.8", "-0.5", "0.5", "-1.25"])
'-0.8 · 0.5 + (-0.5) · (-1.25)'
"""

from __future__ import annotations

import math

from autograd.closures import is_closure, written

__all__ = ["number", "aligned", "parse", "times", "applied", "adds_up"]


def number(x: float, places: int = 4) -> str:
    """``x`` rounded to ``places`` decimals without trailing zeros, or below 1 in
    magnitude to ``places`` significant digits (``0.001341``, not ``0.0013``); below
    1e-4 or from 1e9 in scientific notation (``2.7e-10``).

    >>> number(-5.99582, 4), number(-0.00804108, 4), number(2.7e-10), number(0.99999)
    ('-5.9958', '-0.008041', '2.7e-10', '1')
    """
    x = float(x)
    decimals = _decimals(x, places)
    if decimals is None:
        return str(x) if x != x or math.isinf(x) else f"{x:.{max(places, 1)}g}"
    return _fixed(x, decimals)


def _decimals(x: float, places: int) -> int | None:
    """The decimals :func:`number` writes ``x`` with; None: not as a decimal fraction."""
    if x != x or math.isinf(x) or (x != 0.0 and (abs(x) < 1e-4 or abs(x) >= 1e9)):
        return None
    if 0.0 < abs(x) < 1.0:       # significant digits: one more decimal per leading zero
        return max(places, max(places, 1) - 1 - math.floor(math.log10(abs(x))))
    return places


def aligned(values: list[float], places: int) -> list[str]:
    """The numbers of a sum written to one number of decimals, the most :func:`number`
    uses for any of them, so that the sum of the numbers shown is the total shown (up to
    the rounding of the last digit): 4 significant digits alone would write
    ``0.0591 + (-0.147) = -0.08795``.

    >>> aligned([0.0590954, -0.1470489, -0.0879534], 4)
    ['0.0591', '-0.14705', '-0.08795']
    """
    found = [_decimals(float(x), places) for x in values]
    if any(d is None for d in found):
        return [number(x, places) for x in values]
    return [_fixed(float(x), max(found)) for x in values]


def _fixed(x: float, decimals: int) -> str:
    text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def parse(text: str) -> float:
    """The number a caption shows (the inverse of :func:`number`, up to rounding)."""
    return float(text.strip("()"))


def _operand(text: str, first: bool) -> str:
    return text if first or not text.startswith("-") else f"({text})"


def times(parts: list[str]) -> str:
    """``a · b``, a negative factor after the first in parentheses."""
    return " · ".join(_operand(p, i == 0) for i, p in enumerate(parts))


def applied(op, parts: list[str]) -> str:
    """``a * b`` for an operator symbol, ``tanh(a)`` for a named op (from the op table);
    the n-ary ops written out as sums: ``a + b + c``, ``w0 · x0 + w1 · x1``."""
    if is_closure(op) and written(op.symbol, parts):   # micrograd's _op: x**2, a + b
        return written(op.symbol, parts)
    if op.name == "sum":
        return " + ".join(_operand(p, i == 0) for i, p in enumerate(parts))
    if op.name == "dot":          # args: a_1..a_n, then b_1..b_n
        half = len(parts) // 2
        return " + ".join(times([_operand(a, i == 0), b])
                          for i, (a, b) in enumerate(zip(parts[:half], parts[half:])))
    if op.arity == 2 and not op.symbol.isalpha():   # (-2) ** 2, not -2 ** 2
        first = op.symbol != "**"
        return f" {op.symbol} ".join(_operand(p, first and i == 0) for i, p in enumerate(parts))
    return f"{op.symbol}({', '.join(parts)})"


def adds_up(shown: str, compute, places: int) -> bool:
    """Does ``compute()`` (arithmetic on the numbers as shown) round to ``shown``?"""
    try:
        return number(compute(), places) == shown
    except (ArithmeticError, ValueError):
        return False
