# oneplan — the two commands a newcomer needs are `make demo` and `make test`.
# Each creates the virtual environment in .venv and installs everything it needs first.

PYTHON ?= python3
# The test workers (pytest-xdist): two overlap the tests that wait on servers and subprocesses.
TEST_WORKERS ?= 2
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test lint format system-deps report-pngs web-screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("oneplan needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install oneplan with its test tools

demo: $(STAMP) ## write the demo into demo/ and run the monthly reconciliation on it
	$(BIN)/oneplan demo demo

test: $(STAMP) ## lint, check the layering of the package, and run the tests
	$(BIN)/ruff check src flows scripts tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check src flows scripts tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff format --check src flows scripts tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src flows scripts tests benchmarks
	$(BIN)/ruff check --fix src flows scripts tests benchmarks

system-deps: ## Debian packages for the PDF/PNG checks of the reports, the Calc checks of the feedback copies and the browser tests (run as root)
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-thai-tlwg chromium

report-pngs: ## convert the demo's reports to PDF and PNG pages in demo/pages/ (needs system-deps)
	scripts/report_pngs.sh demo/outputs/2026-11/reports demo/pages

web-screenshots: $(STAMP) ## PNGs of the web pages, desktop and phone, in /tmp/oneplan-screens (needs chromium)
	$(BIN)/python scripts/web_screenshots.py /tmp/oneplan-screens

clean:
	rm -rf $(VENV) demo .pytest_cache .ruff_cache
