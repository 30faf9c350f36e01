# Two commands on a fresh machine: `make migrate` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ROBLE  := $(BIN)/roble

.PHONY: venv migrate test lint format bench sandbox-stop clean

venv: $(VENV)/.installed

# editable_mode=compat: a plain path in a .pth file. The default editable finder imports
# pathlib and more at every interpreter start (~10 ms on each roble command).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $@

## Apply every revision to $$DATABASE_URL (or yoyo.ini's database); with none
## configured, to the local sandbox MariaDB under .roble/ (started if needed).
## Then refresh sql_migrations/schema.sql from the database it migrated (not in
## production: a deploy never rewrites tracked files).
migrate: venv
	$(ROBLE) --sandbox auto upgrade
	$(ROBLE) --sandbox auto schema dump --not-in-production -o sql_migrations/schema.sql

## ruff (lint + format check), mypy (the package's type hints), then the test suite
## against a real MariaDB.
test: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

## The pull-request gate for revisions: review rules and roble.sum, no database needed.
lint: venv
	$(ROBLE) lint
	$(ROBLE) verify --offline

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: venv
	$(BIN)/python bench/run.py

sandbox-stop: venv
	$(ROBLE) sandbox stop

clean: sandbox-stop
	rm -rf .roble $(VENV)
