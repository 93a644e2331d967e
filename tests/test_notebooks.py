"""The course in notebooks/ keeps its promises: seven notebooks in order, prose enough to
teach, "your turn" cells pointing at exercises that exist, checks hidden from the
lessons (and present for every figure), no stored outputs. `make test` runs each
notebook itself (nbmake), which runs the hidden checks."""

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import build_notebooks  # noqa: E402

COURSE = ["01_derivatives_and_the_chain_rule", "02_neuron_activations_xor", "03_training_loop",
          "04_optimizers", "05_init_signal_and_gradient_flow", "06_looking_inside",
          "07_tiny_language_model"]
NOTEBOOKS = {name: nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
             for name in COURSE}


def _is_check(cell) -> bool:
    return "check" in cell.metadata.get("tags", [])


def _your_turn(cell) -> bool:
    return cell.cell_type == "markdown" and bool(re.search(r"^\*\*Your turn \d", cell.source, re.M))


def test_the_course_is_seven_notebooks_in_order():
    assert sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")) == COURSE


@pytest.mark.parametrize("name", COURSE)
def test_each_notebook_has_at_least_400_words_of_prose(name):
    prose = " ".join(c.source for c in NOTEBOOKS[name].cells if c.cell_type == "markdown")
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", re.sub(r"\$[^$]*\$", " ", prose))
    assert len(words) >= 400, f"{name}: {len(words)} words of prose"


@pytest.mark.parametrize("name", COURSE)
def test_each_notebook_ends_with_two_to_four_your_turn_cells(name):
    cells = NOTEBOOKS[name].cells
    first = next(i for i, c in enumerate(cells) if _your_turn(c))
    tail = cells[first:]
    turns = [c for c in tail if _your_turn(c)]
    assert 2 <= len(turns) <= 4
    assert tail[0].source.startswith("## Your turn")
    assert [int(re.search(r"^\*\*Your turn (\d)", c.source, re.M)[1]) for c in turns] == \
        list(range(1, len(turns) + 1))
    for c in tail:   # only the turns, and code cells the student starts from
        assert _your_turn(c) or (c.cell_type == "code" and c.source.startswith("# Your turn"))


@pytest.mark.parametrize("name", COURSE)
def test_your_turn_cells_name_exercises_that_exist(name):
    named = set()
    for c in NOTEBOOKS[name].cells:
        named |= set(re.findall(r"exercises/([\w-]+)", c.source))
    assert named, f"{name} points to no exercise"
    for exercise in named:
        assert (ROOT / "exercises" / exercise).is_dir(), f"{name}: no exercises/{exercise}"


@pytest.mark.parametrize("name", COURSE)
def test_checks_are_hidden_and_teaching_cells_hold_no_asserts(name):
    for c in NOTEBOOKS[name].cells:
        if c.cell_type != "code":
            continue
        if _is_check(c):
            assert "remove-cell" in c.metadata.tags
            assert c.metadata.jupyter == {"source_hidden": True}   # a failure stays visible
        else:
            assert not re.search(r"^\s*assert\b", c.source, flags=re.M), c.source


@pytest.mark.parametrize("name", COURSE)
def test_every_figure_is_checked_by_a_hidden_cell(name):
    cells = NOTEBOOKS[name].cells
    for i, c in enumerate(cells):
        if c.cell_type == "code" and not _is_check(c) and "plt.show()" in c.source:
            following = next(x for x in cells[i + 1:] if x.cell_type == "code" and _is_check(x))
            assert "check_figure(fig)" in following.source, c.source[:80]


@pytest.mark.parametrize("name", COURSE)
def test_no_outputs_are_stored(name):
    for c in NOTEBOOKS[name].cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None


def test_the_source_format_reads_markdown_code_and_check_cells():
    text = "# %% [markdown]\n# # Title\n#\n# Text.\n\n# %%\nx = 1\n\n# %% [check]\nassert x\n"
    assert build_notebooks.parse(text) == [("md", "# Title\n\nText."), ("code", "x = 1"),
                                           ("check", "assert x")]


def test_the_source_format_rejects_a_markdown_line_without_its_comment_mark():
    with pytest.raises(ValueError, match="not starting with '# '"):
        build_notebooks.parse("# %% [markdown]\n# fine\nnot fine\n")
    with pytest.raises(ValueError, match="line 1: code before"):
        build_notebooks.parse("x = 1\n# %%\n")
