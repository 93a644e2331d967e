"""The benchmark suite cannot rot: every workload runs at tiny sizes, produces every row,
and all engines agree on losses and gradients. No assertion on time."""

import json
import sys
from pathlib import Path

import pytest

import autograd

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

import run_all  # noqa: E402
from measure import Disagreement, Failed, Row, check_agreement  # noqa: E402

EXPECTED_ROWS = ["per-op", "deep chain", "wide sum, one n-ary", "wide dot", "wide sum written",
                 "training step", "training step", "train to 100%", "GPT training step",
                 "memory per op", "dropped graph", "trace a graph", "viz.draw", "viz.draw",
                 "import autograd", "one dot layout", "step-through player",
                 "training step replaying", "epoch of MLP"]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "bench.json"
    rows = run_all.main(["--quick", "--json", str(path)])
    return rows, json.loads(path.read_text())


def test_every_workload_produces_its_row(quick_run):
    rows, _ = quick_run
    assert len(rows) == len(EXPECTED_ROWS)
    for row, prefix in zip(rows, EXPECTED_ROWS):
        assert row.workload.startswith(prefix)
        assert isinstance(row.results["tracegrad"], float), row.workload


def test_micrograd_runs_and_fails_where_it_should(quick_run):
    rows, _ = quick_run
    deep, training = rows[1], rows[5]
    assert isinstance(deep.results["micrograd"], Failed)
    assert deep.results["micrograd"].short == "RecursionError"
    assert isinstance(training.results["micrograd"], float)
    leftover = next(r for r in rows if r.workload.startswith("dropped graph"))
    assert leftover.results["micrograd"] > 90.0      # closures keep cycles: all of it
    assert leftover.results["tracegrad"] < 10.0      # only the float free list


def test_gpt_workload_agrees_with_the_local_gradients_engine(quick_run):
    rows, _ = quick_run
    gpt = rows[8]
    assert gpt.tolerance == 1e-9
    loss, norm2 = gpt.checks["tracegrad"]
    assert loss > 0.0 and norm2 > 0.0
    reference = gpt.checks["localgrad"]                 # benchmarks/localgrad.py
    assert abs(loss - reference[0]) <= 1e-9 * loss
    assert abs(norm2 - reference[1]) <= 1e-9 * norm2
    assert "nodes per step" in gpt.note
    assert str(gpt.results["micrograd"]) == "n/a"       # micrograd has no exp or log


def test_both_modes_side_by_side_when_compiled(quick_run):
    rows, data = quick_run
    assert data["compiled"] is autograd.compiled
    if not autograd.compiled:
        assert not any("tracegrad pure" in r.results for r in rows)
        return
    per_op = rows[0]
    assert isinstance(per_op.results["tracegrad pure"], float)
    # the same float operations in both modes: the same numbers, bit for bit
    assert per_op.checks["tracegrad pure"] == per_op.checks["tracegrad"]
    assert rows[8].checks["tracegrad pure"] == rows[8].checks["tracegrad"]


def test_engines_agreed_and_json_has_machine_facts(quick_run):
    rows, data = quick_run
    assert any(len(r.checks) >= 2 for r in rows)     # agreement was checked for real
    assert {"python", "cpu_count", "date", "rows"} <= set(data)
    assert len(data["rows"]) == len(rows)


def test_agreement_check_catches_a_wrong_gradient():
    row = Row("w", "s", checks={"tracegrad": (1.0, 2.0), "micrograd": (1.0, 2.5)})
    with pytest.raises(Disagreement, match="micrograd"):
        check_agreement(row)
    check_agreement(Row("w", "s", checks={"a": (1.0,), "b": (1.0 + 1e-12,)}))


def test_the_compiled_core_targets_are_read_off_the_rows():
    import targets

    def row(name, **results):
        r = Row(name, "unit")
        r.results.update({k.replace("_", " "): v for k, v in results.items()})
        return r
    rows = [row("per-op fwd+bwd", tracegrad=0.26, tracegrad_pure=0.8),
            row("training step, MLP(2, [16, 16, 1])", tracegrad=20.0, tracegrad_pure=100.0),
            row("GPT training step", tracegrad=15.0, localgrad=150.0),
            row("memory per op after backward", tracegrad=172.0)]
    lines = targets.compiled_core(rows)
    assert lines == [
        "GPT step vs the local-gradients engine: 10.0x faster (target ≥ 4): met",
        "per-op fwd+bwd, 10,000-op chain: 0.260 µs/op (target ≤ 0.25): NOT met",
        "micrograd demo step vs the pure engine: 5.0x faster (target ≥ 3): met",
        "memory per node after backward: 172 bytes (target ≤ 100): NOT met"]
    rows[0].results.pop("tracegrad pure")         # no pure run beside it: no verdicts
    assert targets.compiled_core(rows) == []


def test_the_json_lists_the_targets_when_compiled(quick_run):
    _, data = quick_run
    assert isinstance(data["targets"], list)
    assert bool(data["targets"]) is autograd.compiled
