# aspa-docflow: `make run` and `make test` set up everything that is missing, then run.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe tesseract-ocr-eng \
	tesseract-ocr-osd tesseract-ocr-script-latn poppler-utils fonts-dejavu-core libzbar0 \
	dovecot-imapd chromium
AXE := tests/browser/node_modules/axe-core/axe.min.js
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export OMP_THREAD_LIMIT ?= 1

.PHONY: run test deps venv samples model lint typecheck bench clean

run: deps venv
	$(BIN)/aspa db upgrade
	$(BIN)/aspa train --if-missing
	$(BIN)/python samples/make_samples.py --out samples/generated --if-missing
	$(BIN)/aspa serve --load-samples samples/generated

test: deps venv $(AXE)
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# axe-core for the browser tests' accessibility check (fetched once from the npm registry).
$(AXE):
	npm install --prefix tests/browser --no-audit --no-fund axe-core@4

lint: venv
	$(BIN)/ruff check aspa pipeline classifiers connectors api auth billing channels web tests samples
	$(BIN)/ruff format --check aspa pipeline classifiers connectors api auth billing channels web tests samples
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy

bench: deps venv
	$(BIN)/aspa bench

# Debian packages: installed only when one is missing (dpkg -s is cheap).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]' --config-settings editable_mode=compat
	touch $@

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
