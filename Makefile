# clinicsite — `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The address the site is served from: canonical, share, feed and email links are built on it.
SITE_URL_ENV := WAGTAILADMIN_BASE_URL="$${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$(PORT)}"
# pytest-xdist workers for `make test` (auto: one per core; 0 runs in a single process).
TEST_WORKERS ?= auto
# Throwaway values that let production settings run on this machine only (serve-prod, checks).
LOCAL_PROD_ENV := DJANGO_SETTINGS_MODULE=clinicsite.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" HTTPS_ONLY=false SERVE_MEDIA=true \
	$(SITE_URL_ENV)

.DEFAULT_GOAL := help
.PHONY: help install browser run publish-scheduled purge backup restore serve-prod worker test test-fast screenshots bench load lint format check lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

install: $(BIN)/.installed ## Create .venv and install the locked dependencies

run: install ## Set up SQLite with demo content and serve http://127.0.0.1:8000 (PORT=… for another port)
	$(SITE_URL_ENV) $(BIN)/python manage.py migrate --noinput
	$(SITE_URL_ENV) $(BIN)/python manage.py seed_demo
	$(SITE_URL_ENV) $(BIN)/python manage.py publish_scheduled
	@$(SITE_URL_ENV) $(BIN)/python manage.py demo_logins
	$(SITE_URL_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

publish-scheduled: install ## Publish/unpublish pages whose go-live/expiry time has passed (EVERY=60: repeat)
	@if [ -n "$(EVERY)" ]; then \
		while true; do $(BIN)/python manage.py publish_scheduled; sleep $(EVERY); done; \
	else $(BIN)/python manage.py publish_scheduled; fi

purge: install ## Clear replies' IP addresses, delete spam and old mail records past their kept days (what the daily timer runs)
	$(BIN)/python manage.py purge_comment_ips
	$(BIN)/python manage.py purge_spam_replies
	$(BIN)/python manage.py purge_outgoing_mail

backup: install ## Write the database and uploaded files to backups/clinicsite-<date>-<time>.tar.gz (BACKUP=… for another file)
	$(BIN)/python manage.py backup_site $(if $(BACKUP),--output "$(BACKUP)")

restore: install ## Restore BACKUP=<archive> into the empty database DATABASE_URL names, and MEDIA_ROOT
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/clinicsite-<date>-<time>.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore_site "$(BACKUP)"

serve-prod: install ## Serve with production settings and gunicorn on http://127.0.0.1:8000 (PORT=…)
	$(LOCAL_PROD_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(LOCAL_PROD_ENV) $(BIN)/python manage.py migrate --noinput
	$(LOCAL_PROD_ENV) $(BIN)/gunicorn clinicsite.wsgi --bind 127.0.0.1:$(PORT) --workers 2

worker: install ## Run the task worker (mail, search index) with production settings, beside `make serve-prod` (BATCH=1: run what is due, then stop)
	$(LOCAL_PROD_ENV) $(BIN)/python manage.py db_worker --no-reload $(if $(BATCH),--batch)

browser: ## Install Debian's Chromium for the browser tests if it is missing (needs root)
	@test -x /usr/bin/chromium || { \
		echo "Installing Chromium for the browser tests (apt-get)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install browser ## Run the whole test suite, browser tests included (DATABASE_URL=postgres://… for PostgreSQL)
	$(BIN)/pytest -n $(TEST_WORKERS)

test-fast: install ## Run every test but the browser ones: for iterating (TESTS=tests/test_x.py for fewer)
	$(BIN)/pytest -n $(TEST_WORKERS) --ignore=tests/e2e $(TESTS)

screenshots: install browser ## Screenshot every public page type at 390 and 1280 px into screenshots/
	$(BIN)/pytest tests/e2e/test_accessibility.py tests/e2e/test_reader.py tests/e2e/test_phone_layout.py -q
	@ls screenshots/

bench: install ## Print query counts and timings of every page type, demo-sized and grown (a throwaway database)
	$(BIN)/python -m bench

load: install ## Post 1,000 replies from 8 loopback addresses to gunicorn + PostgreSQL + Redis db 14, limits raised then production's
	$(BIN)/python -m bench.load

lint: install ## Check code style (ruff), the layers' import contracts (import-linter) and template indentation (djhtml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check templates

format: install ## Fix what ruff can fix, format the code and indent the templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

check: install ## Django's checks: missing migrations and deployment settings
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(LOCAL_PROD_ENV) HTTPS_ONLY=true $(BIN)/python manage.py check --deploy --fail-level WARNING

lock: install ## Re-pin every dependency from pyproject.toml into the lock files
	$(BIN)/python -m pip install --quiet uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 -o requirements.lock --quiet
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements-dev.lock --quiet

clean: ## Remove the virtualenv, the local database, uploads and collected static files
	rm -rf $(VENV) db.sqlite3 media staticfiles tests/.media
