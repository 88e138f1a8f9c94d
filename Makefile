# Civic Desk. The two commands that matter: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CIVICDESK := $(BIN)/civicdesk
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: demo test install install-dev browser lint types imports migrations-check deploy-check pytest bench loadtest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# The benchmarks' peers (pyworkforce, SimPy), in the benchmark environment only.
$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	DJANGO_SETTINGS_MODULE=config.settings.local $(CIVICDESK) migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.local $(CIVICDESK) load_demo
	DJANGO_SETTINGS_MODULE=config.settings.local $(CIVICDESK) runserver $(HOST)

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests." >&2; exit 1; fi; }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install-dev
	$(BIN)/mypy civicdesk config tests benchmarks loadtest

imports: install-dev
	$(BIN)/lint-imports

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(CIVICDESK) makemigrations --check --dry-run

deploy-check: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$(od -An -tx1 -N40 /dev/urandom | tr -d ' \n') \
	  DJANGO_ALLOWED_HOSTS=civicdesk.example.org $(CIVICDESK) check --deploy --fail-level WARNING

pytest: install-dev browser
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test: lint types imports migrations-check deploy-check pytest

bench: install-dev $(VENV)/.installed-bench
	$(BIN)/pytest benchmarks -q -p no:xdist --benchmark-columns=min,median,mean,max,rounds

# gunicorn with production settings on a PostgreSQL database of its own (127.0.0.1:5432, user
# postgres), driven and reconciled, faults included (docs/performance.md). Minutes, both cores;
# not part of `make test`. LOADTEST_SECONDS=15 for a quicker run.
loadtest: install-dev
	$(BIN)/python -m loadtest.run

clean:
	rm -rf $(VENV) var .mypy_cache .pytest_cache .ruff_cache
