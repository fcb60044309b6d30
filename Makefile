# Russia–Japan Incident Timeline — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# Development settings for every manage.py command (read by timeline/settings.py; the real
# environment wins, tests ignore it).
ENV_FILE ?= .env

.PHONY: run setup test lint format check-python install clean browsers bench messages vendor

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Python >= 3.12 is required (found: $$($(PYTHON) --version 2>&1))."; \
	  echo "Install Python 3.12 or 3.13 (e.g. 'pyenv install 3.13'; .python-version selects it)."; \
	  exit 1; }

# Re-install only when the dependency files change.
$(STAMP): pyproject.toml requirements.lock | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# Written once, never overwritten: DEBUG on and a random key of this checkout's own, so
# that `.venv/bin/python manage.py import_articles …` works after `make run` as it is.
$(ENV_FILE):
	@umask 077 && { \
	  echo "# Development settings written by 'make run' (git-ignored; see README, Configuration)."; \
	  echo "DEBUG=1"; \
	  echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	} > $@.tmp && mv $@.tmp $@
	@echo "Wrote $@ (DEBUG=1 and a generated SECRET_KEY) for development."

# Translations (README, "Languages"): the catalogs locale/<lang>/LC_MESSAGES/django.po are
# checked in; their compiled .mo files are built here (git-ignored) whenever a .po is newer.
# `make messages` updates the catalogs from the marked strings: everyone runs this command.
LOCALES := ja ru
MO_FILES := $(foreach lang,$(LOCALES),locale/$(lang)/LC_MESSAGES/django.mo)
# (tests/test_i18n_catalogs.py reads this line to run the same command.)
MAKEMESSAGES := manage.py makemessages -l ja -l ru --no-location --no-wrap --no-obsolete -i node_modules -i staticfiles -i tests -i docs -i loadtest -i scripts

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

messages: install
	$(BIN)/python $(MAKEMESSAGES)

# Idempotent: migrate, load the seed data, create the demo accounts.
setup: install $(ENV_FILE) $(MO_FILES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py create_demo_users

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests' offline judges (axe-core, the Nu HTML Checker) from package-lock.json.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The map's Leaflet and clustering plugin, copied from node_modules into static/vendor/
# (committed: `make run` needs no npm). Run after changing their versions in package.json.
vendor: $(NODE_STAMP)
	$(BIN)/python -m timeline.vendored

test: install $(NODE_STAMP) $(MO_FILES)
	TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

# Measure pages, API and exports on the current database (README, "Benchmark"), e.g.
# DATABASE_URL=postgres://… make bench BENCH_ARGS="--runs 50 --load 60".
bench: install
	TESTING=1 $(BIN)/python manage.py bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
