# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test lint format bench worker beat messages install install-dev clean load

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Install, migrate, load the demo and serve http://127.0.0.1:8000 (Celery runs tasks in-process).
## The periodic jobs (daily reminders…) run in a background process that stops with the server.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	export CELERY_BROKER_URL= REDIS_URL=; $(PY) manage.py run_scheduler & SCHED=$$!; \
	trap 'kill $$SCHED 2>/dev/null' EXIT INT TERM; $(PY) manage.py runserver 127.0.0.1:8000

## Lint, check migrations and translations, run the whole suite.
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Refresh the translation catalogues after changing UI strings (needs gettext).
messages: install-dev
	$(PY) manage.py makemessages -l ru -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

## A Celery worker and beat, for running against a real broker (set CELERY_BROKER_URL).
worker: install
	$(BIN)/celery -A config worker --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

## Benchmarks on PostgreSQL (127.0.0.1; each database created and filled on its first run), every
## one printing ratios against a floor measured in the same run and written to docs/PERFORMANCE.md:
## imports of 5,000 people against a bare bulk_create; every role's pages, PDFs and imports on
## bench/dataset.py's municipality; the board with 10x its history; the region of 1,000 schools.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mentoring_bench
IMPORT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mentoring_bench_import
REGION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mentoring_region
bench: install-dev
	$(PY) bench/bench_municipality.py
	$(PY) bench/bench_render.py
	DATABASE_URL=$(IMPORT_DATABASE_URL) $(PY) bench/bench_import.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/bench_pages.py
	$(PY) bench/bench_history.py
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) REGION_DATABASE_URL=$(REGION_DATABASE_URL) $(PY) bench/bench_region.py

## Load: 200 users of every role for 5 minutes against gunicorn, PostgreSQL, Redis and a Celery
## worker on 127.0.0.1, on bench/dataset.py's region of 1,000 schools (built on the first run;
## LOAD_DATASET=bench for one municipality, demo for the demo); docs/PERFORMANCE.md.
load: install-dev
	bench/run_load.sh
