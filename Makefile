# The two commands: `make run` (the app with demo data) and `make test` (every test).

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

# The first Python 3.12 or newer on PATH (pyenv shims that are not active fail the check).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)

.PHONY: run test lint format messages venv clean syslibs

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "Python 3.12 or newer is needed but none was found on PATH."; \
		echo "Install it (e.g. apt-get install python3.12 python3.12-venv, or pyenv install 3.12) and run make again."; \
		exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

# System packages (Pango, HarfBuzz's subsetter, Poppler, Chromium, CJK fonts), installed
# with apt-get when missing; CI adds its own through SYSLIBS_EXTRA.
syslibs:
	@bash tools/syslibs.sh $(SYSLIBS_EXTRA)

run: $(STAMP) syslibs
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Open http://$(HOST)/ and sign in with one of the logins above."
	DEBUG=1 $(PY) manage.py runserver $(HOST)

test: $(STAMP) syslibs
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Refresh the Chinese catalogue after changing UI text, then translate the new entries.
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages --locale zh_Hans --no-location --ignore '.venv/*'
	DEBUG=1 $(PY) manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles

# Server time of the editor and the print preview at 50 and 500 activities (docs/performance.md).
.PHONY: bench
bench: $(STAMP)
	$(PY) bench/bench_pages.py

# Seconds, pages, bytes and peak memory of the PDF at 20, 100 and 500 activities (docs/performance.md).
.PHONY: bench-pdf
bench-pdf: $(STAMP)
	$(PY) bench/pdf.py
