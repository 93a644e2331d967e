# tracegrad: `make demo` and `make test` are all a newcomer needs (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
# `make test TORCH=1` installs the torch extra first, so the PyTorch parity tests run
TORCH  ?=

.PHONY: demo test lint bench lab graphviz browser clean

demo: $(VENV)/.installed-test graphviz
	$(PY) scripts/demo.py
	@echo
	@echo "Next:"
	@echo "  Python with tracegrad:    source $(VENV)/bin/activate   (or run $(VENV)/bin/python)"
	@echo "  the step-through player:  open file://$(CURDIR)/out/neuron_steps.html in a browser"
	@echo "  the same as a quiz:       open file://$(CURDIR)/out/neuron_quiz.html"
	@echo "  the notebooks:            make lab   (installs JupyterLab, opens notebooks/)"

test: $(VENV)/.installed-test $(if $(filter 1 yes true,$(TORCH)),$(VENV)/.installed-torch) \
      graphviz browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

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
