"""The exercise kit.

    pytest exercises/02_tanh_backward        # a student checks their work on one exercise
    pytest exercises --solutions             # a teacher checks every reference solution

Each exercise folder holds NAME.py (the stub the student edits), NAME_solution.py and
test_NAME.py; the tests get the module to check from the ``exercise`` fixture.
"""

import importlib.util
from pathlib import Path

import pytest

from autograd.testing import NotDoneYet


def pytest_addoption(parser):
    parser.addoption("--solutions", action="store_true", default=False,
                     help="check the reference solutions instead of the stubs (teachers)")


@pytest.fixture
def exercise(request):
    """The stub (or, with --solutions, the reference solution) of this test's exercise."""
    test_file = Path(str(request.node.fspath))
    name = test_file.stem.removeprefix("test_")
    if request.config.getoption("--solutions"):
        name += "_solution"
    path = test_file.parent / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"exercise_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """An exercise that still raises NotImplementedError fails with its TODO, not a traceback."""
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and call.excinfo.errisinstance((NotImplementedError, NotDoneYet)):
        message = str(call.excinfo.value)
        if "not done yet" not in message:
            message = f"not done yet: {message}"
        report.longrepr = f"{item.nodeid}\n    {message}"
