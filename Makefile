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
PYTEST = $(BIN)/pytest --ds=dateline.settings.test $(PYTEST_FLAGS)
PYTEST_ALL = $(PYTEST) -n 2 --dist loadfile -m "not browser" && $(PYTEST) -m browser

.PHONY: run dev test test-postgres check-deploy shell lint bench install install-test browsers clean

# A stamp per extra: reinstall only when pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pip's log goes to a file (this machine's pip config adds noise); a failed install prints it
# and stops make with pip's own exit status.
PIP_INSTALL = $(BIN)/pip install --quiet --disable-pip-version-check
# $(1): the extras (comma-separated, passed through a variable so make's call does not split them).
define pip_install
	@$(PIP_INSTALL) -e ".[$(1)]" > $(VENV)/pip.log 2>&1 || { status=$$?; grep -v "^WARNING: Location" $(VENV)/pip.log >&2; \
	  echo "error: pip install -e .[$(1)] failed (exit $$status); full log in $(VENV)/pip.log" >&2; exit $$status; }
endef
EXTRAS_RUN := prod
EXTRAS_TEST := prod,test

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(call pip_install,$(EXTRAS_RUN))
	$(BIN)/python -c "import dateline, wagtail"
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(call pip_install,$(EXTRAS_TEST))
	$(BIN)/python -c "import dateline, wagtail, pytest, playwright, importlinter"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# `make run` serves the product as it runs in production: the production settings (DEBUG off,
# hashed and compressed static files, the page cache), a production app server, and the
# scheduler and task worker beside it. Only what plain http on this machine needs differs
# from a deployment: cookies without the Secure flag, media served by the app, and a secret
# key made once and kept in var/.
WORKERS ?= 2
# Two-factor stays optional: the demo's published logins have no authenticator (a first look
# needs no phone); a deployment requires it of the Administrator role by default.
RUN_ENV = DJANGO_SETTINGS_MODULE=dateline.settings.production SECRET_KEY="$$(cat var/secret_key)" \
	ALLOWED_HOSTS=$(HOST),localhost SECURE_COOKIES=false DATELINE_SERVE_MEDIA=true \
	DATELINE_2FA_REQUIRED_GROUPS=

var/secret_key:
	@mkdir -p var
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Static files are collected again only when one changed (or the installed packages did).
STATIC_SOURCES := $(shell find dateline -path '*/static/*' -type f 2>/dev/null)
var/static.stamp: $(VENV)/.installed $(STATIC_SOURCES) | var/secret_key
	@$(RUN_ENV) $(BIN)/dateline collectstatic --noinput -v0
	@touch $@

# A restart serves again in seconds (issue 18): migrations run only when `migrate --check`
# finds some unapplied, static files are collected only when they changed, and the demo is
# loaded only when its content changed or the database lacks it (`demo --if-changed`).
run: install var/secret_key var/static.stamp
	@$(RUN_ENV) $(BIN)/dateline migrate --check >/dev/null 2>&1 || $(RUN_ENV) $(BIN)/dateline migrate --noinput
	@# The demo's logins have published passwords: it loads under the development settings.
	@# One process start loads the demo if needed and prints its logins.
	@DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline demo --if-changed --print-logins
	@echo ""
	@echo "  Dateline is serving on http://$(HOST):$(PORT)/  (granian, $(WORKERS) workers, DEBUG off, page cache on)"
	@echo "  Newsroom (admin):      http://$(HOST):$(PORT)/admin/"
	@echo "  Two-factor sign-in: optional in this demo (required of Administrators in a deployment);"
	@echo "  try it under Account > More actions > Two-factor authentication."
	@echo ""
	@echo "  Beside it, supervised: the publishing scheduler (every 10 s) and the task worker (docs/operations.md)"
	@# `dateline supervise` runs the scheduler and the task worker, restarting either if it dies.
	@$(RUN_ENV) $(BIN)/dateline supervise & SUPERVISOR=$$!; \
	  trap 'kill $$SUPERVISOR 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers $(WORKERS) \
	    --log-level warning dateline.wsgi:application

# For people changing the code: Django's development server with autoreload and DEBUG on.
dev: install
	DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline migrate --noinput
	DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline demo
	@DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline demo --print-logins
	@DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline scheduler & SCHEDULER=$$!; \
	  DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline worker --queue-name '*' & WORKER=$$!; \
	  trap 'kill $$SCHEDULER $$WORKER 2>/dev/null' EXIT INT TERM; \
	  DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline runserver $(HOST):$(PORT)

# Chromium for the browser tests: Debian's package (never a downloaded build). Under CI=true
# a browser that cannot be installed stops the run (its tests would otherwise not run).
browsers:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
	  fi; \
	  test -x /usr/bin/chromium || { \
	    if [ "$$CI" = true ]; then echo "error: /usr/bin/chromium is missing and could not be installed (apt-get install chromium)" >&2; exit 1; fi; \
	    echo "warning: /usr/bin/chromium missing; browser tests will be skipped (apt-get install chromium)"; }; }

lint: install-test
	$(BIN)/ruff check .

test: install-test browsers
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/dateline check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=dateline.settings.test $(BIN)/dateline makemigrations --check --dry-run
	$(PYTEST_ALL)

test-postgres: install-test browsers
	export DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}; $(PYTEST_ALL)

# The deployment checks under the production settings, with what a deployment sets.
check-deploy: install
	DJANGO_SETTINGS_MODULE=dateline.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  ALLOWED_HOSTS=news.example.com SECURE_SSL_REDIRECT=true SECURE_HSTS_SECONDS=31536000 \
	  SECURE_HSTS_INCLUDE_SUBDOMAINS=true SECURE_HSTS_PRELOAD=true \
	  $(BIN)/dateline check --deploy --fail-level WARNING

# A Python shell with the project's settings (the `dateline` command is $(BIN)/dateline).
shell: install
	$(BIN)/dateline shell

# `make bench BENCH_DB=postgres BENCH_ARTICLES=1000000`: benchmarks/run.py, table into docs/benchmarks.md.
# BENCH_REUSE=1 (with BENCH_DATABASE_URL, e.g. a clone of the shared scale_1m) measures an
# existing PostgreSQL database as it is instead of dropping and rebuilding it.
BENCH_DB ?= sqlite
BENCH_ARTICLES ?= 5000
# Every benchmark, each printing its table (ratios in one run; docs/benchmarks.md has the
# recorded runs). A benchmark that misses its target exits non-zero after printing, and
# `make bench` goes on to the next one (-) so one miss does not hide the other figures.
# Wire ingest: BENCH_INGEST_ITEMS ninjs stories on SQLite, then on PostgreSQL too when
# BENCH_DATABASE_URL is set (on a database of its own, that name + `_ingest`); 10,000 stories
# each, the issue's figure:
# `make bench BENCH_DATABASE_URL=postgres://...` (docs/benchmarks.md).
BENCH_INGEST_ITEMS ?= 10000
BENCH_SEARCH_ARTICLES ?= 2000
bench: install-test
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[bench]"
	-$(BIN)/python -m benchmarks.run --db $(BENCH_DB) --articles $(BENCH_ARTICLES) $(if $(BENCH_REUSE),--reuse)
	-$(BIN)/python benchmarks/http_front.py --seconds 8
	-$(if $(BENCH_DATABASE_URL),BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) )$(BIN)/python benchmarks/ingest.py --items $(BENCH_INGEST_ITEMS)
	-$(BIN)/python benchmarks/search.py --articles $(BENCH_SEARCH_ARTICLES) --repeat 3 --beacons 1000

clean:
	rm -rf $(VENV) var db.sqlite3* test-artifacts audit-report

# Soak: 64 connections for SOAK_SECONDS (default 600) on gunicorn with the production
# settings while an editor publishes, Redis is stopped and restarted and the worker killed.
.PHONY: soak
soak: install-test
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[prod]" 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python benchmarks/soak.py
