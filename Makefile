# aspa-docflow: `make run` and `make test` set up everything that is missing, then run.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe tesseract-ocr-eng \
	tesseract-ocr-osd tesseract-ocr-script-latn poppler-utils fonts-dejavu-core libzbar0 \
	dovecot-imapd chromium libvoikko1 voikko-fi
AXE := tests/browser/node_modules/axe-core/axe.min.js
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export OMP_THREAD_LIMIT ?= 1

.PHONY: run test test-image deps venv bytecode samples model lint typecheck bench clean image image-base image-tools image-prune

run: deps venv bytecode
	$(BIN)/aspa db upgrade
	$(BIN)/aspa train --if-missing
	$(BIN)/python samples/make_samples.py --out samples/generated --if-missing
	$(BIN)/aspa serve --load-samples samples/generated

# One pytest worker per core (pytest-xdist), each test file on one worker in its order; each worker
# has its own Redis database, tests on the shared RabbitMQ vhost take turns (tests/conftest.py).
# PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= auto
test: deps venv bytecode $(AXE)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadfile -m "not image" $(PYTEST_ARGS)

# The container image tests (tests/test_image.py: `make image` and what it built); CI runs them
# as their own step after `make test`.
test-image: venv image-tools
	$(BIN)/python -m pytest -q -p no:cacheprovider -m image tests/test_image.py $(PYTEST_ARGS)

# axe-core for the browser tests' accessibility check (fetched once from the npm registry).
$(AXE):
	npm install --prefix tests/browser --no-audit --no-fund axe-core@4

lint: venv
	$(BIN)/ruff check aspa pipeline classifiers connectors api auth billing channels web tests samples deploy
	$(BIN)/ruff format --check aspa pipeline classifiers connectors api auth billing channels web tests samples deploy
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy
	$(BIN)/mypy deploy/image_check.py

bench: deps venv bytecode
	$(BIN)/aspa bench

# Debian packages: installed only when one is missing (dpkg -s is cheap).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

venv: $(VENV)/.installed

# The project's own modules compiled ahead (pip does this for a wheel; an editable install
# leaves it to the first import, and with PYTHONDONTWRITEBYTECODE=1 in the environment each
# command compiled every module it imports again: 0.17 s of CPU and 0.25 s of wall per
# `aspa process`, paid again in its OCR fork server).
# Only what changed is compiled; a stale file is recompiled by Python as usual.
PROJECT_PACKAGES := aspa pipeline classifiers connectors api auth billing channels web
bytecode: venv
	@PYTHONDONTWRITEBYTECODE= $(BIN)/python -m compileall -q -j 0 $(PROJECT_PACKAGES) >/dev/null

$(VENV)/.installed: pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]' --config-settings editable_mode=compat
	touch $@

# The container image (Dockerfile), built with podman on a Debian base made here by mmdebstrap
# from the Debian package registry; the build's last stages check the image (see README).
IMAGE ?= localhost/aspa-docflow:latest
IMAGE_BASE ?= localhost/aspa-base:bookworm
IMAGE_TOOLS := podman mmdebstrap
IMAGE_BUILD_ARGS ?=
IMAGE_TIMES := $(shell mktemp -u /tmp/aspa-image-time.XXXXXX)
DEBIAN_MIRROR ?= http://deb.debian.org/debian
DEBIAN_SECURITY ?= http://deb.debian.org/debian-security
# A CA bundle for pip inside the build (a build secret, never in a layer): the one this
# machine's pip trusts, so a TLS-inspecting proxy works; on a plain machine the system bundle.
comma := ,
PIP_CA ?= $(firstword $(wildcard $(PIP_CERT) /etc/ssl/certs/ca-certificates.crt))
# Like the slim Debian images: no manuals, docs (but copyrights) or translations.
DPKG_SLIM := --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-exclude=/usr/share/info/*'

image-tools:
	@missing=""; for p in $(IMAGE_TOOLS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

# The base: a minimal bookworm root file system, made only when the image is missing (~20 s).
image-base: image-tools
	@if ! $(SUDO) podman image exists $(IMAGE_BASE); then \
	  set -euo pipefail; tar=$$(mktemp --suffix=.tar); trap 'rm -f $$tar' EXIT; \
	  echo "Making the base image $(IMAGE_BASE) with mmdebstrap"; \
	  $(SUDO) mmdebstrap --quiet --variant=minbase --format=tar $(DPKG_SLIM) bookworm $$tar \
	    "deb $(DEBIAN_MIRROR) bookworm main" "deb $(DEBIAN_MIRROR) bookworm-updates main" \
	    "deb $(DEBIAN_SECURITY) bookworm-security main"; \
	  $(SUDO) podman import --quiet --change 'CMD ["/bin/bash"]' $$tar $(IMAGE_BASE); \
	fi

image: image-base
	@set -uo pipefail; TIMEFORMAT="%0R s wall (CPU %0U s user + %0S s sys)"; \
	before=$$($(SUDO) podman ps --all --external --quiet | tr "\n" " "); \
	{ time $(SUDO) podman build --format docker --isolation chroot --force-rm --build-arg BASE=$(IMAGE_BASE) \
	  $(if $(PIP_CA),--secret id=pip-ca$(comma)src=$(PIP_CA)) $(IMAGE_BUILD_ARGS) -t $(IMAGE) -f Dockerfile . \
	  2>&3; } 3>&2 2>$(IMAGE_TIMES); rc=$$?; took=$$(tail -1 $(IMAGE_TIMES)); rm -f $(IMAGE_TIMES); \
	for c in $$($(SUDO) podman ps --all --external --quiet); do \
	  case " $$before " in *" $$c "*) ;; *) $(SUDO) podman rm --force $$c >/dev/null 2>&1 || true;; esac; \
	done; \
	if [ $$rc -ne 0 ]; then echo "image build FAILED after $$took"; exit $$rc; fi; \
	echo "image built in $$took"; \
	size=$$($(SUDO) podman image inspect --format '{{.Size}}' $(IMAGE)); \
	echo "image $(IMAGE): $$((size / 1000000)) MB"

# Every untagged layer, the build cache of the current image too (the next build starts afresh).
image-prune:
	$(SUDO) podman image prune -f

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
