# TIPT: `make run` sets everything up and serves the site; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run setup test lint bench clean

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The private folder of evidence documents (TIPT_DOCUMENTS_DIR's default), outside the static
# files, readable by this user only.
setup: $(STAMP) .env
	mkdir -p -m 700 documents
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

# Local settings for this machine only (git ignores .env): a fresh random key, debug on.
.env:
	$(BIN)/python -c "import secrets; print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50)); print('DJANGO_DEBUG=1')" > $@

# axe-core, the Nu HTML Checker and Lighthouse, for the browser, HTML-validity and Lighthouse tests.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SECRET_KEY=test-only-$$RANDOM$$RANDOM $(BIN)/python manage.py check
	DJANGO_SECRET_KEY=test-only-$$RANDOM$$RANDOM $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SECRET_KEY=test-only-$$RANDOM$$RANDOM $(BIN)/python -m pytest -n auto -m "not alone"
	# Lighthouse's scores time the page's work in Chromium: measured with no other test beside
	# them. They are browser tests, which the database-only run (TIPT_TESTS=database) leaves out.
	[ "$$TIPT_TESTS" = database ] || DJANGO_SECRET_KEY=test-only-$$RANDOM$$RANDOM $(BIN)/python -m pytest -m alone

# Full volume on SQLite and PostgreSQL (see README, Benchmarks).
bench: $(STAMP)
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles
