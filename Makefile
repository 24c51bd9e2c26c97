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
	DATELINE_VAPID_KEY_FILE=$${DATELINE_VAPID_KEY_FILE:-$(CURDIR)/var/vapid_private.pem} \
	ALLOWED_HOSTS=$(HOST),localhost SECURE_COOKIES=false DATELINE_SERVE_MEDIA=true \
	DATELINE_2FA_REQUIRED_GROUPS= DATELINE_DEMO_JOBS=true $(DEMO_MAIL_ENV) \
	DATELINE_ADS_BACKEND=$${DATELINE_ADS_BACKEND:-dateline.ads.backends.HouseAds}
# The demo's outgoing mail (newsletters, sign-up confirmations) is written to files under
# var/mail/, unless a mail server is named (EMAIL_HOST or EMAIL_BACKEND in the environment).
DEMO_MAIL_DIR = $(CURDIR)/var/mail
DEMO_MAIL_ENV = $(if $(EMAIL_HOST)$(EMAIL_BACKEND),,EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=$(DEMO_MAIL_DIR))

var/secret_key:
	@mkdir -p var
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The demo's VAPID key for Web Push alerts (docs/alerts.md): made once, kept in var/.
var/vapid_private.pem: | var/secret_key
	@DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline vapid-keys --pem $@ >/dev/null

# Static files are collected again only when one changed (or the installed packages did).
STATIC_SOURCES := $(shell find dateline -path '*/static/*' -type f 2>/dev/null)
var/static.stamp: $(VENV)/.installed $(STATIC_SOURCES) | var/secret_key
	@$(RUN_ENV) $(BIN)/dateline collectstatic --noinput -v0
	@touch $@

# A restart serves again in seconds (issue 18): migrations run only when `migrate --check`
# finds some unapplied, static files are collected only when they changed, and the demo is
# loaded only when its content changed or the database lacks it (`demo --if-changed`).
run: install var/secret_key var/vapid_private.pem var/static.stamp
	@$(RUN_ENV) $(BIN)/dateline migrate --check >/dev/null 2>&1 || $(RUN_ENV) $(BIN)/dateline migrate --noinput
	@# The demo's logins have published passwords: it loads under the development settings.
	@# One process start loads the demo if needed and prints its logins.
	@$(DEMO_MAIL_ENV) DJANGO_SETTINGS_MODULE=dateline.settings.dev $(BIN)/dateline demo --if-changed --print-logins
	@echo ""
	@echo "  Newsletters:           http://$(HOST):$(PORT)/newsletters/  (sign up, then confirm from the mail)"
	@echo "  Alerts:                the bell in the header (Web Push; key in var/vapid_private.pem), Send alert on a story"
	@echo "  Outgoing mail:         $(if $(EMAIL_HOST)$(EMAIL_BACKEND),sent by $(or $(EMAIL_BACKEND),SMTP to $(EMAIL_HOST)),files in $(DEMO_MAIL_DIR)/ (a file per sending connection: a confirmation, a batch; newest: ls -t var/mail | head -1))"
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

# `make bench BENCH_DB=postgres BENCH_ARTICLES=1000000`: benchmarks/run.py on PostgreSQL.
# BENCH_REUSE=1 (with BENCH_DATABASE_URL, e.g. a clone of the shared scale_1m) measures an
# existing PostgreSQL database as it is instead of dropping and rebuilding it.
BENCH_DB ?= sqlite
BENCH_ARTICLES ?= 5000
# Every benchmark, each printing its table; benchmarks/record.py puts each table in
# docs/benchmarks.md in place of that benchmark's previous one (with the command, date and
# load; earlier runs are in git history). A benchmark that misses its target exits non-zero
# after printing; `make bench` goes on to the next one so one miss does not hide the
# other figures, and fails at the end naming every benchmark that missed. Wire ingest: BENCH_INGEST_ITEMS ninjs stories on SQLite, then on PostgreSQL
# too when BENCH_DATABASE_URL is set (on a database of its own, that name + `_ingest`);
# 10,000 stories each, the issue's figure: `make bench BENCH_DATABASE_URL=postgres://...`.
# The outage benchmark: BENCH_OUTAGE_SECONDS of load per phase (Redis up, down, down
# without the fallback).
BENCH_INGEST_ITEMS ?= 10000
BENCH_SEARCH_ARTICLES ?= 2000
BENCH_OUTAGE_SECONDS ?= 60
BENCH_NEWSLETTER_RECIPIENTS ?= 100000
BENCH_PUSH_SUBSCRIPTIONS ?= 100000
# Live blog readers polling the update endpoint (issue 23: 1,000, p95 entry-to-reader <= 15 s).
BENCH_LIVE_READERS ?= 1000
BENCH_LIVE_SECONDS ?= 90
RECORD = $(BIN)/python -m benchmarks.record
bench: install-test
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[bench]"
	failed=""; \
	$(RECORD) pages-$(BENCH_DB) "Page cost, $(BENCH_DB), 1,000 and $(BENCH_ARTICLES) stories" -- $(BIN)/python -m benchmarks.run --db $(BENCH_DB) --articles $(BENCH_ARTICLES) $(if $(BENCH_REUSE),--reuse) || failed="$$failed pages-$(BENCH_DB)"; \
	$(RECORD) http_front "The served stack: app alone, Varnish and nginx" -- $(BIN)/python benchmarks/http_front.py --seconds 8 || failed="$$failed http_front"; \
	$(RECORD) ingest "Wire ingest" --lines '^ingest \[' -- $(if $(BENCH_DATABASE_URL),env BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) )$(BIN)/python benchmarks/ingest.py --items $(BENCH_INGEST_ITEMS) || failed="$$failed ingest"; \
	$(RECORD) search "Search and view beacons" --lines '^(database|stories|search|beacons): |^ +[0-9]+ results' -- $(BIN)/python benchmarks/search.py --articles $(BENCH_SEARCH_ARTICLES) --repeat 3 --beacons 1000 || failed="$$failed search"; \
	$(RECORD) outage "Redis outage: latency with Redis stopped" -- $(BIN)/python benchmarks/outage.py --seconds $(BENCH_OUTAGE_SECONDS) || failed="$$failed outage"; \
	$(RECORD) live "Live blogs: $(BENCH_LIVE_READERS) pollers, entry to reader" -- $(BIN)/python benchmarks/live_pollers.py --readers $(BENCH_LIVE_READERS) --seconds $(BENCH_LIVE_SECONDS) || failed="$$failed live"; \
	$(RECORD) newsletter "Newsletter send to a local SMTP server" --lines '^newsletter: ' -- $(BIN)/python benchmarks/newsletter_send.py --recipients $(BENCH_NEWSLETTER_RECIPIENTS) || failed="$$failed newsletter"; \
	$(RECORD) push "Web Push alert to a local push service" --lines '^push: ' -- $(BIN)/python benchmarks/push_send.py --subscriptions $(BENCH_PUSH_SUBSCRIPTIONS) || failed="$$failed push"; \
	if [ -n "$$failed" ]; then echo "Benchmarks that missed their target:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) var db.sqlite3* test-artifacts audit-report

# Soak: 64 connections for SOAK_SECONDS (default 600) on gunicorn with the production
# settings while an editor publishes, Redis is stopped and restarted and the worker killed.
.PHONY: soak
soak: install-test
	@out=$$($(BIN)/pip install --quiet --disable-pip-version-check -e ".[prod]" 2>&1) || \
	  { printf '%s\n' "$$out" | grep -v "^WARNING: Location"; exit 1; }
	$(BIN)/python benchmarks/soak.py
