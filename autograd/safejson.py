"""JSON from an untrusted file, with errors that say where: no ``RecursionError`` on deep
nesting, no number silently turned into ``inf``, no ``UnicodeDecodeError``.

>>> loads('{"nodes": [{"data": 1e400}]}')["nodes"][0]["data"]
<number 1e400, too large for a float>
>>> loads('{"nodes": [1, [[' + '[' * 100_000 + ']' * 100_002 + ']}')
Traceback (most recent call last):
JSONError: nested too deeply (at nodes[1][0][0]...)
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = ["loads", "JSONError", "TooLarge"]


class JSONError(ValueError):
    """Text that is not JSON (or too deep to read); ``path`` says where, as a list of
    keys and indices (``["nodes", 3, "args"]``)."""

    def __init__(self, message: str, path: list) -> None:
        super().__init__(f"{message} (at {format_path(path)})")
        self.path = path


class TooLarge:
    """A number in the text that does not fit a float (``1e400``, 400 digits): kept
    as its text so the reader refuses it where it stands, naming the field."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        shown = self.text if len(self.text) <= 24 else f"{self.text[:12]}…({len(self.text)} digits)"
        return f"<number {shown}, too large for a float>"


def _float(text: str) -> float | TooLarge:
    x = float(text)
    return TooLarge(text) if math.isinf(x) else x


def _int(text: str) -> int | TooLarge:
    if len(text) > 309:                     # no float has more digits before its point
        return TooLarge(text)
    n = int(text)
    try:
        float(n)
    except OverflowError:
        return TooLarge(text)
    return n


def loads(text: str | bytes | bytearray) -> Any:
    """``json.loads`` that raises only :class:`JSONError` (with the path of the problem)
    for malformed text, and returns :class:`TooLarge` for numbers beyond a float."""
    if isinstance(text, (bytes, bytearray)):
        encoding = json.detect_encoding(text)
        if encoding not in ("utf-8", "utf-8-sig"):      # JSON files are UTF-8 (RFC 8259)
            raise JSONError(f"not UTF-8 text: the bytes look like {encoding.upper()}; "
                            "save the file as UTF-8", [])
        try:
            text = bytes(text).decode(encoding)
        except UnicodeDecodeError as e:
            prefix = bytes(text[:e.start]).decode("utf-8", "replace")
            raise JSONError(f"not UTF-8 text: byte {e.start} is {text[e.start]:#04x}",
                            path_at(prefix, len(prefix))) from None
    if not isinstance(text, str):
        raise TypeError(f"expected JSON text (str or bytes), got {type(text).__name__}")
    try:
        return json.loads(text, parse_float=_float, parse_int=_int)
    except json.JSONDecodeError as e:
        raise JSONError(f"not JSON: {e.msg} at line {e.lineno} column {e.colno}",
                        path_at(text, e.pos)) from None
    except RecursionError:
        raise JSONError("nested too deeply", path_at(text, len(text), max_depth=100)) from None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')


def path_at(text: str, stop: int, max_depth: int | None = None) -> list:
    """The path (keys and indices) of the position ``stop`` in JSON ``text``, or of the
    first place nested deeper than ``max_depth``. Iterative: any depth is fine. The
    path ends with ``...`` when it was cut at ``max_depth``."""
    stack: list[list] = []          # [kind, key or index] per open container
    last_string = None
    for m in _TOKEN.finditer(text, 0, stop):
        t = m.group()
        if t in "[{":
            if max_depth is not None and len(stack) >= max_depth:
                return [e[1] for e in stack[:4] if e[1] is not None] + ["..."]
            stack.append([t, 0 if t == "[" else None])
        elif t in "]}":
            if stack:
                stack.pop()
        elif t == ",":
            if stack:
                stack[-1][1] = stack[-1][1] + 1 if stack[-1][0] == "[" else None
        elif t == ":":
            if stack:
                stack[-1][1] = last_string
        else:
            last_string = t[1:-1]
    return [e[1] for e in stack if e[1] is not None]


def format_path(path: list) -> str:
    """``["nodes", 3, "args"]`` as ``nodes[3].args``."""
    out = ""
    for p in path:
        if p == "...":
            out += "..."
        elif isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else str(p)
    return out or "the top level"
