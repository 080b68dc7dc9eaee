"""End to end against plain tesseract: ``aspa process --json`` on single-page scans.

The plain side runs ``tesseract PAGE OUT -l LANGS`` on each page, as many at once as
``workers``. The pipeline side is one ``aspa process --json PAGE...`` command (a fresh data
folder each round, the embedded queue): start-up, intake, deskew, OCR, classification,
searchable PDF and delivery to the folder outbox all count. Rounds alternate which side goes
first. CPU is user + system of the children (``RUSAGE_CHILDREN``: the command, its OCR worker
processes and their tesseracts, reaped when it exits), steadier than wall time on a shared
machine.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline.ocr.bench import _plain_round


def _children() -> tuple[float, float]:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime, r.ru_maxrss / 1024


def _command() -> list[str]:
    """The ``aspa`` program of this environment (the console script beside this Python)."""
    script = Path(sys.executable).with_name("aspa")
    if script.is_file():
        return [str(script)]
    found = shutil.which("aspa")
    return [found] if found else [sys.executable, "-m", "aspa.cli"]


def _process_round(pages: list[Path], env: dict[str, str], work: Path) -> float:
    data = Path(tempfile.mkdtemp(prefix="data-", dir=work))
    start = time.perf_counter()
    proc = subprocess.run(
        [*_command(), "process", "--json", "--no-text", *map(str, pages)],
        env={**env, "ASPA_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"aspa process failed ({proc.returncode}): {proc.stderr[-500:]}")
    shutil.rmtree(data, ignore_errors=True)
    return took


def run_process_benchmark(
    pages: list[Path],
    *,
    workers: int,
    languages: str,
    repeat: int = 1,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Plain tesseract vs the whole ``aspa process`` path on the same pages and cores."""
    env = dict(env if env is not None else os.environ)
    env["ASPA_OCR_WORKERS"] = str(workers)
    env["ASPA_OCR_LANGUAGES"] = languages
    plain_s = proc_s = plain_cpu = proc_cpu = 0.0
    plain_peak = proc_peak = 0.0
    with tempfile.TemporaryDirectory(prefix="aspa-bench-e2e-") as tmp:
        work = Path(tmp)
        for round_no in range(repeat):
            for side in ("plain", "process") if round_no % 2 == 0 else ("process", "plain"):
                c0, _ = _children()
                if side == "plain":
                    plain_s += _plain_round(pages, work, workers, languages)
                    c1, peak = _children()
                    plain_cpu += c1 - c0
                    plain_peak = max(plain_peak, peak)
                else:
                    proc_s += _process_round(pages, env, work)
                    c1, peak = _children()
                    proc_cpu += c1 - c0
                    proc_peak = max(proc_peak, peak)
    n = len(pages) * repeat
    return {
        "pages": len(pages),
        "repeat": repeat,
        "workers": workers,
        "plain_seconds": round(plain_s, 2),
        "process_seconds": round(proc_s, 2),
        "wall_ratio": round(plain_s / proc_s, 3),
        "plain_cpu_seconds_per_page": round(plain_cpu / n, 3),
        "process_cpu_seconds_per_page": round(proc_cpu / n, 3),
        "cpu_ratio": round(plain_cpu / proc_cpu, 3),
        # ru_maxrss of children: the largest single process seen so far (for the process
        # side usually the command itself; see ``pipeline_worker_peak_mb`` for a worker).
        "largest_child_peak_mb": round(max(plain_peak, proc_peak), 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def format_process_report(r: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"end to end, {r['pages']} single-page scans x {r['repeat']}, {r['workers']} workers",
            f"plain tesseract: {r['plain_seconds']:.1f} s; aspa process: "
            f"{r['process_seconds']:.1f} s (start-up included); "
            f"ratio plain/process {r['wall_ratio']:.2f}",
            f"CPU s/page: plain {r['plain_cpu_seconds_per_page']:.2f}, aspa process "
            f"{r['process_cpu_seconds_per_page']:.2f}, ratio {r['cpu_ratio']:.2f} "
            f"(load average {r['load_average']})",
        ]
    )
