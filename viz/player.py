"""The step-through player: one diagram per step of the forward or backward pass, with
Prev/Next buttons, a slider and arrow keys, in one self-contained HTML block (no CDN,
no network). Backward captions spell out the chain rule::

    dL/dx += dL/dz * dz/dx = 0.42 * 0.58 = 0.2436

The numbers come from ``Graph.backward_steps()`` and ``Graph.forward_steps()``.
"""

from __future__ import annotations

import html
import uuid
from pathlib import Path

from autograd import Graph

from .draw import Style, _as_graph, draw, pipe

__all__ = ["step_through", "StepThrough"]


def _name(node) -> str:
    return node.label or f"%{node.id}"


def _num(x: float) -> str:
    return f"{float(x):.4g}"


def _applied(op, parts: list[str]) -> str:
    """``a * b`` for an operator symbol, ``tanh(a)`` for a named op (from the op table)."""
    if op.arity == 2 and not op.symbol.isalpha():
        return f" {op.symbol} ".join(parts)
    return f"{op.symbol}({', '.join(parts)})"


def _labelled_args(graph: Graph, node) -> list[str]:
    return [_name(graph[a]) if type(a) is int else _num(a) for a in node.args]


class StepThrough:
    """Frames (SVG) and captions; shows itself in Jupyter, ``save()`` writes a page."""

    def __init__(self, frames: list[str], captions: list[str], title: str) -> None:
        self.frames, self.captions, self.title = frames, captions, title
        self._id = f"tg-player-{uuid.uuid4().hex[:10]}"

    def __len__(self) -> int:
        return len(self.frames)

    def _repr_html_(self) -> str:
        return self.html_block()

    def html_block(self, focus: bool = False) -> str:
        """The player as one HTML block (a div with its style and script)."""
        pid = self._id
        frames = "\n".join(
            f'<div class="tg-frame" style="display:{"block" if i == 0 else "none"}">'
            f'{svg}<p class="tg-caption">{html.escape(caption)}</p></div>'
            for i, (svg, caption) in enumerate(zip(self.frames, self.captions)))
        last = len(self.frames) - 1
        return f"""<div class="tg-player" id="{pid}" tabindex="0" style="outline:none">
<style>
#{pid} {{ font-family: Helvetica, Arial, sans-serif; }}
#{pid} .tg-frame svg {{ max-width: 100%; height: auto; }}
#{pid} .tg-caption {{ font-family: Menlo, Consolas, monospace; font-size: 14px; }}
#{pid} .tg-controls {{ display: flex; gap: 8px; align-items: center; margin: 6px 0; }}
</style>
<div class="tg-controls">
<button class="tg-prev" type="button">&#9664; Prev</button>
<input class="tg-slider" type="range" min="0" max="{last}" value="0" step="1">
<button class="tg-next" type="button">Next &#9654;</button>
<span class="tg-counter">1 / {len(self.frames)}</span>
<span class="tg-title">{html.escape(self.title)}</span>
</div>
<div class="tg-frames">
{frames}
</div>
<script>
(function () {{
  var root = document.getElementById("{pid}");
  var frames = root.querySelectorAll(".tg-frame");
  var slider = root.querySelector(".tg-slider");
  var counter = root.querySelector(".tg-counter");
  var current = 0;
  function show(i) {{
    current = Math.max(0, Math.min(frames.length - 1, i));
    for (var k = 0; k < frames.length; k++) {{
      frames[k].style.display = k === current ? "block" : "none";
    }}
    slider.value = String(current);
    counter.textContent = (current + 1) + " / " + frames.length;
  }}
  root.querySelector(".tg-prev").addEventListener("click", function () {{ show(current - 1); }});
  root.querySelector(".tg-next").addEventListener("click", function () {{ show(current + 1); }});
  slider.addEventListener("input", function () {{ show(parseInt(slider.value, 10)); }});
  root.addEventListener("keydown", function (e) {{
    if (e.key === "ArrowRight") {{ show(current + 1); e.preventDefault(); }}
    if (e.key === "ArrowLeft") {{ show(current - 1); e.preventDefault(); }}
  }});
  {"root.focus();" if focus else ""}
}})();
</script>
</div>"""

    def save(self, path: str | Path) -> Path:
        """Write a self-contained page (works offline: nothing is fetched)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(self.title)}</title></head>
<body>
{self.html_block(focus=True)}
</body></html>
""", encoding="utf-8")
        return path


def _svg(dot) -> str:
    text = pipe(dot, "svg").decode("utf-8")
    return text[text.index("<svg"):]  # drop the XML prolog and doctype


def step_through(root, mode: str = "backward", max_steps: int = 300, **options) -> StepThrough:
    """A player over every step of the ``mode`` pass ("backward" or "forward") of the
    graph behind ``root``; ``options`` go to :func:`viz.draw`. More than ``max_steps``
    steps raises ValueError (draw a smaller graph, or raise the limit)."""
    if mode not in ("backward", "forward"):
        raise ValueError(f"step_through: mode is 'backward' or 'forward', got {mode!r}")
    graph = _as_graph(root)
    steps = list(graph.backward_steps() if mode == "backward" else
                 [s for s in graph.forward_steps() if s.op is not None])
    if len(steps) + 1 > max_steps:
        raise ValueError(f"step_through: {len(steps) + 1} frames, more than max_steps="
                         f"{max_steps}; step through a smaller graph or raise max_steps")
    styles = _backward_styles(graph, steps) if mode == "backward" else \
        _forward_styles(graph, steps)
    if mode == "forward":
        options.setdefault("show_grad", False)
    frames = [_svg(draw(graph, style=s, **options)) for s in styles]
    title = f"{mode} pass, {len(frames)} frames"
    return StepThrough(frames, [s.caption for s in styles], title)


def _backward_styles(graph: Graph, steps: list) -> list[Style]:
    out = graph.outputs[0]
    loss = _name(out)
    grads = {n.id: 0.0 for n in graph}
    for n in graph.outputs:
        grads[n.id] += 1.0
    styles = [Style(grad=dict(grads).__getitem__, current={out.id},
                    caption=f"start: d{loss}/d{loss} = 1")]
    for s in steps:
        grads[s.parent.id] = s.parent_grad
        node, parent = _name(s.node), _name(s.parent)
        caption = (f"d{loss}/d{parent} += d{loss}/d{node} * d{node}/d{parent} = "
                   f"{_num(s.upstream)} * {_num(s.local)} = {_num(s.contribution)}")
        styles.append(Style(grad=dict(grads).__getitem__, current={s.node.id, s.parent.id},
                            current_edges={(s.parent.id, s.node.id)}, caption=caption))
    return styles


def _forward_styles(graph: Graph, steps: list) -> list[Style]:
    known = {n.id for n in graph.inputs}

    def data_of(ids):  # not computed yet: None, drawn as "?"
        return lambda i: graph[i].data if i in ids else None

    styles = [Style(data=data_of(set(known)), current=set(known),
                    caption="inputs: " + ", ".join(f"{_name(n)} = {_num(n.data)}"
                                                   for n in graph.inputs))]
    for s in steps:
        known.add(s.node.id)
        n = s.node
        formula = _applied(n.op, _labelled_args(graph, n))
        numbers = _applied(n.op, [_num(x) for x in s.inputs])
        caption = f"{_name(n)} = {formula} = {numbers} = {_num(s.output)}"
        styles.append(Style(data=data_of(set(known)), current={n.id},
                            current_edges={(a, n.id) for a in n.parents}, caption=caption))
    return styles

