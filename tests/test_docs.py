"""The README stays true: its op table is the op table, and its examples run."""

import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import op_table  # noqa: E402

README = (ROOT / "README.md").read_text()


def test_readme_op_table_is_generated_from_the_op_table():
    assert op_table.replace_in(README) == README, \
        "README.md's op table is stale: run `python scripts/op_table.py --write`"


def _python_blocks():
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_readme_ten_line_example_gives_the_hand_computed_gradients():
    namespace = {}
    exec(_python_blocks()[0], namespace)
    x, w, b, o = (namespace[k] for k in "xwbo")
    n = 2.0 * -3.0 + 6.8813735870195432
    dn = 1 - math.tanh(n) ** 2
    assert math.isclose(o.data, math.tanh(n)) and math.isclose(o.data, 0.7071, abs_tol=1e-4)
    assert math.isclose(x.grad, -3.0 * dn) and math.isclose(x.grad, -1.5, rel_tol=1e-9)
    assert math.isclose(w.grad, 2.0 * dn) and math.isclose(b.grad, dn)


def test_readme_grad_examples_hold():
    for block in _python_blocks()[1:]:
        for line in block.strip().splitlines():
            code, _, comment = line.partition("#")
            expected = comment.strip().split(" = ")[0]   # "12.0 = 6x" -> "12.0"
            if code.startswith("grad(") and expected:
                assert eval(code, {"grad": __import__("autograd").grad}) == eval(expected), line


def test_readme_nn_example_reaches_what_it_prints():
    block = next(b for b in _python_blocks() if "import nn" in b)
    namespace = {}
    exec(block.replace("print(", "result = ("), namespace)
    assert namespace["result"] is True
