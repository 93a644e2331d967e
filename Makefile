# tracegrad: `make demo` and `make test` are all a newcomer needs (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test lint bench graphviz browser clean

demo: $(VENV)/.installed-test graphviz
	$(PY) scripts/demo.py

test: $(VENV)/.installed-test graphviz browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed-test $(VENV)/.installed-bench graphviz
	$(PY) benchmarks/run_all.py

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

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis *.egg-info
