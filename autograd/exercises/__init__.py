"""A teacher's tools for the exercise kit: release the student version, grade a class.

    python -m autograd.exercises release OUT/            # stubs and tests, no solutions
    python -m autograd.exercises grade SUBMISSIONS/      # one folder per student

``grade`` runs each student's files against the teacher's tests (never the student's
copies of them) in a fresh Python process per student, with a per-test timeout, and
writes a gradebook CSV: one row per student, one column per exercise (points from
``@pytest.mark.points(n)`` in the test files, 1 per test without it), the total, and a
note saying why points were lost. It is not a sandbox: a submission runs with the
grader's rights.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Exercise", "find_exercises", "release", "grade", "StudentResult"]

_SUPPORT = ("conftest.py", "pytest.ini")


@dataclass(frozen=True)
class Exercise:
    """One exercise folder: ``test_NAME.py`` checks ``NAME.py`` (``NAME_solution.py``)."""

    folder: Path
    name: str

    @property
    def id(self) -> str:
        return self.folder.name

    @property
    def test(self) -> Path:
        return self.folder / f"test_{self.name}.py"

    @property
    def stub(self) -> Path:
        return self.folder / f"{self.name}.py"

    @property
    def solution(self) -> Path:
        return self.folder / f"{self.name}_solution.py"


def default_source() -> Path:
    """The repository's ``exercises/`` folder, next to the ``autograd`` package."""
    return Path(__file__).resolve().parents[2] / "exercises"


def find_exercises(source: str | Path | None = None) -> list[Exercise]:
    """Every folder of ``source`` holding one ``test_NAME.py``, in name order."""
    source = Path(source) if source else default_source()
    if not (source / "conftest.py").exists():
        raise FileNotFoundError(f"{source} is not an exercise kit (no conftest.py): "
                                "pass the kit's folder with --source")
    found = []
    for folder in sorted(p for p in source.iterdir() if p.is_dir()):
        tests = sorted(folder.glob("test_*.py"))
        if len(tests) == 1:
            found.append(Exercise(folder, tests[0].stem.removeprefix("test_")))
    return found


def release(out: str | Path, source: str | Path | None = None, *, force: bool = False,
            check: bool = True) -> list[Path]:
    """Write the student version of the kit to ``out``: every exercise's stub and test,
    the kit's ``conftest.py`` and ``pytest.ini``; no ``*_solution.py``. With ``check``
    the reference solutions must pass first. Returns the files written."""
    exercises = find_exercises(source)
    source = exercises[0].folder.parent if exercises else Path(source or default_source())
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not force:
        raise FileExistsError(f"{out} is not empty: pass --force to overwrite it")
    if check:
        failed = _check_solutions(source)
        if failed:
            raise RuntimeError(f"the reference solutions do not pass, nothing released:\n"
                               f"{failed}")
    written = []
    out.mkdir(parents=True, exist_ok=True)
    for name in _SUPPORT:
        written.append(Path(shutil.copy(source / name, out / name)))
    for ex in exercises:
        target = out / ex.id
        target.mkdir(exist_ok=True)
        for path in sorted(ex.folder.iterdir()):
            if path.is_file() and not path.name.endswith("_solution.py") \
                    and path.suffix not in (".pyc",):
                written.append(Path(shutil.copy(path, target / path.name)))
    return written


def _check_solutions(source: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "pytest", str(source), "--solutions",
                             "-p", "no:cacheprovider"], cwd=source, capture_output=True,
                            text=True)
    return "" if result.returncode == 0 else result.stdout[-3000:]


# --- grading ----------------------------------------------------------------------------------

@dataclass
class StudentResult:
    """One row of the gradebook."""

    student: str
    points: dict[str, float] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    feedback: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(self.points.values())


def _find_file(student: Path, ex: Exercise) -> Path | None:
    """The student's ``NAME.py``: in a folder named like the exercise if there is one,
    else anywhere in the student's folder."""
    found = sorted(p for p in student.rglob(f"{ex.name}.py") if p.is_file())
    preferred = [p for p in found if p.parent.name == ex.id]
    return (preferred or found or [None])[0]


def _stage(root: Path, source: Path, exercises: list[Exercise]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name in _SUPPORT:
        shutil.copy(source / name, root / name)
    for ex in exercises:
        (root / ex.id).mkdir(exist_ok=True)
        shutil.copy(ex.test, root / ex.id / ex.test.name)


def _pytest(root: Path, targets: list[str], log: Path, timeout: float, *extra: str):
    command = [sys.executable, "-m", "pytest", *targets, "-p", "autograd.exercises._plugin",
               f"--grade-log={log}", f"--grade-timeout={timeout}", "--import-mode=importlib",
               "-p", "no:cacheprovider", *extra]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env,
                            start_new_session=hasattr(os, "setsid"))


def _events(log: Path) -> list[dict]:
    if not log.exists():
        return []
    events = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            pass   # a line cut short by a kill
    return events


def _kill(process: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except ProcessLookupError:
        pass
    process.wait()


def _collect(source: Path, exercises: list[Exercise]) -> list[dict]:
    """Every test of the kit with its exercise and points, from a collect-only run."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _stage(root, source, exercises)
        log = root / "log.jsonl"
        _pytest(root, [ex.id for ex in exercises], log, 0, "--collect-only").wait()
        for event in _events(log):
            if event["event"] == "collected":
                return event["tests"]
    raise RuntimeError(f"could not collect the tests of {source}")


def _run_student(root: Path, targets: list[str], timeout: float, startup: float):
    """Run the tests of ``targets`` in one fresh process, killing it when one test runs
    past the timeout without the plugin's alarm firing (a hang in C code).
    Returns (results by test id, the test that was running when it ended early, how)."""
    log = root / f"log{time.monotonic_ns()}.jsonl"
    process = _pytest(root, targets, log, timeout)
    seen, since, how = 0, time.monotonic(), None
    while process.poll() is None:
        time.sleep(0.05)
        events = _events(log)
        if len(events) != seen:
            seen, since = len(events), time.monotonic()
        limit = startup if not events else timeout + max(2.0, timeout / 2)
        if time.monotonic() - since > limit:
            _kill(process)
            how = f"timed out: killed after {limit:g} s (a hang no alarm could stop)"
    results: dict[str, list[dict]] = {}
    started = []
    for event in _events(log):
        if event["event"] == "start":
            started.append(event["id"])
        elif event["event"] == "result":
            results.setdefault(event["id"], []).append(event)
    unfinished = [i for i in started if i not in results]
    if unfinished and how is None:
        how = f"the process ended (exit code {process.returncode})"
    return results, (unfinished[-1] if unfinished else None), how


def _grade_one(student: Path, source: Path, exercises: list[Exercise], tests: list[dict],
               timeout: float, startup: float) -> StudentResult:
    result = StudentResult(student.name)
    by_exercise: dict[str, list[dict]] = {}
    for t in tests:
        by_exercise.setdefault(t["exercise"], []).append(t)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        present = []
        _stage(root, source, [])
        for ex in exercises:
            found = _find_file(student, ex)
            if found is None:
                result.notes[ex.id] = f"missing: no {ex.name}.py in {student.name}/"
                continue
            (root / ex.id).mkdir()
            shutil.copy(ex.test, root / ex.id / ex.test.name)
            shutil.copy(found, root / ex.id / ex.stub.name)
            present.append(ex.id)
        results: dict[str, list[dict]] = {}
        todo = list(present)
        while todo:
            got, culprit, how = _run_student(root, todo, timeout, startup)
            results.update(got)
            if culprit is None:
                break
            folder = culprit.split("/")[0]
            result.notes[folder] = f"{how} in {culprit.split('::')[-1]}"
            todo = [f for f in todo if f != folder and not all(
                t["id"] in results for t in by_exercise.get(f, []))]
    notes, result.notes = result.notes, {}
    for ex in exercises:
        ex_tests = by_exercise.get(ex.id, [])
        earned, lines = 0.0, []
        if ex.id in notes:
            result.notes[ex.id] = notes[ex.id]
        if ex.id in notes and not any(t["id"] in results for t in ex_tests):
            result.points[ex.id] = 0.0
            result.feedback.append(f"{ex.id}: 0/{sum(t['points'] for t in ex_tests):g}: "
                                   f"{notes[ex.id]}")
            continue
        for t in ex_tests:
            events = results.get(t["id"], [])
            passed = any(e["when"] == "call" and e["outcome"] == "passed" for e in events) \
                and not any(e["outcome"] == "failed" for e in events)
            if passed:
                earned += t["points"]
                continue
            failure = next((e for e in events if e["outcome"] != "passed"), None)
            message = failure["message"] if failure else notes.get(ex.id, "not run")
            lines.append(f"  {t['id'].split('::')[-1]}: " + message.replace("\n", "\n    "))
            if ex.id not in result.notes:
                result.notes[ex.id] = message.splitlines()[0] if message else "failed"
        result.points[ex.id] = earned
        total = sum(t["points"] for t in ex_tests)
        if len(lines) > 1 and len(lines) == len(ex_tests) and \
                len({line.split(": ", 1)[1] for line in lines}) == 1:
            lines = ["  every test: " + lines[0].split(": ", 1)[1]]   # not done, no import
        result.feedback.append(f"{ex.id}: {earned:g}/{total:g}")
        result.feedback += lines
    return result


def grade(submissions: str | Path, out: str | Path = "gradebook.csv",
          source: str | Path | None = None, *, timeout: float = 10.0, startup: float = 60.0,
          echo: Callable[[str], None] | None = print) -> list[StudentResult]:
    """Grade every student folder in ``submissions``; write the gradebook CSV to ``out``
    and each student's feedback to ``feedback/STUDENT.txt`` next to it; print a summary
    table. A missing, crashing or hanging submission gets 0 for that exercise and a
    note; the run goes on."""
    exercises = find_exercises(source)
    source = exercises[0].folder.parent
    submissions, out = Path(submissions), Path(out)
    students = sorted(p for p in submissions.iterdir() if p.is_dir()
                      and not p.name.startswith((".", "_")))
    if not students:
        raise FileNotFoundError(f"{submissions} holds no student folders")
    tests = _collect(source, exercises)
    maximum = {ex.id: sum(t["points"] for t in tests if t["exercise"] == ex.id)
               for ex in exercises}
    results = []
    for student in students:
        results.append(_grade_one(student, source, exercises, tests, timeout, startup))
        if echo:
            echo(f"graded {student.name}: {results[-1].total:g}/{sum(maximum.values()):g}")
    _write(results, exercises, maximum, out)
    if echo:
        echo(summary(results, exercises, maximum))
        echo(f"gradebook: {out}; feedback: {out.parent / 'feedback'}/")
    return results


def _write(results: list[StudentResult], exercises: list[Exercise], maximum: dict,
           out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *(ex.id for ex in exercises), "total", "max", "notes"])
        for r in results:
            notes = "; ".join(f"{k}: {v}" for k, v in r.notes.items())
            writer.writerow([r.student, *(f"{r.points[ex.id]:g}" for ex in exercises),
                             f"{r.total:g}", f"{sum(maximum.values()):g}", notes])
    feedback = out.parent / "feedback"
    feedback.mkdir(exist_ok=True)
    for r in results:
        (feedback / f"{r.student}.txt").write_text("\n".join(r.feedback) + "\n",
                                                   encoding="utf-8")


def summary(results: list[StudentResult], exercises: list[Exercise], maximum: dict) -> str:
    """The gradebook as a text table: one row per student, one column per exercise (its
    number), the total, and the first note (cut at 60 characters), with how many more."""
    heads = [ex.id.split("_")[0] for ex in exercises]
    width = max([len("student"), *(len(r.student) for r in results)])
    rows = [f"{'student':<{width}}  " + " ".join(f"{h:>4}" for h in heads) + "  total  note",
            f"{'(max)':<{width}}  " + " ".join(f"{maximum[ex.id]:>4g}" for ex in exercises)
            + f"  {sum(maximum.values()):>5g}"]
    for r in results:
        note = next(iter(r.notes.items()), None)
        text = f"{note[0]}: {note[1].splitlines()[0]}" if note else ""
        text = text if len(text) <= 60 else text[:57] + "..."
        if len(r.notes) > 1:
            text += f" (+{len(r.notes) - 1} more)"
        rows.append(f"{r.student:<{width}}  " + " ".join(f"{r.points[ex.id]:>4g}"
                                                         for ex in exercises)
                    + f"  {r.total:>5g}  {text}")
    return "\n".join(rows)
