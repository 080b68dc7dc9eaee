# aspa-docflow: API and workers. The same image runs `aspa serve` and `aspa worker`.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    OMP_THREAD_LIMIT=1 \
    ASPA_DATA_DIR=/var/lib/aspa \
    ASPA_HOST=0.0.0.0

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe tesseract-ocr-eng tesseract-ocr-osd \
      tesseract-ocr-script-latn poppler-utils fonts-dejavu-core libzbar0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY aspa ./aspa
COPY pipeline ./pipeline
COPY classifiers ./classifiers
COPY connectors ./connectors
COPY channels ./channels
COPY billing ./billing
COPY api ./api
COPY auth ./auth
COPY web ./web
COPY samples ./samples
RUN pip install . \
 && useradd --system --create-home --home-dir /var/lib/aspa --uid 10001 aspa \
 && mkdir -p /var/lib/aspa && chown -R aspa:aspa /var/lib/aspa

USER aspa
# The classification model is trained from the corpus in the image at build time of the data
# volume's first start: `aspa train --if-missing` is cheap when a model exists.
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/healthz')" || exit 1
CMD ["sh", "-c", "aspa db upgrade && aspa train --if-missing && aspa serve"]
