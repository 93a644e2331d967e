"""Print the README's op table from the op table itself (autograd/ops.py).

    python scripts/op_table.py            # print the Markdown table
    python scripts/op_table.py --write    # replace it in README.md, between the markers

tests/test_docs.py fails when README.md and the op table disagree.
"""

import sys
from pathlib import Path

from autograd import OPS

BEGIN, END = "<!-- op-table:begin -->", "<!-- op-table:end -->"
README = Path(__file__).parents[1] / "README.md"


def markdown() -> str:
    lines = ["| op | symbol | arguments | local derivatives |", "|---|---|---|---|"]
    for op in OPS.values():
        arity = "n" if op.arity < 0 else str(op.arity)
        lines.append(f"| `{op.name}` | `{op.symbol}` | {arity} | {op.derivative} |")
    return "\n".join(lines)


def replace_in(text: str) -> str:
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    return f"{head}{BEGIN}\n{markdown()}\n{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        README.write_text(replace_in(README.read_text()))
    else:
        print(markdown())
