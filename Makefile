# planwerk: the one entry point for developers and operators.
# `make run` and `make test` install what they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The sender the demo's emails show (production sets PLANWERK_FROM_EMAIL).
DEMO_FROM_EMAIL ?= integration@example.org
export PLANWERK_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test test-sqlite test-postgres lint bench messages vendor install install-dev demo migrate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installed packages follow pyproject.toml: reinstall when it changes.
.stamp-install: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

.stamp-install-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@ .stamp-install

install: .stamp-install compile-messages
install-dev: .stamp-install-dev compile-messages

compile-messages: | $(BIN)/python
	@$(BIN)/python scripts/compile_messages.py

migrate: install
	PLANWERK_DEBUG=1 $(BIN)/planwerk migrate --noinput

demo: migrate
	PLANWERK_DEBUG=1 $(BIN)/planwerk load-process src/planwerk/processes/definitions/hannover-lip-2019.yaml
	PLANWERK_DEBUG=1 $(BIN)/planwerk load-demo

# The task worker (it sends the invitations) runs beside the server, as in production,
# and stops with it. In development the emails are printed on this console.
run: demo
	@echo "planwerk runs on http://127.0.0.1:$(PORT)/ (logins, password planwerk-demo: koordination for the coordination, mitglied for a member)"
	@echo "The task worker runs beside it: emails sent by planwerk are printed here."
	@export PLANWERK_FROM_EMAIL="$${PLANWERK_FROM_EMAIL:-$(DEMO_FROM_EMAIL)}"; \
	PLANWERK_DEBUG=1 $(BIN)/planwerk db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	PLANWERK_DEBUG=1 $(BIN)/planwerk runserver 127.0.0.1:$(PORT)

# Tests: lint, types, migrations, then pytest on SQLite. With DATABASE_URL set to a
# PostgreSQL database, `make test-postgres` runs the suite there too.
test: install-dev lint test-sqlite
	@if [ -n "$$PLANWERK_TEST_POSTGRES_URL" ]; then $(MAKE) --no-print-directory test-postgres; fi

test-sqlite:
	PLANWERK_TESTING=1 $(BIN)/planwerk makemigrations --check --dry-run
	PLANWERK_TESTING=1 $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-postgres:
	PLANWERK_TESTING=1 DATABASE_URL=$$PLANWERK_TEST_POSTGRES_URL $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	PLANWERK_TESTING=1 $(BIN)/mypy

# wrk (Debian) loads the public page from C, so that the readers take less of the
# machine than the server; without it bench_public loads from Python threads.
bench: install-dev
	@command -v wrk >/dev/null 2>&1 || (command -v apt-get >/dev/null 2>&1 && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1) || \
		echo "wrk could not be installed: bench_public loads from Python threads"
	PLANWERK_TESTING=1 $(BIN)/python bench/run.py

messages: install-dev
	cd src/planwerk && for app in $$(ls -d */locale | cut -d/ -f1); do \
	  (cd $$app && PLANWERK_TESTING=1 ../../../$(BIN)/django-admin makemessages -l de -l tr -l ar -l ru --no-obsolete --settings=planwerk.settings) ; done
	$(MAKE) compile-messages

vendor:
	bash scripts/vendor-static.sh

clean:
	rm -rf $(VENV) .stamp-* var
