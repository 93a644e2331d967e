"""The pytest plugin ``grade`` loads in each student's process: per-test timeout, points
from ``@pytest.mark.points(n)``, one JSON line per event in the ``--grade-log`` file.

A test that runs past ``--grade-timeout`` seconds fails as timed out (a SIGALRM, where
the platform has one); the other tests of its exercise are then not run. A hang that a
signal cannot interrupt (C code) is caught by the parent, which watches this log.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from autograd.testing import ExerciseFailure

_timed_out: set[str] = set()


class GradeTimeout(BaseException):  # not an Exception: a student's `except` won't eat it
    """A test ran past the per-test timeout."""


def pytest_addoption(parser):
    parser.addoption("--grade-log", default=None, help="JSON-lines log for the grader")
    parser.addoption("--grade-timeout", type=float, default=10.0,
                     help="seconds per test before it fails as timed out")


def _log(config, **event) -> None:
    path = config.getoption("--grade-log")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(event) + "\n")


def exercise_of(item) -> str:
    return Path(str(item.fspath)).parent.name


def points_of(item) -> float:
    marker = item.get_closest_marker("points")
    return float(marker.args[0]) if marker and marker.args else 1.0


def pytest_collection_finish(session):
    _log(session.config, event="collected", tests=[
        {"id": item.nodeid, "exercise": exercise_of(item), "points": points_of(item)}
        for item in session.items])


def _alarm(signum, frame):
    raise GradeTimeout()


def _timed(item):
    seconds = item.config.getoption("--grade-timeout")
    if not hasattr(signal, "setitimer") or seconds <= 0:
        return None
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return previous


def _untimed(previous) -> None:
    if previous is not None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    _log(item.config, event="start", id=item.nodeid)
    if exercise_of(item) in _timed_out:
        raise ExerciseFailure("not run: an earlier test of this exercise timed out")
    previous = _timed(item)
    try:
        yield
    finally:
        _untimed(previous)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    previous = _timed(item)
    try:
        yield
    finally:
        _untimed(previous)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    message = ""
    if call.excinfo is not None and call.excinfo.errisinstance(GradeTimeout):
        seconds = item.config.getoption("--grade-timeout")
        _timed_out.add(exercise_of(item))
        report.outcome = "failed"
        report.longrepr = message = f"timed out after {seconds:g} s: is there an endless loop?"
    elif call.excinfo is not None and call.excinfo.errisinstance(ExerciseFailure):
        message = str(call.excinfo.value)
    elif report.outcome != "passed":
        lines = [line[1:].strip() for line in report.longreprtext.splitlines()
                 if line.startswith("E ")]
        message = "\n".join(lines) or report.longreprtext.strip().splitlines()[-1]
    if report.when == "call" or report.outcome != "passed":
        _log(item.config, event="result", id=item.nodeid, outcome=report.outcome,
             when=report.when, message="\n".join(message.splitlines()[:12]))
