"""The exercise kit: every reference solution passes, every untouched stub fails with its
TODO, every plausible wrong answer fails with short feedback naming the mistake, and every
right answer written in another style passes (``tests/student_answers.py``), all through
the real exercise tests."""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from student_answers import ANSWERS

ROOT = Path(__file__).parents[1]
EXERCISES = sorted(p for p in (ROOT / "exercises").iterdir() if p.is_dir() and p.name[0].isdigit())


def run_pytest(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def stem(folder: Path) -> str:
    return next(folder.glob("test_*.py")).stem.removeprefix("test_")


def test_there_are_twelve_exercises_each_complete():
    assert len(EXERCISES) >= 12
    for folder in EXERCISES:
        tests = list(folder.glob("test_*.py"))
        assert len(tests) == 1, folder
        name = stem(folder)
        stub, solution = folder / f"{name}.py", folder / f"{name}_solution.py"
        assert stub.exists() and solution.exists(), folder
        assert "TODO" in stub.read_text() and "TODO" not in solution.read_text()
        assert "reference=" in tests[0].read_text() or "expect_close" in tests[0].read_text() \
            or "ExerciseFailure" in tests[0].read_text(), f"{folder.name} has no reference"


def test_every_exercise_has_right_and_wrong_student_answers():
    assert sorted(ANSWERS) == [f.name for f in EXERCISES]
    for folder, answers in ANSWERS.items():
        kinds = {feedback is None for _, feedback, _ in answers}
        assert kinds == {True, False}, folder


def test_every_reference_solution_passes():
    result = run_pytest("exercises", "--solutions")
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_every_untouched_stub_fails_with_its_todo_and_no_nbmake_line():
    result = run_pytest("exercises")
    assert result.returncode == 1, result.stdout[-2000:]
    assert "passed" not in result.stdout.splitlines()[-1]
    for folder in EXERCISES:
        assert f"{folder.name}/test_" in result.stdout
    assert result.stdout.count("not done yet: TODO") >= len(EXERCISES)
    assert "Traceback" not in result.stdout and "nbmake" not in result.stdout


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every student answer in its own copy of its exercise, all run by one pytest:
    {(folder, answer): [(test, failure text or None)]}."""
    root = tmp_path_factory.mktemp("answers")
    for extra in ("conftest.py", "pytest.ini"):
        shutil.copy(ROOT / "exercises" / extra, root / extra)
    for folder in EXERCISES:
        for name, _, source in ANSWERS[folder.name]:
            copy = root / f"{folder.name}__{name}"
            copy.mkdir()
            shutil.copy(next(folder.glob("test_*.py")), copy)
            (copy / f"{stem(folder)}.py").write_text(source)
    report = root / "report.xml"
    result = run_pytest(str(root), "--import-mode=importlib", f"--junitxml={report}", cwd=root)
    assert "error" not in result.stdout.splitlines()[-1], result.stdout[-3000:]
    outcomes: dict = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        key = tuple(case.get("classname").split(".")[0].split("__"))
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        outcomes.setdefault(key, []).append(
            (case.get("name"), None if failure is None else failure.text or ""))
    return outcomes


ALL = [(folder, name, feedback) for folder, answers in ANSWERS.items()
       for name, feedback, _ in answers]


@pytest.mark.parametrize("folder, name, feedback", ALL, ids=[f"{f}-{n}" for f, n, _ in ALL])
def test_student_answer(graded, folder, name, feedback):
    results = graded[(folder, name)]
    failures = [(test, text) for test, text in results if text is not None]
    if feedback is None:
        assert not failures, f"a right answer failed: {failures[0]}"
        return
    assert failures, f"a wrong answer passed every test: {[t for t, _ in results]}"
    texts = "\n".join(text for _, text in failures)
    assert feedback in texts, texts
    for test, text in failures:
        assert len(text.splitlines()) <= 16, f"{test}: feedback too long\n{text}"
        assert "Traceback" not in text and "testing.py" not in text, text
        assert "Value(data=" not in text, text



@pytest.mark.parametrize("name", ["wrong_forward_differences", "wrong_forward_differences_numpy"])
def test_forward_differences_fail_every_central_differences_case(graded, name):
    """Forward differences' O(eps) error exceeds the tolerance at every eps, small ones too."""
    cases = [(test, text) for test, text in graded[("09_numerical_gradient", name)]
             if test.startswith("test_central_differences[")]
    assert len(cases) == 2 and all(text is not None for _, text in cases), cases
    assert all("forward differences" in text for _, text in cases)

def test_a_wrong_answer_reads_short_and_rounded(tmp_path):
    folder = tmp_path / "02_tanh_backward"
    shutil.copytree(ROOT / "exercises" / "02_tanh_backward", folder)
    for extra in ("conftest.py", "pytest.ini"):
        shutil.copy(ROOT / "exercises" / extra, tmp_path / extra)
    (folder / "tanh_backward.py").write_text(
        "def tanh(F, a):\n    out = F.tanh(a)\n    return out, (1.0 - out,)\n")
    result = run_pytest(str(folder), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FF")
    first = lines.index("02_tanh_backward/test_tanh_backward.py::test_local_derivative")
    assert lines[first + 1:first + 6] == [
        "    d out/da, the local derivative of your tanh with respect to a, is wrong",
        "      at        a=-2",
        "      yours     1.964",
        "      expected  0.07065",
        "      hint: tanh'(a) can be written with tanh(a) itself, that is with out"]
    assert "node %5 = tanh(%4): its local derivative with respect to %4 is wrong" in result.stdout
    assert len(lines) < 25, result.stdout
