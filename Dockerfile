# aspa-docflow: API and workers. The same image runs `aspa serve`, `aspa worker` and `aspa health`.
#
# Built on plain Debian bookworm with Debian's own python3.11, Tesseract and fonts. `make image`
# makes the base locally from the Debian package registry (mmdebstrap + podman import) and
# builds with podman; any bookworm image will do as well:
#   podman build --build-arg BASE=docker.io/library/debian:bookworm-slim .
#
# Stages: runtime (what every stage shares) -> requirements (from pyproject.toml) -> deps (venv
# from PyPI wheels) -> wheel (our code)
# -> app (runtime + venv + wheel, non-root) -> check (proves the app works: help, schema, a
# small model, four samples) -> final (app + the check's report). The final image cannot be
# built unless the check passed.
ARG BASE=localhost/aspa-base:bookworm

FROM ${BASE} AS runtime
# More Debian packages, e.g. tesseract-ocr-script-latn for ASPA_OCR_LANGUAGES=…+Latin (86 MB;
# measured to add nothing on our forms, pipeline/ocr/NOTES.md) or tesseract-ocr-deu.
ARG EXTRA_APT_PACKAGES=""
ENV LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OMP_THREAD_LIMIT=1 \
    PATH=/opt/aspa/bin:$PATH
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 ca-certificates \
      tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-osd \
      poppler-utils fonts-dejavu-core libzbar0 libvoikko1 voikko-fi ${EXTRA_APT_PACKAGES} \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/* /var/log/apt /var/log/dpkg.log \
 && useradd --system --user-group --uid 10001 --home-dir /var/lib/aspa --shell /usr/sbin/nologin aspa \
 && install -d -o aspa -g aspa /var/lib/aspa /var/lib/aspa/models

# Every dependency has a manylinux wheel for cp311 (measured), so the builders need no compiler;
# `--only-binary` makes a dependency that loses its wheel fail here rather than half-build.
# A dependency that needs compiling would add build-essential + python3-dev to `deps` only.
# The requirements (build backend + runtime dependencies) out of pyproject.toml: `deps` below
# copies only this file, so editing the linters' or the tests' settings in pyproject.toml does
# not reinstall the dependencies.
FROM runtime AS requirements
COPY pyproject.toml /tmp/pyproject.toml
RUN python3 -c "import tomllib; p = tomllib.load(open('/tmp/pyproject.toml', 'rb')); print('\n'.join(p['build-system']['requires'] + p['project']['dependencies']))" > /tmp/requirements.txt

FROM runtime AS deps
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/aspa
WORKDIR /src
# The optional build secret `pip-ca` is a CA bundle for pip where PyPI is reached through a
# TLS-inspecting proxy (`make image` passes the host's); it never lands in a layer. (The pip
# cache mount helps BuildKit; podman 4.3 with chroot isolation leaves it empty, measured, so
# there a change of the requirements downloads them again.)
COPY --from=requirements /tmp/requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip --mount=type=secret,id=pip-ca \
    if [ -s /run/secrets/pip-ca ]; then export PIP_CERT=/run/secrets/pip-ca; fi \
 && PIP_CACHE_DIR=/root/.cache/pip /opt/aspa/bin/pip install --disable-pip-version-check \
      --only-binary=:all: -r /tmp/requirements.txt

# The whole build context (.dockerignore keeps out tests, venvs and caches) becomes one wheel;
# which packages it holds is pyproject.toml's `packages.find`, so a new top-level package needs
# no edit here.
FROM deps AS wheel
COPY . ./
RUN /opt/aspa/bin/pip wheel --disable-pip-version-check --no-deps --no-build-isolation \
      --no-cache-dir --wheel-dir /wheels .

# Two layers over the runtime: the dependencies (rebuilt only when pyproject.toml changes) and
# our wheel (a few MB), so a code change costs a few MB of disk, not a new venv.
FROM runtime AS app
COPY --from=deps /opt/aspa /opt/aspa
COPY --from=wheel /wheels /tmp/wheels
RUN /opt/aspa/bin/pip install --disable-pip-version-check --no-deps --no-index --no-cache-dir \
      /tmp/wheels/*.whl \
 && rm -rf /tmp/wheels
ENV ASPA_DATA_DIR=/var/lib/aspa \
    ASPA_HOST=0.0.0.0
WORKDIR /var/lib/aspa
USER aspa
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=300s CMD ["aspa", "health", "--api"]
# One container on its own: schema, a model on the data volume if none yet, then the API.
# The compose stack does the first two in its one-shot `init` service instead.
CMD ["sh", "-c", "aspa db upgrade && aspa train --if-missing && exec aspa serve"]

# The check runs as the unprivileged user on a throw-away data folder, inside the image, at build
# time (no container is started: `podman run` is not available everywhere this is built). HTTP
# proxies point at a closed port, so a library that tried to download (a spaCy model, say)
# would fail the check. (A network namespace would be stricter: podman refuses --network with
# chroot isolation and the sandbox refuses unshare, so this is what can be done here.)
FROM app AS check
ARG CHECK_TRAIN="--limit-per-label 50 --epochs 8"
ARG CHECK_SAMPLES="kela_at1_asumistuki_fi.png kela_tt2r_arbetsloshetstid_sv.png dvv_muuttoilmoitus_upside_down.png broken_encrypted.pdf"
ENV ASPA_DATA_DIR=/tmp/aspa-check
SHELL ["/bin/bash", "-euo", "pipefail", "-c"]
COPY --chown=aspa:aspa samples/generated/ /tmp/samples/
COPY deploy/image_check.py /tmp/image_check.py
RUN export {http,https,all}_proxy=http://127.0.0.1:9 {HTTP,HTTPS,ALL}_PROXY=http://127.0.0.1:9 \
      no_proxy= NO_PROXY= \
 && mkdir -p /tmp/aspa-check && cd /tmp/aspa-check \
 && test "$(id -un)" = aspa && test -w /var/lib/aspa && test -w /var/lib/aspa/models \
 && ! command -v gcc cc c++ \
 && aspa --help > help.txt && grep -q "process" help.txt \
 && aspa db upgrade \
 && aspa train --if-missing ${CHECK_TRAIN} | tee train.txt \
 && aspa train --if-missing | tee -a train.txt | grep "already active" \
 && files=() && for s in ${CHECK_SAMPLES}; do files+=("/tmp/samples/$s"); done \
 && rc=0 && { aspa process --json "${files[@]}" > outcomes.jsonl || rc=$?; } \
 && python3 /tmp/image_check.py --expected /tmp/samples/expected.json --files "${files[@]}" \
      -- outcomes.jsonl | tee report.txt \
 && test "$rc" = 0 \
 && aspa health | tee -a report.txt

FROM app AS final
COPY --from=check /tmp/aspa-check/report.txt /opt/aspa/image-check.txt
