"""A teacher's workflow: `python -m autograd.exercises release OUT/` writes stubs and tests
without solutions; `grade SUBMISSIONS/` grades a class of simulated students, one that
hangs and one whose file does not import among them, into a gradebook CSV."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from student_answers import ANSWERS

from autograd.exercises import StudentResult, find_exercises, summary

ROOT = Path(__file__).parents[1]
EXERCISES = find_exercises(ROOT / "exercises")
BY_ID = {ex.id: ex for ex in EXERCISES}


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograd.exercises", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def answer(folder, name):
    return next(source for n, _, source in ANSWERS[folder] if n == name)


def test_release_writes_stubs_and_tests_but_no_solution(tmp_path):
    out = tmp_path / "kit"
    result = cli("release", str(out))
    assert result.returncode == 0, result.stderr
    assert f"released {2 * len(EXERCISES) + 2} files" in result.stdout
    assert not list(out.rglob("*_solution.py"))
    assert (out / "conftest.py").exists() and (out / "pytest.ini").exists()
    for ex in EXERCISES:
        assert (out / ex.id / ex.stub.name).read_text() == ex.stub.read_text()
        assert (out / ex.id / ex.test.name).read_text() == ex.test.read_text()
    # the released kit works on its own: every stub fails with its TODO
    students = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                               str(out / "02_tanh_backward")], cwd=out, capture_output=True,
                              text=True, timeout=120)
    assert students.returncode == 1 and "not done yet: TODO" in students.stdout
    again = cli("release", str(out), "--no-check")
    assert again.returncode == 2 and "is not empty: pass --force" in again.stderr


def write(student: Path, files: dict) -> None:
    student.mkdir(parents=True)
    for name, text in files.items():
        (student / name).parent.mkdir(parents=True, exist_ok=True)
        (student / name).write_text(text)


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    subs = tmp_path_factory.mktemp("submissions")
    solutions = {f"{ex.id}/{ex.stub.name}": ex.solution.read_text() for ex in EXERCISES}
    write(subs / "alice", solutions)                                       # everything right
    write(subs / "bob", {                                                  # flat, some wrong
        "mul_backward.py": answer("01_mul_backward", "right_numpy"),
        "tanh_backward.py": answer("02_tanh_backward", "wrong_one_minus_out"),
        "topological_sort.py": answer("04_topological_sort", "wrong_recursive_with_raised_limit"),
        "mse_loss.py": answer("05_mse_loss", "wrong_sum_over_2"),
        "sgd_momentum.py": answer("06_sgd_momentum", "wrong_other_convention")})
    write(subs / "carol", {                                                # hangs
        "mul_backward.py": "def mul(F, a, b):\n    while True:\n        pass\n",
        "tanh_backward.py": "def tanh(F, a):\n    return sum(range(10**13)), (1.0,)\n",
        "sigmoid_backward.py": BY_ID["10_sigmoid_backward"].solution.read_text()})
    write(subs / "dave", {                                                 # does not import
        "tanh_backward.py": "def tanh(F, a)\n    return F.tanh(a), (1.0,)\n",
        "mul_backward.py": "import os\n\n\ndef mul(F, a, b):\n    os._exit(3)\n",
        "pow_backward.py": BY_ID["03_pow_backward"].solution.read_text()})
    write(subs / "erin", {})                                               # nothing handed in
    shutil.copytree(ROOT / "exercises" / "07_adam_step", subs / "frank" / "07_adam_step")
    out = tmp_path_factory.mktemp("grades") / "gradebook.csv"
    result = cli("grade", str(subs), "--out", str(out), "--timeout", "3")
    assert result.returncode == 0, result.stderr
    with open(out, newline="") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    return rows, result.stdout, out.parent / "feedback"


def test_one_row_per_student_one_column_per_exercise(gradebook):
    rows, _, _ = gradebook
    assert sorted(rows) == ["alice", "bob", "carol", "dave", "erin", "frank"]
    assert list(rows["alice"]) == ["student", *BY_ID, "total", "max", "notes"]
    alice = rows["alice"]
    assert alice["total"] == alice["max"] and float(alice["max"]) >= 12 * 3
    assert alice["04_topological_sort"] == "7" and alice["12_clip_grad_norm"] == "12"
    assert alice["notes"] == ""
    assert all(row["total"] == "0" for name, row in rows.items() if name in ("erin", "frank"))


def test_wrong_answers_lose_their_points_with_a_reason(gradebook):
    rows, _, feedback = gradebook
    bob = rows["bob"]
    assert bob["01_mul_backward"] == "3"
    assert bob["02_tanh_backward"] == "0" and bob["05_mse_loss"] != "5"
    assert bob["04_topological_sort"] == "0" and bob["06_sgd_momentum"] == "0"
    assert "04_topological_sort: recursion detected" in bob["notes"]
    assert "missing: no adam_step.py in bob/" in bob["notes"]
    text = (feedback / "bob.txt").read_text()
    assert "you used the convention v = momentum*v - lr*grad; p += v" in text
    assert "01_mul_backward: 3/3" in text


def test_a_hanging_submission_gets_zero_and_the_class_goes_on(gradebook):
    rows, _, _ = gradebook
    carol = rows["carol"]
    assert carol["01_mul_backward"] == "0" and carol["02_tanh_backward"] == "0"
    assert carol["10_sigmoid_backward"] == "3"
    assert "01_mul_backward: timed out after 3 s" in carol["notes"]
    assert "02_tanh_backward: timed out: killed after" in carol["notes"]


def test_a_file_that_does_not_import_or_crashes_gets_zero_with_a_reason(gradebook):
    rows, _, feedback = gradebook
    dave = rows["dave"]
    assert dave["02_tanh_backward"] == "0" and dave["03_pow_backward"] == "3"
    assert "02_tanh_backward: tanh_backward.py does not import: SyntaxError" in dave["notes"]
    assert "01_mul_backward: the process ended (exit code 3)" in dave["notes"]
    assert "07_adam_step: adam_step is not done yet: TODO" in rows["frank"]["notes"]
    # the same message for every test of an exercise is written once
    assert "07_adam_step: 0/6\n  every test: adam_step is not done yet: TODO" in (
        feedback / "frank.txt").read_text()


def test_the_summary_table_is_printed(gradebook):
    _, stdout, feedback = gradebook
    lines = stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("student"))
    assert lines[head].split()[1:4] == ["01", "02", "03"]
    assert lines[head + 1].startswith("(max)")
    assert [line.split()[0] for line in lines[head + 2:head + 8]] == [
        "alice", "bob", "carol", "dave", "erin", "frank"]
    assert sorted(p.name for p in feedback.iterdir()) == [
        "alice.txt", "bob.txt", "carol.txt", "dave.txt", "erin.txt", "frank.txt"]


def test_the_summary_cuts_a_long_note_and_counts_the_others():
    ids = [ex.id for ex in EXERCISES[:2]]
    one = StudentResult("ann", dict.fromkeys(ids, 0.0), {ids[0]: "x" * 80, ids[1]: "late"})
    row = summary([one], EXERCISES[:2], dict.fromkeys(ids, 3.0)).splitlines()[2]
    assert row.endswith(f"{ids[0]}: " + "x" * (57 - len(ids[0]) - 2) + "... (+1 more)")
