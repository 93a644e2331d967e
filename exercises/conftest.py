"""The exercise kit.

    pytest exercises/02_tanh_backward        # a student checks their work on one exercise
    pytest exercises --solutions             # a teacher checks every reference solution

The file names link an exercise's three files: ``test_NAME.py`` checks ``NAME.py`` (the
stub the student edits) or, with ``--solutions``, ``NAME_solution.py``; the ``exercise``
fixture loads that module. ``@pytest.mark.points(n)`` gives a test n points in the
gradebook that ``python -m autograd.exercises grade`` writes (1 without it).
"""

import importlib.util
import sys
import types
from pathlib import Path

import pytest

from autograd.testing import ExerciseFailure


def pytest_addoption(parser):
    parser.addoption("--solutions", action="store_true", default=False,
                     help="check the reference solutions instead of the stubs (teachers)")


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): the points a test is worth (default 1)")


@pytest.fixture
def exercise(request):
    """The stub (or, with --solutions, the reference solution) of this test's exercise."""
    test_file = Path(str(request.node.fspath))
    name = test_file.stem.removeprefix("test_")
    if request.config.getoption("--solutions"):
        name += "_solution"
    path = test_file.parent / f"{name}.py"
    if not path.exists():
        raise ExerciseFailure(f"{path.name} is missing: test_{test_file.stem[5:]}.py checks "
                              f"the file {path.name} next to it")
    module_name = f"exercise_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # noqa: BLE001 - any error in the student's file, in two lines
        line = getattr(e, "lineno", None) or _line_in(e, path)
        where = f" (line {line})" if line and f"line {line}" not in str(e) else ""
        raise ExerciseFailure(f"{path.name} does not import: {type(e).__name__}: {e}{where}"
                              ) from None
    sys.modules.pop(module_name, None)
    module.__class__ = _Exercise
    return module


class _Exercise(types.ModuleType):
    """A student's module: a missing function is named, not an AttributeError."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise ExerciseFailure(f"{Path(self.__file__).name} has no {name}: the exercise asks "
                              f"for a function named {name} (keep the stub's name)")


def _line_in(error: BaseException, path: Path):
    tb, line = error.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed check shows its short message (what, where, yours, expected, a hint), not
    a traceback through autograd/testing.py."""
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and call.excinfo.errisinstance((NotImplementedError,
                                                                ExerciseFailure)):
        message = str(call.excinfo.value)
        if call.excinfo.errisinstance(NotImplementedError):
            message = f"not done yet: {message}"
        elif "not done yet" in message:
            message = "not done yet: " + message.split("not done yet: ", 1)[1]
        report.longrepr = f"{item.nodeid}\n    " + message.replace("\n", "\n    ")
