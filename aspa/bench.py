"""``aspa bench``: side-by-side measurements printed as rates and ratios (not a test).

* Start-up: CPU time of ``aspa --help`` and of ``aspa process`` on a file it rejects, beside
  ``python -c pass`` (:mod:`aspa.startup_bench`).
* OCR: the same single-page scans (drawn from known text, never seen by the project) through
  the plain ``tesseract`` command (as many at once as workers), the pipeline's OCR stage alone
  and the whole ``aspa process`` path (start-up included, :mod:`aspa.ocr_e2e_bench`), on the
  same cores: wall and CPU ratios, peak memory per worker.
* Classification: latency per document (median, p95) and documents per second.
* Connectors: deliveries per second through the folder and S3 connectors.
* Billing (``--billing``): settling a quarter of one million events on PostgreSQL.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS_TEST = ROOT / "classifiers" / "corpus" / "test.jsonl"


def run_benchmarks(
    settings: Settings,
    *,
    pages: int,
    documents: int,
    deliveries: int,
    billing: bool,
    billing_url: str,
    only: str | None,
    echo: Callable[[str], None],
) -> dict[str, Any]:
    """Run the selected benchmarks, print each report and return all figures."""
    results: dict[str, Any] = {}
    if only in (None, "startup"):
        from .startup_bench import bench_startup, format_startup

        echo("== Start-up: CPU time of a command before it does any work (best of 5)")
        r = bench_startup()
        echo(format_startup(r))
        results["startup"] = r
    if only in (None, "ocr"):
        results["ocr"] = bench_ocr(settings, pages=pages or 16, echo=echo)
    if only in (None, "classify"):
        echo(f"== Classification: {documents} documents")
        r = bench_classification(settings, documents)
        echo(json.dumps(r, indent=2))
        results["classify"] = r
    if only in (None, "connectors"):
        from connectors.bench import bench_connectors

        echo(f"== Connectors: {deliveries} deliveries each")
        with tempfile.TemporaryDirectory(prefix="aspa-bench-") as tmp:
            r = bench_connectors(deliveries, Path(tmp))
        echo(json.dumps(r, indent=2))
        results["connectors"] = r
    if billing or only == "billing":
        from billing.bench import bench_settlement

        echo("== Billing: settle a quarter of 1,000,000 events on PostgreSQL")
        r = bench_settlement(billing_url)
        echo(json.dumps(r, indent=2, default=str))
        results["billing"] = r
    return results


def bench_ocr(settings: Settings, *, pages: int, echo: Callable[[str], None]) -> dict[str, Any]:
    """Plain tesseract vs the OCR stage vs ``aspa process``, side by side."""
    import os

    from pipeline.ocr.bench import format_report, generated_pages, run_ocr_benchmark

    from .ocr_e2e_bench import format_process_report, run_process_benchmark

    workers, langs = settings.ocr_workers, settings.ocr_languages
    with tempfile.TemporaryDirectory(prefix="aspa-bench-scans-") as tmp:
        scans = generated_pages(Path(tmp), pages)
        echo(f"== OCR: {len(scans)} single-page scans, {workers} workers, {langs}")
        echo(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        stage = run_ocr_benchmark(
            scans, workers=workers, languages=langs, repeat=2, backend=settings.ocr_backend
        )
        echo("-- OCR stage alone vs plain tesseract")
        echo(format_report(stage))
        env = dict(os.environ)
        env["ASPA_MODEL_DIR"] = str(settings.effective_model_dir)
        e2e = run_process_benchmark(scans, workers=workers, languages=langs, repeat=2, env=env)
        echo("-- aspa process (whole path) vs plain tesseract")
        echo(format_process_report(e2e))
    echo(
        f"summary: OCR stage {stage['ratio']:.2f}x plain tesseract "
        f"(CPU {stage['cpu_ratio']:.2f}x); "
        f"end to end {e2e['wall_ratio']:.2f}x (CPU {e2e['cpu_ratio']:.2f}x); goals 1.3x and 1.15x"
    )
    return {"stage": stage, "end_to_end": e2e}


def _texts(n: int) -> list[str]:
    texts: list[str] = []
    if CORPUS_TEST.is_file():
        with CORPUS_TEST.open(encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
    if not texts:
        raise FileNotFoundError(f"no texts to classify: {CORPUS_TEST} is missing")
    return [texts[i % len(texts)] for i in range(n)]


def bench_classification(settings: Settings, n: int) -> dict[str, Any]:
    """Latency of the process's classifier over ``n`` held-out texts (loaded once, warmed up)."""
    from classifiers import load_classifier
    from classifiers.bench import bench_classifier

    t0 = time.perf_counter()
    clf = load_classifier(settings.effective_model_dir, min_confidence=settings.review_threshold)
    load_s = time.perf_counter() - t0
    report = bench_classifier(clf, _texts(n), warmup=20)
    return {
        "classifier": clf.version,
        "documents": report.n,
        "load_seconds": round(load_s, 3),
        "median_ms": round(report.median_ms, 2),
        "p95_ms": round(report.p95_ms, 2),
        "max_ms": round(report.max_ms, 2),
        "documents_per_second": round(report.docs_per_second, 1),
    }
