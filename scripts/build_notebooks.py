"""Write the course's notebooks in notebooks/ (run: python scripts/build_notebooks.py).

Each notebook's source is one plain Python file in ``scripts/notebooks/``, in the
"percent" format that Jupytext, VS Code and Spyder read (no Jupytext needed here):

* ``# %% [markdown]`` starts a prose cell; its lines are Markdown behind ``# ``;
* ``# %%`` starts a code cell;
* ``# %% [check]`` starts a hidden check cell: the asserts that keep a lesson's claims
  true. It runs with the notebook (``make test`` runs every notebook with nbmake) but is
  tagged ``check`` and ``remove-cell`` and its source collapsed (``jupyter.source_hidden``;
  its output is not, so a failing check is seen), so a student reads the lesson, not the
  asserts. Rendered with nbconvert's
  ``--TagRemovePreprocessor.remove_cell_tags='["remove-cell"]'`` it is gone.

Every notebook starts with the same hidden check cell, ``CHECK_HELPERS`` below. The
.ipynb files are written without outputs, with fixed cell ids, so a build is
reproducible and a change is a readable diff of the .py source.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).parents[1]
SOURCES = Path(__file__).parent / "notebooks"
OUT = ROOT / "notebooks"

CHECK_TAGS = ["check", "remove-cell"]

CHECK_HELPERS = '''\
# Hidden checks (tagged "check"): they keep every claim of this notebook true.
import matplotlib

matplotlib.rcParams["figure.max_open_warning"] = 0


def check_figure(fig):
    """Every plot has a title and both axis labels; every colour bar names its quantity."""
    for ax in fig.axes:
        if getattr(ax, "_colorbar", None) is not None:
            assert ax.get_ylabel() or ax.get_xlabel(), "a colour bar without a label"
            continue
        assert ax.get_title(), f"a plot without a title: {ax}"
        assert ax.get_xlabel() and ax.get_ylabel(), f"axis labels missing: {ax.get_title()}"'''

_HEADER = re.compile(r"^# %%(?: \[(markdown|check)\])?\s*$")


def parse(text: str) -> list[tuple[str, str]]:
    """Cells ``(kind, source)`` of a percent-format file; kind is md, code or check.

    >>> parse("# %% [markdown]\\n# # Title\\n#\\n# Text.\\n\\n# %%\\nx = 1\\n")
    [('md', '# Title\\n\\nText.'), ('code', 'x = 1')]
    """
    cells: list[tuple[str, list[str]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            cells.append(({"markdown": "md", "check": "check"}.get(header[1], "code"), []))
        elif cells:
            cells[-1][1].append(line)
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"line {number}: code before the first '# %%' cell marker")
    out = []
    for kind, lines in cells:
        if kind == "md":
            bad = [x for x in lines if x.strip() and not (x == "#" or x.startswith("# "))]
            if bad:
                raise ValueError(f"a markdown cell has a line not starting with '# ': {bad[0]!r}")
            lines = [x[2:] if x.startswith("# ") else "" for x in lines]
        source = "\n".join(lines).strip("\n")
        if source:
            out.append((kind, source))
    return out


def _cell(kind: str, source: str, i: int):
    if kind == "md":
        return new_markdown_cell(source, id=f"cell-{i}")
    cell = new_code_cell(source, id=f"cell-{i}")
    if kind == "check":
        cell.metadata = {"tags": list(CHECK_TAGS),
                         "jupyter": {"source_hidden": True}}
    return cell


def notebook_cells(source: Path) -> list[tuple[str, str]]:
    """The cells of one notebook: the shared hidden check helpers, then its source's cells."""
    cells = parse(source.read_text())
    if not cells or cells[0][0] != "md":
        raise ValueError(f"{source.name}: a notebook starts with a markdown title cell")
    return [cells[0], ("check", CHECK_HELPERS), *cells[1:]]


def build(out: Path = OUT) -> list[Path]:
    """Write every notebook to ``out`` (cell ids fixed, so the files are reproducible)."""
    out.mkdir(exist_ok=True)
    written = []
    for source in sorted(SOURCES.glob("[0-9][0-9]_*.py")):
        nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                   "display_name": "Python 3"}})
        nb.cells = [_cell(kind, text, i) for i, (kind, text) in enumerate(notebook_cells(source))]
        path = out / f"{source.stem}.ipynb"
        nbformat.write(nb, path)
        written.append(path)
    return written


if __name__ == "__main__":
    print("wrote", ", ".join(p.name for p in build()))
