"""User strings as they are shown: the one sanitiser of labels, scopes and op names for
listings (``autograd.trace``), HTML tables and diagrams (``viz`` imports it from here).

>>> visible("\\x1b[31mloss\\x1b[0m")          # ANSI colour codes: shown, not obeyed
'\\\\x1b[31mloss\\\\x1b[0m'
>>> visible("evil\\u202e")                     # a right-to-left override: shown, not obeyed
'evil\\\\u202e'
>>> visible("x" * 60)[-3:], len(visible("x" * 60))
('xx…', 48)
"""

from __future__ import annotations

import re

__all__ = ["visible", "NAME_LIMIT"]

NAME_LIMIT = 48               # names longer than this are cut with an ellipsis

# Escaped: C0 and C1 controls but newline; bidi controls (U+061C, U+200E/F, U+202A-E,
# U+2066-9), which would reorder the text around them ("evil" shown as "live");
# zero-width characters (U+200B-D, U+2060-4, U+FEFF); lone surrogates, which cannot be
# encoded; non-characters (U+FDD0-EF, U+xFFFE/F), which Graphviz refuses.
_INVISIBLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff\ufdd0-\ufdef"
                        "\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")


def _escape_char(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"


def visible(text: str, limit: int | None = NAME_LIMIT) -> str:
    """``text`` as it is shown: control characters (but newline), bidi controls,
    zero-width characters, lone surrogates and non-characters (U+FFFE, ...) written as
    visible escapes (``\\x1b``, ``\\u202e``), and text longer than ``limit`` characters
    cut with an ellipsis (``limit=None``: never cut). Printing the result never raises
    ``UnicodeEncodeError`` on a UTF-8 terminal.

    >>> visible("s\\ud800"), visible("a\\u200bb")
    ('s\\\\ud800', 'a\\\\u200bb')
    """
    text = _INVISIBLE.sub(_escape_char, str(text))
    if limit is not None and len(text) > limit:
        text = text[:limit - 1] + "…"
    return text
