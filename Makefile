# warta: the two quick-start commands (`make demo`, `make test`) and the developer chores.
# Everything installs into ./.venv from pyproject.toml, so a fresh machine needs only Python 3.11+.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format typecheck schema bench evaluate clean browser-deps

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("warta needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,batch,web]'
	touch $(STAMP)

## demo: set up, then extract the bundled sample article and show it
demo: $(STAMP)
	$(BIN)/warta extract --pretty examples/sample.txt --published 2025-03-03

## test: set up, then run lint and the test suite (what CI runs)
test: $(STAMP) lint
	$(BIN)/python -m pytest -q

## browser-deps: Debian's Chromium and ChromeDriver for tests/test_browser.py (which skips
## without them); needs root and apt-get, so it is a separate step, run by CI before `make test`
browser-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then \
		echo "chromium and chromedriver are installed"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
		echo "no chromium, and no root apt-get to install it: tests/test_browser.py will skip"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

## schema: regenerate the JSON Schema shipped in the package from the record dataclasses
schema: $(STAMP)
	$(BIN)/warta schema --out src/warta/schema/article.schema.json

## bench: throughput of the tokenizer and the full pipeline over ../shared/data/news
bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --articles 200

evaluate: $(STAMP)
	$(BIN)/warta evaluate ../shared/gold/articles
	$(BIN)/warta evaluate examples

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build src/*.egg-info
