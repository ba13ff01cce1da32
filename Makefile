# The two commands of the README: `make run` and `make test`. Both create or
# update .venv first, so a fresh clone needs only Python 3.11+, make and git.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
# The address e-mailed links lead to: the dev server's own, unless set.
BASE_URL ?= http://$(HOST):$(PORT)

export FLASK_APP := wsgi

.PHONY: run test install install-test lint format score clean

# Re-install whenever the dependencies change.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: migrate the SQLite database, load the demo if it is empty, serve on 127.0.0.1:5000
run: install
	CAMPAIGN_ENV=development $(BIN)/flask db upgrade
	CAMPAIGN_ENV=development $(BIN)/flask campaign demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	CAMPAIGN_ENV=development BASE_URL=$(BASE_URL) $(BIN)/flask run --host $(HOST) --port $(PORT) --reload

## test: lint, then the whole suite (set TEST_DATABASE_URL for PostgreSQL)
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## score: the extractor against the annotated releases beside the project (a tool, not a test)
score: install
	@test -f ../shared/eval/score_extraction.py || { echo "score: the annotated corpus is not beside this checkout (../shared)"; exit 1; }
	$(BIN)/python ../shared/eval/score_extraction.py --show

## bench-exports: 1,000,000 signatures in a throwaway SQLite database; prints export and page timings
.PHONY: bench-exports
bench-exports: install-test
	$(BIN)/python bench/exports.py

## bench: speed under a surge, SQLite then PostgreSQL (a throwaway one unless DATABASE_URL
## points at one): gunicorn + wrk, ~15 minutes; figures in bench/results/latest.json
.PHONY: bench
bench: install-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
