"""The first hour: the Makefile's targets, the installer of system tools, the README's
set-up steps. Nothing here installs anything or starts a server."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _dry_run(*args: str) -> str:
    """What `make -n -B ARGS` would run, as if nothing were installed yet."""
    # under `make test TORCH=1` the parent make passes TORCH=1 down through MAKEFLAGS
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "TORCH")}
    done = subprocess.run(["make", "-n", "-B", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_make
def test_make_test_installs_torch_only_when_asked():
    assert "'.[torch]'" in _dry_run("test", "TORCH=1")
    assert "'.[torch]'" not in _dry_run("test")
    assert "pytest" in _dry_run("test", "TORCH=1")


@needs_make
def test_make_lab_installs_jupyterlab_and_opens_the_notebooks():
    steps = _dry_run("lab")
    assert "install -e '.[lab]'" in steps
    as_root = " --allow-root" if os.geteuid() == 0 else ""   # jupyter refuses root without it
    assert steps.strip().splitlines()[-1] == ".venv/bin/jupyter lab notebooks/" + as_root
    assert re.search(r'^lab = \["jupyterlab', (ROOT / "pyproject.toml").read_text(), re.M)


@needs_make
def test_make_demo_ends_by_saying_where_to_go_next():
    steps = _dry_run("demo")
    tail = steps[steps.index("scripts/demo.py"):]
    assert "source .venv/bin/activate" in tail and ".venv/bin/python" in tail
    assert f"file://{ROOT}/out/neuron_steps.html" in tail and "make lab" in tail
    assert f"file://{ROOT}/out/neuron_quiz.html" in tail


def test_every_make_target_the_readme_names_exists():
    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(), flags=re.M))
    named = set(re.findall(r"`make ([a-z]+)", README))
    assert {"demo", "test", "lab", "bench"} <= named
    assert named <= targets, named - targets


def test_the_readme_says_how_to_use_the_environment_right_after_the_two_commands():
    section = README[README.index("## Two commands"):README.index("## Ten lines")]
    assert "source .venv/bin/activate" in section and ".venv/bin/python" in section
    assert "make test TORCH=1" in section and "make lab" in section
    assert "out/neuron_steps.html" in section


@needs_make
def test_the_readme_sends_jupyter_lab_through_make_lab_first():
    # `make demo` installs the test and dev extras only: no JupyterLab until `make lab`
    assert "install -e '.[test,dev]'" in _dry_run("demo")
    pyproject = (ROOT / "pyproject.toml").read_text()
    extras = dict(re.findall(r"^(\w+) = \[(.*)\]$", pyproject, flags=re.M))
    assert "jupyterlab" in extras["lab"]
    assert "jupyterlab" not in extras["test"] + extras["dev"]
    section = README[README.index("**Notebooks.**"):README.index("## Ten lines")]
    assert section.index("Once `make lab` has installed JupyterLab") \
        < section.index("`jupyter lab notebooks/`")


def test_the_demo_says_what_its_listing_is():
    source = (ROOT / "scripts" / "demo.py").read_text()
    intro = source.index("after o.backward(), print(trace(o)):")
    assert intro < source.index("print(trace(o))\n")
    assert 'print(trace(o), "\\n")' not in source   # that printed a stray space after the listing


def _calls(text: str, name: str):
    """The argument text of every ``name(...)`` call in ``text``."""
    for m in re.finditer(re.escape(name) + r"\(", text):
        depth, i = 1, m.end()
        while depth and i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        yield text[m.end():i - 1]


def test_every_torch_skip_names_the_switch_that_runs_it():
    skips = 0
    for path in sorted((ROOT / "tests").glob("*.py")):
        text = path.read_text()
        for call in [*_calls(text, "skipif"), *_calls(text, "importorskip")]:
            if "torch" in call:
                skips += 1
                assert "make test TORCH=1" in call, f"{path.name}: {call}"
    assert skips >= 4


# --- scripts/ensure-tool.sh: names exactly what is missing ----------------------------------

def _fake_bin(tmp_path, provides: bool) -> Path:
    """A PATH folder whose apt-get logs its arguments and, when ``provides``, creates a
    command per package (package `pkg-X` provides the command `X`)."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    (bin_ / "apt-get").write_text(
        "#!/bin/sh\n"
        f'echo "apt-get $*" >> "{tmp_path}/log"\n'
        'if [ "$1" = install ] && [ -n "$PROVIDES" ]; then\n'
        '  for p in "$@"; do case $p in pkg-*) c=${p#pkg-}\n'
        f'    printf "#!/bin/sh\\n" > "{bin_}/$c"; chmod +x "{bin_}/$c";; esac; done\n'
        "fi\n")
    (bin_ / "sudo").write_text('#!/bin/sh\nexec "$@"\n')
    (bin_ / "uname").write_text("#!/bin/sh\necho Linux\n")
    for f in bin_.iterdir():
        f.chmod(0o755)
    return bin_


def _ensure(tmp_path, commands, debian, provides=False):
    bin_ = _fake_bin(tmp_path, provides)
    env = {**os.environ, "PATH": f"{bin_}:/usr/bin:/bin", "PROVIDES": "1" if provides else ""}
    done = subprocess.run(["sh", str(ROOT / "scripts" / "ensure-tool.sh"), "Thing", commands,
                           debian, "--cask brew-a brew-b"], env=env, capture_output=True,
                          text=True, timeout=30)
    log = (tmp_path / "log").read_text() if (tmp_path / "log").exists() else ""
    return done.returncode, done.stdout, log


def test_installer_names_only_the_missing_command_and_installs_only_its_package(tmp_path):
    code, out, log = _ensure(tmp_path, "sh tg-nothere", "pkg-sh pkg-tg-nothere", provides=True)
    assert out.splitlines()[0] == \
        "Thing: tg-nothere not found on PATH; installing: apt-get install pkg-tg-nothere"
    assert "apt-get install -y -qq pkg-tg-nothere\n" in log and "pkg-sh" not in log
    assert code == 0 and out.splitlines()[-1] == "Thing: installed tg-nothere."


def test_installer_says_what_is_still_missing_when_the_install_does_not_provide_it(tmp_path):
    code, out, _ = _ensure(tmp_path, "tg-one sh tg-two", "pkg-tg-one pkg-sh pkg-tg-two")
    assert "Thing: tg-one tg-two not found on PATH; installing: apt-get install " \
           "pkg-tg-one pkg-tg-two" in out
    assert code == 1 and "still not found after the install: tg-one tg-two" in out


def test_installer_does_nothing_when_everything_is_there(tmp_path):
    assert _ensure(tmp_path, "sh", "pkg-sh") == (0, "", "")


def test_the_demo_draws_the_trained_network_from_zeroed_grads():
    source = (ROOT / "scripts" / "demo.py").read_text()
    assert source.index("model.zero_grad()") < source.index("trained.backward()")
    # what that gives: the weights fed by the 0 input show exactly 0, not training's leftovers
    import nn
    from autograd import Value
    X, y = nn.data.xor()
    model = nn.MLP(2, [4, 1], activation="tanh", seed=1)
    nn.fit(model, X, y, loss="mse", optimizer=nn.Adam(model.parameters(), lr=0.05), epochs=5,
           verbose=False)
    fed_by_zero = [n.w[1] for n in model.layers[0].neurons]
    assert any(w.grad != 0.0 for w in fed_by_zero)          # left over from training
    model.zero_grad()
    model([Value(1.0), Value(0.0)]).backward()
    assert [w.grad for w in fed_by_zero] == [0.0] * 4


def test_the_ten_lines_run_with_the_environments_python_from_any_folder(tmp_path):
    import sys
    block = re.findall(r"```python\n(.*?)```", README, flags=re.S)[0]
    assert "from autograd import Value" in block
    done = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    promised = [line.split("# ")[-1] for line in block.splitlines() if line.startswith("print(")]
    assert len(promised) == 2 and done.stdout.splitlines() == promised   # the README's comments
    if Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():   # under `make test`
        assert (ROOT / ".venv" / "bin" / "activate").is_file()
