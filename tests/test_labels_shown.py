"""Labels as they are shown: one sanitiser (autograd.text.visible) for the text listing,
the HTML table, IPython's display and the diagrams. Control, bidi and zero-width
characters are written as escapes, so a label cannot colour the terminal, reorder the
text around it, hide itself, or make printing raise."""

import io
import shutil
import subprocess

import pytest

import viz
from autograd import Value, trace
from autograd.text import visible

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def test_viz_uses_the_same_sanitiser():
    assert viz.palette.visible is visible


@pytest.mark.parametrize("c", BIDI + ZERO_WIDTH)
def test_bidi_and_zero_width_characters_are_escaped(c):
    shown = visible(f"a{c}b")
    assert shown == f"a\\u{ord(c):04x}b"
    assert c not in shown


def test_a_right_to_left_override_cannot_turn_evil_into_live():
    assert visible("\u202eevil") == "\\u202eevil"
    assert visible("abc") == "abc" and visible("héllo ✓ 数") == "héllo ✓ 数"


def _print(text) -> str:
    """``print`` to a strict UTF-8 stream, as a terminal: what it writes."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    print(text, file=out)
    out.flush()
    return out.buffer.getvalue().decode("utf-8")


def test_printing_a_listing_with_a_lone_surrogate_in_a_label_works():
    g = trace(Value(1.0, label="s\ud800") * 3)
    shown = _print(g)
    assert "[s\\ud800]" in shown


def test_listing_shows_ansi_and_bidi_codes_as_escapes():
    g = trace((Value(1.0, label="\x1b[31mloss\x1b[0m") * Value(2.0, label="\u202eevil")).tanh())
    text = g.listing()
    assert "\x1b" not in text and "\u202e" not in text
    assert "[\\x1b[31mloss\\x1b[0m]" in text and "[\\u202eevil]" in text


def test_listing_cuts_long_labels_after_escaping():
    g = trace(Value(1.0, label="\x1b" * 40) * 3)
    line = g.listing().splitlines()[0]
    assert line.endswith("…]") and "\x1b" not in line
    assert len(line[line.index("[") + 1:-1]) == 32          # MAX_LABEL


def test_op_names_of_micrograd_style_nodes_are_escaped():
    v = Value(1.0, (Value(2.0),), "\x1b[1mX")
    text = trace(v).listing()
    assert "\x1b" not in text
    assert "closure \\x1b[1mX(%0)" in text and "ops: closure \\x1b[1mX 1" in text


def test_html_table_escapes_and_sanitises_labels_and_scopes():
    x = Value(1.0, label="<b>\x1b[31m\u202e\ud800")
    y = x * 2
    y.scope = "layer\u200b0"
    html = trace(y)._repr_html_()
    for raw in ("\x1b", "\u202e", "\ud800", "\u200b", "<b>"):
        assert raw not in html
    assert "&lt;b&gt;\\x1b[31m\\u202e\\ud800" in html and "layer\\u200b0" in html
    html.encode("utf-8")                                     # no lone surrogate left


def test_ipython_pretty_display_is_the_sanitised_listing():
    class Printer:
        def __init__(self):
            self.parts = []

        def text(self, s):
            self.parts.append(s)

    g = trace(Value(1.0, label="s\ud800\x1b[2J") * 3)
    p = Printer()
    g._repr_pretty_(p, False)
    assert "".join(p.parts) == g.listing()
    assert "\x1b" not in p.parts[0] and "\\ud800\\x1b[2J" in p.parts[0]


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")
def test_a_label_of_zero_width_characters_draws_without_pango_warnings(tmp_path):
    x = Value(1.0, label="\u200b")
    y = x * Value(2.0, label="\u202e\u2066")
    y.label = "\ufeff"
    source = viz.draw(y).source
    r = subprocess.run(["dot", "-Tpng", "-o", str(tmp_path / "g.png")], input=source.encode(),
                       capture_output=True, timeout=60)
    assert r.returncode == 0
    assert b"CRITICAL" not in r.stderr and b"WARNING" not in r.stderr.upper(), r.stderr
    assert "u200b" in source and "u202e&#92;&#92;u2066" in source      # escaped, shown
    assert not any(c in source for c in BIDI + ZERO_WIDTH)
