# The LSP Portal. Two set-up commands on a fresh machine: `make run` and `make test`.
# Everything installs into .venv; nothing is installed system-wide.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pytest-xdist workers for make test and make test-fast: one per core; WORKERS=0 runs serially
WORKERS ?= auto

E2E_TOOLS := e2e/node_modules/.package-lock.json

.PHONY: run test test-fast test-e2e lint format demo synthetic check-deploy bench soak clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## run: the portal with the demo partnerships (Dacorum, Northvale), on SQLite unless DATABASE_URL is set
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_consultation
	$(BIN)/python manage.py load_demo_northvale
	@echo ""
	@echo "  The LSP Portal is at http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	@echo "  Partnerships: http://$(HOST):$(PORT)/dacorum/ and http://$(HOST):$(PORT)/northvale/"
	@echo "  Demo logins (password lsp-demo-2015): officer, forumlead, support, board, admin;"
	@echo "  Northvale's: nv-officer, nv-lead, nv-support, nv-board"
	@echo ""
	@# With no Celery broker the report worker builds annual reports in the background, beside the
	@# server, and stops with it (Ctrl-C); with CELERY_BROKER_URL set a Celery worker does (README).
	@if [ -z "$${CELERY_BROKER_URL:-}" ]; then \
		$(BIN)/python manage.py run_report_worker --exit-with-parent & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	fi; \
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py runserver $(HOST):$(PORT)

$(E2E_TOOLS): e2e/package-lock.json
	npm ci --prefix e2e --ignore-scripts --no-audit --no-fund

## test: the whole suite, browser tests included (on PostgreSQL when DATABASE_URL is set), in parallel
test: $(STAMP)
	@# The browser tests' npm tools, where npm is; without it they are left out (pytest says so).
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(E2E_TOOLS); fi
	$(BIN)/python -m pytest -n $(WORKERS)

## test-fast: everything but the scale and browser tests
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) -m "not slow and not browser"

## test-e2e: only the browser journeys and accessibility checks
test-e2e: $(STAMP) $(E2E_TOOLS)
	$(BIN)/python -m pytest e2e

## lint: ruff, formatting, the apps' import layers, migrations up to date, bandit
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/bandit --quiet --recursive partnership themes indicators returns consultation board public reports plan_packages demo \
		--exclude '*/tests/*,*/migrations/*' --severity-level medium

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## check-deploy: Django's deployment checklist under production settings
check-deploy: $(STAMP)
	DJANGO_PRODUCTION=1 ALLOWED_HOSTS=lsp.example.org CACHE_URL=redis://127.0.0.1:6379/1 \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_consultation
	$(BIN)/python manage.py load_demo_northvale

## synthetic: the benchmark dataset (SCALE=1 by default)
synthetic: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py generate_synthetic --scale $(or $(SCALE),1) --replace

## bench: load benchmark on PostgreSQL at synthetic scale 1 (BENCH_SCALE10=1 adds scale 10); docs/PERFORMANCE.md
bench: $(STAMP)
	bash bench/run.sh

## soak: minutes of mixed traffic while the Celery worker is killed and Redis restarts (not in CI)
soak: $(STAMP)
	$(BIN)/python -m bench.soak --minutes $(or $(MINUTES),3)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
