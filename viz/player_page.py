"""The player's HTML block and page: the SVG laid out once, the frames as data, and the
script that restyles the SVG for each frame (and runs the quiz). No network, no CDN.

Every user string reaches the page as text: escaped into HTML, or as JSON whose ``<``,
``>`` and ``&`` are written as ``\\u003c``... so no label can close the script.
"""

from __future__ import annotations

import html
import json
import os

from .captions import number

__all__ = ["player_html", "page"]

MARK = "#ff8c00"


def _json(data) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c") \
        .replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")


def _frames(player) -> list[dict]:
    out = []
    for f in player.frames:
        frame = {"c": f.caption, "r": [[k, *row] for k, row in f.rows.items()], "m": f.marks}
        if player.quiz and f.answer is not None:
            frame.update(q=f.question, a=f.answer, t=f.tolerance,
                         tt=number(f.tolerance, max(player.places, 2)))
        out.append(frame)
    return out


def _legend(player) -> str:
    if not player.legend:
        return ""
    from .palette import text_colour
    cells = "".join(f'<span class="tg-swatch" style="background:{fill};color:{text_colour(fill)}">'
                    f"{html.escape(text)}</span>" for text, fill in player.legend)
    return (f'<div class="tg-legend">grad colour (one scale for the whole pass): '
            f"{cells}</div>")


def _quiz_controls(player) -> str:
    if not player.quiz:
        return ""
    return """<div class="tg-quiz">
<label>Your answer<span class="tg-tolerance"></span>:
<input class="tg-answer" type="text" inputmode="decimal" autocomplete="off" size="10"></label>
<button class="tg-check" type="button">Check</button>
<button class="tg-reveal" type="button">Show answer</button>
<span class="tg-score"></span>
<div class="tg-feedback" role="status"></div>
</div>"""


def player_html(player, focus: bool = False) -> str:
    """The player as one HTML block: a div with its style, SVG, controls and script."""
    pid = f"tg-player-{os.urandom(5).hex()}"
    last = len(player.frames) - 1
    data = _json({"frames": _frames(player), "quiz": player.quiz})
    return f"""<div class="tg-player" id="{pid}" tabindex="0" style="outline:none">
<style>
#{pid} {{ font-family: Helvetica, Arial, sans-serif; font-size: 14px; max-width: 100%; }}
#{pid} .tg-diagram {{ overflow-x: auto; }}
#{pid} .tg-diagram svg {{ max-width: 100%; height: auto; }}
#{pid} .tg-caption {{ font-family: Menlo, Consolas, monospace; font-size: 15px;
  margin: 6px 0; min-height: 1.4em; overflow-wrap: anywhere; }}
#{pid} .tg-controls, #{pid} .tg-quiz {{ display: flex; flex-wrap: wrap; gap: 8px;
  align-items: center; margin: 6px 0; }}
#{pid} .tg-legend {{ font-size: 12px; color: #333; margin: 4px 0; }}
#{pid} .tg-swatch {{ display: inline-block; min-width: 3.5em; padding: 2px 4px;
  text-align: center; font-family: Menlo, Consolas, monospace; }}
#{pid} .tg-feedback {{ flex-basis: 100%; font-weight: bold; min-height: 1.3em; }}
#{pid} .tg-right {{ color: #1a7f37; }}
#{pid} .tg-wrong {{ color: #b42318; }}
#{pid} .tg-shown {{ color: #333333; }}
#{pid} .tg-answer {{ font-size: 15px; font-family: Menlo, Consolas, monospace; }}
</style>
<div class="tg-controls">
<button class="tg-prev" type="button">&#9664; Prev</button>
<input class="tg-slider" type="range" min="0" max="{last}" value="0" step="1">
<button class="tg-next" type="button">Next &#9654;</button>
<span class="tg-counter">1 / {last + 1}</span>
<span class="tg-title">{html.escape(player.title)}</span>
</div>
{_legend(player)}
<p class="tg-caption">{html.escape(player.frames[0].caption)}</p>
{_quiz_controls(player)}
<div class="tg-diagram">
{player.svg}
</div>
<script>
(function () {{
  var root = document.getElementById("{pid}");
  var data = {data};
  var frames = data.frames, quiz = data.quiz, MARK = "{MARK}";
  var els = {{}};
  var tagged = root.querySelectorAll("svg [data-tg]");
  for (var i = 0; i < tagged.length; i++) {{    // key -> its elements (an edge: 1 or 2)
    var key = tagged[i].getAttribute("data-tg");
    (els[key] = els[key] || []).push(tagged[i]);
  }}
  var slider = root.querySelector(".tg-slider"), counter = root.querySelector(".tg-counter");
  var caption = root.querySelector(".tg-caption"), next = root.querySelector(".tg-next");
  var state = 0, marked = frames[0].m.slice(), current = 0, right = 0, answered = 0;
  var revealed = frames.map(function (f, i) {{ return !quiz || i === 0; }});
  var verdicts = {{}};

  function setRow(r) {{   // [key, data text, grad text, fill, text colour]
    if (!els[r[0]]) return;
    var g = els[r[0]][0];
    var texts = g.getElementsByTagName("text");
    for (var k = 0; k < texts.length; k++) {{
      var cell = texts[k].getAttribute("data-tg-cell");
      if (cell === "data" && r[1] !== null) texts[k].textContent = "data " + r[1];
      if (cell === "grad" && r[2] !== null) texts[k].textContent = "grad " + r[2];
      if (r[4] !== null) texts[k].setAttribute("fill", r[4]);
    }}
    var shape = g.querySelector("[data-tg-stroke]");
    if (shape && r[3] !== null) shape.setAttribute("fill", r[3]);
  }}
  function mark(key, on) {{
    (els[key] || []).forEach(function (g) {{ markOne(g, on); }});
  }}
  function markOne(g, on) {{
    var shapes = g.querySelectorAll("[data-tg-stroke]");
    for (var k = 0; k < shapes.length; k++) {{
      var s = shapes[k];
      s.setAttribute("stroke", on ? MARK : s.getAttribute("data-tg-stroke"));
      s.setAttribute("stroke-width", on ? "3" : s.getAttribute("data-tg-width"));
      if (g.getAttribute("class") === "edge" && s.tagName === "polygon")
        s.setAttribute("fill", on ? MARK : s.getAttribute("data-tg-stroke"));
    }}
  }}
  function boxesAfter(k) {{   // the numbers and colours as they are after frame k
    if (k < state) {{
      frames[0].r.forEach(setRow);
      state = 0;
    }}
    while (state < k) {{
      state += 1;
      frames[state].r.forEach(setRow);
    }}
  }}
  function highlight(keys) {{
    marked.forEach(function (k) {{ mark(k, false); }});
    marked = keys;
    marked.forEach(function (k) {{ mark(k, true); }});
  }}
  function reachable() {{
    for (var k = 0; k < frames.length; k++) if (!revealed[k]) return k;
    return frames.length - 1;
  }}
  function show(i) {{
    current = Math.max(0, Math.min(reachable(), i));
    var f = frames[current], asking = !revealed[current];
    boxesAfter(asking ? current - 1 : current);
    highlight(f.m);
    caption.textContent = asking ? f.q : f.c;
    slider.value = String(current);
    counter.textContent = (current + 1) + " / " + frames.length;
    if (quiz) showQuiz(f, asking);
  }}

  var answer = root.querySelector(".tg-answer"), feedback = root.querySelector(".tg-feedback");
  function showQuiz(f, asking) {{
    var tolerance = root.querySelector(".tg-tolerance");
    tolerance.textContent = f.tt ? " (within \\u00b1" + f.tt + ")" : "";
    answer.disabled = !asking;
    root.querySelector(".tg-check").disabled = !asking;
    root.querySelector(".tg-reveal").disabled = !asking;
    next.disabled = asking;
    if (asking) answer.value = "";
    var v = verdicts[current];
    feedback.textContent = v ? v.text : (asking ? "" : (current === 0 ?
      "Press Next: type each highlighted number before it is revealed." : ""));
    feedback.className = "tg-feedback" +
      (v ? (v.ok ? " tg-right" : v.shown ? " tg-shown" : " tg-wrong") : "");
    root.querySelector(".tg-score").textContent = "Score: " + right + " / " + answered +
      " (" + (frames.length - 1) + " questions)";
  }}
  function parseAnswer(text) {{
    var s = text.trim().replace(/\\u2212/g, "-").replace(",", ".");
    var parts = s.split("/");
    if (!s || parts.length > 2) return null;
    var x = Number(parts[0]), y = parts.length === 2 ? Number(parts[1]) : 1;
    if (parts[0].trim() === "" || (parts.length === 2 && parts[1].trim() === "")) return null;
    var v = x / y;
    return isFinite(v) ? v : null;
  }}
  function decide(typed) {{
    var f = frames[current];
    if (revealed[current]) return;
    var v = typed === null ? null : parseAnswer(typed);
    if (typed !== null && v === null) {{
      feedback.textContent = "Type a number, like -1.5 or 1/2.";
      feedback.className = "tg-feedback tg-wrong";
      return;
    }}
    var ok = v !== null && Math.abs(v - f.a) <= f.t;
    answered += 1;
    if (ok) right += 1;
    var said = typed === null ? "The answer: " :
      (ok ? "\\u2713 Right: " : "\\u2717 Not quite (you typed " + typed.trim() + "): ");
    verdicts[current] = {{ok: ok, shown: typed === null, text: said + f.c}};
    revealed[current] = true;
    show(current);
    root.focus();
  }}
  if (quiz) {{
    var check = root.querySelector(".tg-check"), reveal = root.querySelector(".tg-reveal");
    check.addEventListener("click", function () {{ decide(answer.value); }});
    reveal.addEventListener("click", function () {{ decide(null); }});
    answer.addEventListener("keydown", function (e) {{
      e.stopPropagation();
      if (e.key === "Enter") {{ decide(answer.value); e.preventDefault(); }}
    }});
  }}
  function go(i) {{
    show(i);
    if (quiz && !revealed[current]) answer.focus();
  }}
  root.querySelector(".tg-prev").addEventListener("click", function () {{ go(current - 1); }});
  next.addEventListener("click", function () {{ go(current + 1); }});
  slider.addEventListener("input", function () {{ go(parseInt(slider.value, 10)); }});
  root.addEventListener("keydown", function (e) {{
    if (e.key === "ArrowRight") {{ go(current + 1); e.preventDefault(); }}
    if (e.key === "ArrowLeft") {{ go(current - 1); e.preventDefault(); }}
  }});
  show(0);
  {"root.focus();" if focus else ""}
}})();
</script>
</div>"""


def page(title: str, block: str) -> str:
    """A whole HTML page around a block (the saved player)."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin: 16px">
{block}
</body></html>
"""
