# The two commands: `make run` (portal with demo data on the embedded default) and `make test`.
# `make run` shows the portal's own Russian error pages; `DEBUG=1 make run` turns on Django's debug pages.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
BENCH_SCHOOLS ?= 40000
BENCH_IMPORT_ROWS ?= 40000

.PHONY: run setup test test-fast lint lock system-deps clean demo bench backup restore load

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:8000

setup: $(VENV)/.installed node_modules/.installed

# Development and tests install the dev set (the runtime pins plus the tools); the Docker image
# installs requirements/runtime.lock only.
$(VENV)/.installed: requirements/dev.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements/dev.lock
	touch $@

# Regenerates both locks from pyproject.toml, keeping every pin that still satisfies it (nothing is
# upgraded unless asked: `make lock LOCK_ARGS=--upgrade-package=django`). The dev lock is
# constrained by the runtime lock, so the two never disagree on a version.
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --no-emit-find-links --no-emit-index-url --strip-extras $(LOCK_ARGS)
lock: $(VENV)/.installed
	$(PIP_COMPILE) --output-file=requirements/runtime.lock pyproject.toml
	$(PIP_COMPILE) --extra=dev --constraint=requirements/runtime.lock --output-file=requirements/dev.lock pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps:
	bash scripts/install-system-deps.sh

# The whole suite against real PostgreSQL and Redis started for the run, browser tests in
# Debian's Chromium. Screenshots and other artefacts land in test-artifacts/.
test: setup system-deps
	bash scripts/with-services.sh $(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# Quick iteration: SQLite, no services, no browser.
test-fast: setup
	$(PY) -m pytest -m "not browser and not services" $(PYTEST_ARGS)

# Benchmarks print one figure per line (with the ratio to its target); never part of `make test`.
# National scale by default (40,000 schools, about ten minutes); `make bench BENCH_SCHOOLS=4000` for less.
bench: setup system-deps
	BENCH_SCHOOLS=$(BENCH_SCHOOLS) BENCH_IMPORT_ROWS=$(BENCH_IMPORT_ROWS) bash scripts/with-services.sh bash scripts/bench.sh

# Database dump (pg_dump custom format, or SQLite's online backup) and uploaded files, with a
# manifest of row counts. Restore checks the counts after loading: `make restore FROM=backups/…`.
backup: setup
	$(PY) manage.py backup create $(if $(TO),--output $(TO),)

restore: setup
	$(PY) manage.py backup restore $(FROM)

# Load: the four roles on loopback, 50 users for 10 minutes by default (LOAD_USERS, LOAD_TIME).
load: setup system-deps
	bash scripts/with-services.sh bash scripts/load.sh

# House rules checked by CI before the tests: lint, formatting, the templates (djlint, lint only:
# rules chosen in pyproject.toml's [tool.djlint]), and no model change without its migration (the
# embedded SQLite settings are enough for makemigrations).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts
