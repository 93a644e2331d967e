# tracegrad: `make demo` and `make test` are all a newcomer needs (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
# `make test TORCH=1` installs the torch extra first, so the PyTorch parity tests run
TORCH  ?=

# the engine's tests, run a second time on the pure-Python engine when the compiled core is on
# (viz, player, exercises, benchmarks, set-up and notebooks only once: they sit on top of it)
PURE_TESTS := tests autograd nn $(addprefix --ignore=tests/test_,$(addsuffix .py,\
  player_browser player viz flow gate benchmarks exercises exercise_grading setup))

.PHONY: demo test lint bench lab graphviz browser clean core build

demo: $(VENV)/.installed-test graphviz core
	$(PY) scripts/demo.py
	@echo
	@echo "Next:"
	@echo "  Python with tracegrad:    source $(VENV)/bin/activate   (or run $(VENV)/bin/python)"
	@echo "  the step-through player:  open file://$(CURDIR)/out/neuron_steps.html in a browser"
	@echo "  the same as a quiz:       open file://$(CURDIR)/out/neuron_quiz.html"
	@echo "  the notebooks:            make lab   (installs JupyterLab, opens notebooks/)"

test: $(VENV)/.installed-test $(if $(filter 1 yes true,$(TORCH)),$(VENV)/.installed-torch) \
      graphviz browser core
	$(VENV)/bin/ruff check .
	$(PY) -m pytest
	@if $(PY) -c 'import autograd, sys; sys.exit(not autograd.compiled)'; then \
	  echo "The engine, tracer and nn tests again, on the pure-Python engine (TRACEGRAD_PURE=1):"; \
	  TRACEGRAD_PURE=1 $(PY) -m pytest -q $(PURE_TESTS); fi

core: $(VENV)/.installed-test  # compile the engine with Cython when it is out of date
	@$(PY) scripts/build_core.py --if-needed

build: $(VENV)/.installed-test  # compile it now; `python scripts/build_core.py --clean` undoes
	$(PY) scripts/build_core.py

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed-test $(VENV)/.installed-bench graphviz
	$(PY) benchmarks/run_all.py

# JupyterLab on the notebooks (Ctrl-C stops it); as root (a container) it needs --allow-root
lab: $(VENV)/.installed-lab graphviz
	$(VENV)/bin/jupyter lab notebooks/$(if $(filter 0,$(shell id -u 2>/dev/null)), --allow-root)

graphviz:
	@sh scripts/ensure-tool.sh Graphviz "dot" "graphviz" "graphviz"

browser:  # the step-through player's test drives a real headless browser
	@sh scripts/ensure-tool.sh Chromium "chromium chromedriver" "chromium chromium-driver" \
	  "--cask chromium chromedriver"

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "tracegrad needs Python 3.10 or newer; run: make PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-test: $(VENV)/bin/python pyproject.toml
	$(PIP) install -e '.[test,dev]'
	@touch $@

$(VENV)/.installed-bench: $(VENV)/bin/python pyproject.toml
	$(PIP) install -e '.[bench]'
	@touch $@

$(VENV)/.installed-torch: $(VENV)/.installed-test
	$(PIP) install -e '.[torch]'
	@touch $@

$(VENV)/.installed-lab: $(VENV)/bin/python pyproject.toml
	$(PIP) install -e '.[lab]'
	@touch $@

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis *.egg-info
	rm -f autograd/*.so autograd/*.pyd autograd/*.c autograd/_core_build.json
