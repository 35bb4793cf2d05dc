# One command for everything a contributor runs. `make help` lists the targets.
# Every target creates .venv from the pinned requirements by itself.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data/incidents.yaml
FORMAT ?= text
OUT ?= pages-out
ADDR ?= 127.0.0.1:8000
# The site's builder: mkdocs, or properdocs (the same site; see README, 'Dependencies'). The
# tests and the benchmark read it too (incidentdb/site/config.py).
BUILDER ?= mkdocs
export BUILDER
# Reproducible output: dates in the site come from the last commit, not the clock.
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.DEFAULT_GOAL := help
.PHONY: help venv serve build check test lint pages bench schema clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

venv: $(STAMP) ## Create .venv from the pinned requirements

serve: $(STAMP) ## Build and serve the site on http://127.0.0.1:8000 (INCIDENTS_LIMIT=N for quick previews)
	$(BIN)/python -m $(BUILDER) serve --dev-addr $(ADDR)

build: $(STAMP) ## Build the site strictly into site/
	$(BIN)/python -m $(BUILDER) build --strict --clean

check: $(STAMP) ## Validate data/incidents.yaml and list every problem (FORMAT=github for CI annotations)
	$(BIN)/python -m incidentdb check $(DATA) --format $(FORMAT)

schema: $(STAMP) ## Regenerate schema/incidents.schema.json from the model's field definitions
	$(BIN)/python -m incidentdb schema --output schema/incidents.schema.json

pages: $(STAMP) ## Write the generated pages as Markdown into OUT (default pages-out/)
	$(BIN)/python -m incidentdb pages $(DATA) --output $(OUT)

test: lint ## Run every test (lint, types, unit, build, browser)
	$(BIN)/python -m pytest

lint: $(STAMP) ## ruff lint and format check, mypy type check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP) ## Benchmark build speed, memory and sizes at N incidents (N="1000 10000", R=3, PROFILE=1)
	$(BIN)/python -m benchmarks.bench $(if $(N),--sizes $(N),) $(if $(R),--repeat $(R),) $(if $(PROFILE),--profile,)

clean: ## Remove build outputs (keeps .venv)
	rm -rf site $(OUT) .pytest_cache
