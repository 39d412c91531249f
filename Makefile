# Two commands matter: `make demo` (set up, then build the demo timeline) and `make test`
# (set up, then run every test). .ci/run runs `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test setup setup-test clean

demo: $(VENV)/.installed
	$(BIN)/dateline demo

test: setup-test
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# System packages and test-only tools: Debian's chromium (browser test), Perl's XML::DOM and the
# ROUGE-1.5.5 script from tilse/pyrouge on PyPI (the Perl cross-check of our metrics).
setup-test: $(VENV)/.installed
	VENV=$(VENV) bash scripts/setup-test.sh

clean:
	rm -rf $(VENV) .pytest_cache
