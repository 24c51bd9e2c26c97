# Dateline: `make run` serves the demo newsroom, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# Where readers and editors reach this instance: admin links and the demo site's address.
export DATELINE_BASE_URL ?= http://$(HOST):$(PORT)

# Browser tests get a pytest process of their own: Playwright's sync API keeps an event loop
# in the main thread for the rest of the process, which other Django tests need not share.
# --ds: the test settings whatever DJANGO_SETTINGS_MODULE the shell has (it outranks the ini).
PYTEST = $(BIN)/pytest --ds=dateline.settings.test
PYTEST_ALL = $(PYTEST) -n 2 --dist loadfile -m "not browser" && $(PYTEST) -m browser

.PHONY: run test test-postgres lint bench install install-test browsers clean

# A stamp per extra: reinstall only when pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import dateline, wagtail" 
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import dateline, wagtail, pytest, playwright"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/dateline migrate --noinput
	$(BIN)/dateline demo
	@echo ""
	@echo "  Dateline is starting on http://$(HOST):$(PORT)/"
	@echo "  Newsroom (admin):      http://$(HOST):$(PORT)/admin/"
	@$(BIN)/dateline demo --print-logins
	@echo ""
	@echo "  Background: the publishing scheduler (every 10 s) and the task worker (docs/operations.md)"
	@$(BIN)/dateline scheduler & SCHEDULER=$$!; \
	  $(BIN)/dateline db_worker --queue-name '*' --no-reload -v0 & WORKER=$$!; \
	  trap 'kill $$SCHEDULER $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/dateline runserver $(HOST):$(PORT)

# Chromium for the browser tests: Debian's package (never a downloaded build).
browsers:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "warning: /usr/bin/chromium missing; browser tests will be skipped"; fi; }

lint: install-test
	$(BIN)/ruff check .

test: install-test browsers
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/dateline check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/dateline makemigrations --check --dry-run
	$(PYTEST_ALL)

test-postgres: install-test
	export DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}; $(PYTEST_ALL)

# `make bench BENCH_DB=postgres BENCH_ARTICLES=1000000`: benchmarks/run.py, table into docs/benchmarks.md.
BENCH_DB ?= sqlite
BENCH_ARTICLES ?= 5000
bench: install-test
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[bench]"
	$(BIN)/python -m benchmarks.run --db $(BENCH_DB) --articles $(BENCH_ARTICLES)

clean:
	rm -rf $(VENV) var db.sqlite3* test-artifacts audit-report
