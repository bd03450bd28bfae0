# make demo: set up .venv and run warledger on the bundled example article.
# make test: install dev tools into .venv, then ruff and pytest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/warledger/web/static/vendor/VENDORED.json

.PHONY: demo test install dev clean bench

$(BIN)/python:
	@echo "building the environment in $(VENV) (first run only; about a minute)…"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The dashboard's map and chart libraries, from the npm registry (not committed; see scripts/vendor_web.py).
$(VENDOR): scripts/vendor_web.py
	@echo "vendoring the dashboard's map and chart libraries (npm pack leaflet, @observablehq/plot, d3)…"
	$(PYTHON) scripts/vendor_web.py || echo "warning: no npm here: the dashboard will lack its map and charts (warledger itself works)"

install: $(BIN)/python $(VENDOR)
	@echo "installing warledger and its dependencies into $(VENV)…"
	$(BIN)/pip install --quiet -e .

dev: $(BIN)/python $(VENDOR)
	@echo "installing warledger with its dev tools (ruff, pytest) into $(VENV)…"
	$(BIN)/pip install --quiet -e '.[dev]'

demo: install
	$(BIN)/warledger demo

test: dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/pytest -q src tests

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

# Benchmarks print ratios against a baseline run in the same process (not part of make test).
bench: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_api.py
	$(BIN)/python bench/bench_ingest.py --docs 10000
