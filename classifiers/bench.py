"""Classification latency: median and p95 per document, and documents per second.

A benchmark measures and prints; it asserts nothing. ``aspa bench`` calls
``bench_classifier`` with the process's classifier and some texts (the test split by default).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass

from classifiers.base import Classifier


@dataclass(frozen=True)
class LatencyReport:
    """Per-document classification latency in milliseconds."""

    n: int
    median_ms: float
    p95_ms: float
    max_ms: float
    docs_per_second: float

    def format(self) -> str:
        return (
            f"classification: {self.n} documents, median {self.median_ms:.2f} ms, "
            f"p95 {self.p95_ms:.2f} ms, max {self.max_ms:.2f} ms, "
            f"{self.docs_per_second:.1f} documents/s"
        )


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]


def bench_classifier(
    classifier: Classifier, texts: Sequence[str], *, warmup: int = 5
) -> LatencyReport:
    """Classify every text once (after ``warmup`` untimed calls) and report the latency."""
    for text in texts[:warmup]:
        classifier.classify(text)
    times: list[float] = []
    started = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        classifier.classify(text)
        times.append((time.perf_counter() - t0) * 1000.0)
    total = time.perf_counter() - started
    times.sort()
    return LatencyReport(
        n=len(times),
        median_ms=statistics.median(times) if times else 0.0,
        p95_ms=_percentile(times, 0.95),
        max_ms=times[-1] if times else 0.0,
        docs_per_second=len(times) / total if total > 0 else 0.0,
    )
