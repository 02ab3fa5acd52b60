# Teilhabe — the index of commands. `make run` to try it, `make test` to test it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export PYTHONDONTWRITEBYTECODE := 1
# The static checks read the code only: the same answer whatever the local database and settings.
CHECK_ENV := env DEBUG=true DATABASE_URL=sqlite://:memory:
MESSAGES_OPTS := -l de -l en --no-location --ignore 'static/vendor/*'

.PHONY: help install run serve demo code test test-sqlite test-postgres check lint format messages messages-check bench bench-guide migrations-check vendor screenshots clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	bash scripts/ensure-system-libs.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(VENV)/.installed  ## create .venv and install the pinned dependencies

demo: install  ## migrate the database, load the territory and the demo (idempotent)
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) seed_demo

run: demo  ## install, migrate, load territory + demo, serve on http://127.0.0.1:8000 (with the task worker)
	bash scripts/run.sh 127.0.0.1:8000

serve: install  ## serve without reloading the demo
	$(MANAGE) runserver 127.0.0.1:8000

code: install  ## the current second-factor code of a demo user: make code USER=anna
	@$(MANAGE) demo_code $(USER)

test: install  ## every test: SQLite (with browser tests), then PostgreSQL where reachable
	bash scripts/ensure-chromium.sh
	bash scripts/test.sh

test-sqlite: install  ## the whole suite on SQLite only
	bash scripts/ensure-chromium.sh
	TEILHABE_TEST_POSTGRES=skip bash scripts/test.sh

test-postgres: install  ## the suite without browser tests on PostgreSQL only
	TEILHABE_TEST_SQLITE=skip TEILHABE_REQUIRE_POSTGRES=1 bash scripts/test.sh

check: lint migrations-check messages-check  ## the static checks CI runs before the tests

lint: install  ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(CHECK_ENV) $(VENV)/bin/mypy
	$(CHECK_ENV) $(VENV)/bin/lint-imports --no-cache

format: install  ## apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install  ## update the translation files and compile them
	cd teilhabe && ../$(PY) ../manage.py makemessages $(MESSAGES_OPTS)
	cd teilhabe && ../$(PY) ../manage.py makemessages -d djangojs $(MESSAGES_OPTS)
	$(PY) scripts/public_messages.py
	$(MANAGE) compilemessages --ignore .venv -v 0

messages-check: install  ## fail if a string of the code or templates is not in the .po files (public ones: in every public language)
	$(CHECK_ENV) $(PY) scripts/check_messages.py $(MESSAGES_OPTS)

bench: install  ## run the benchmarks under bench/ and print their results (ONLY=measures: those matching)
	$(PY) bench/run.py $(ONLY)

GUIDE_BENCH_DB ?= postgres://postgres@127.0.0.1:5432/teilhabe_bench
bench-guide: install  ## the guide at 100,000 offers: data set (OFFERS=…) and gunicorn HTTP harness (GUIDE_BENCH_DB=…)
	DATABASE_URL=$(GUIDE_BENCH_DB) $(PY) bench/guide_dataset.py --offers $(or $(OFFERS),100000)
	DATABASE_URL=$(GUIDE_BENCH_DB) $(PY) bench/guide_http.py

migrations-check: install  ## fail if a model change has no migration
	$(CHECK_ENV) $(MANAGE) makemigrations --check --dry-run

vendor:  ## update the vendored front-end files (KERN UX, htmx, axe-core) from npm
	bash scripts/vendor-frontend.sh

clean:  ## remove the virtualenv and local data (the demo database too)
	rm -rf $(VENV) var
