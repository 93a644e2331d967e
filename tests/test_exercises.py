"""The exercise kit: every reference solution passes, every untouched stub fails with a
readable message (its TODO), and a wrong answer is told what is wrong."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
EXERCISES = sorted(p for p in (ROOT / "exercises").iterdir() if p.is_dir() and p.name[0].isdigit())


def run_pytest(*args):
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                           "-o", "addopts=", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_there_are_at_least_six_exercises_each_complete():
    assert len(EXERCISES) >= 6
    for folder in EXERCISES:
        tests = list(folder.glob("test_*.py"))
        assert len(tests) == 1, folder
        name = tests[0].stem.removeprefix("test_")
        stub, solution = folder / f"{name}.py", folder / f"{name}_solution.py"
        assert stub.exists() and solution.exists(), folder
        assert "TODO" in stub.read_text() and "TODO" not in solution.read_text()


def test_every_reference_solution_passes():
    result = run_pytest("exercises", "--solutions", "-q")
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


@pytest.mark.parametrize("folder", EXERCISES, ids=lambda p: p.name)
def test_every_untouched_stub_fails_with_its_todo(folder):
    result = run_pytest(str(folder), "-q")
    assert result.returncode == 1, result.stdout[-2000:]
    assert "passed" not in result.stdout.splitlines()[-1]
    assert result.stdout.count("not done yet: TODO") >= 1
    assert "Traceback" not in result.stdout


def test_a_wrong_answer_is_told_which_derivative_is_wrong(tmp_path):
    folder = tmp_path / "02_tanh_backward"
    folder.mkdir()
    source = ROOT / "exercises" / "02_tanh_backward"
    (folder / "test_tanh_backward.py").write_text((source / "test_tanh_backward.py").read_text())
    (folder / "tanh_backward.py").write_text(
        "def tanh(F, a):\n    out = F.tanh(a)\n    return out, (1.0 - out,)\n")
    (tmp_path / "conftest.py").write_text((ROOT / "exercises" / "conftest.py").read_text())
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                             str(folder)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1
    assert "the local derivative of tanh with respect to a is wrong at (a=0.5)" in result.stdout
    assert "node %5 = tanh(%4): its local derivative" in result.stdout
