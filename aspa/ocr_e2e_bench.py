"""End to end against plain tesseract: ``aspa process --json`` on single-page scans.

The plain side runs ``tesseract PAGE OUT -l LANGS`` on each page, as many at once as
``workers``. The pipeline side is one ``aspa process --json PAGE...`` command (a fresh data
folder each round, the embedded queue): start-up, intake, deskew, OCR, classification,
searchable PDF and delivery to the folder outbox all count. Rounds alternate which side goes
first. Each side's round runs under a small measuring process (:data:`_MEASURE`) that reports
the CPU (user + system, ``RUSAGE_CHILDREN``: every tesseract; or the command, its OCR worker
processes and their children, reaped when it exits) and the peak resident memory of the
largest of those processes, so neither side is charged for the other or for the bench itself.
CPU is steadier than wall time on a shared machine. The classifier the command uses (the
active model of ``ASPA_MODEL_DIR``, or the rules alone) is part of the report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# Runs one side's round and prints {"seconds", "cpu", "peak_mb"} of what it started.
_MEASURE = """
import json, resource, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
spec = json.loads(sys.argv[1])
start = time.perf_counter()
if spec["side"] == "plain":
    env = {**spec["env"], "OMP_THREAD_LIMIT": "1"}
    def one(i_page):
        i, page = i_page
        out = spec["work"] + f"/plain-{i}"
        cmd = [spec["tesseract"], page, out, "-l", spec["languages"]]
        subprocess.run(cmd, env=env, capture_output=True, check=True, timeout=600)
    with ThreadPoolExecutor(max_workers=spec["workers"]) as pool:
        list(pool.map(one, enumerate(spec["pages"])))
else:
    proc = subprocess.run(spec["cmd"], env=spec["env"], capture_output=True, text=True,
                          timeout=1800, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-500:])
        sys.exit(proc.returncode)
took = time.perf_counter() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": took, "cpu": r.ru_utime + r.ru_stime, "peak_mb": r.ru_maxrss / 1024}))
"""


def _command() -> list[str]:
    """The ``aspa`` program of this environment (the console script beside this Python)."""
    script = Path(sys.executable).with_name("aspa")
    if script.is_file():
        return [str(script)]
    found = shutil.which("aspa")
    return [found] if found else [sys.executable, "-m", "aspa.cli"]


def _measure(spec: dict[str, Any]) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{spec['side']} round failed ({proc.returncode}): {proc.stderr[-500:]}")
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _plain_round(
    pages: list[Path], env: dict[str, str], work: Path, workers: int, languages: str
) -> dict[str, float]:
    from pipeline.ocr._tesseract import TESSERACT

    return _measure(
        {
            "side": "plain",
            "pages": [str(p) for p in pages],
            "work": str(work),
            "workers": workers,
            "languages": languages,
            "tesseract": TESSERACT,
            "env": env,
        }
    )


def _process_round(pages: list[Path], env: dict[str, str], work: Path) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix="data-", dir=work))
    cmd = [*_command(), "process", "--json", "--no-text", *map(str, pages)]
    env = {**env, "ASPA_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1"}
    try:
        return _measure({"side": "process", "cmd": cmd, "env": env})
    finally:
        shutil.rmtree(data, ignore_errors=True)


def classifier_in_use(model_dir: Path) -> str:
    """What ``aspa process`` classifies with: the active model's version, or the rules alone."""
    active = model_dir / "ACTIVE"
    version = active.read_text(encoding="utf-8").strip() if active.is_file() else ""
    if version and (model_dir / version).is_dir():
        return f"model {version} + rules"
    return f"rules only (no active model in {model_dir})"


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
    totals = {side: {"seconds": 0.0, "cpu": 0.0, "peak_mb": 0.0} for side in ("plain", "process")}
    with tempfile.TemporaryDirectory(prefix="aspa-bench-e2e-") as tmp:
        work = Path(tmp)
        for round_no in range(repeat):
            for side in ("plain", "process") if round_no % 2 == 0 else ("process", "plain"):
                if side == "plain":
                    r = _plain_round(pages, env, work, workers, languages)
                else:
                    r = _process_round(pages, env, work)
                t = totals[side]
                t["seconds"] += r["seconds"]
                t["cpu"] += r["cpu"]
                t["peak_mb"] = max(t["peak_mb"], r["peak_mb"])
    n = len(pages) * repeat
    plain, proc = totals["plain"], totals["process"]
    model_dir = Path(env.get("ASPA_MODEL_DIR", "var/models"))
    return {
        "pages": len(pages),
        "repeat": repeat,
        "workers": workers,
        "classifier": classifier_in_use(model_dir),
        "plain_seconds": round(plain["seconds"], 2),
        "process_seconds": round(proc["seconds"], 2),
        "wall_ratio": round(plain["seconds"] / proc["seconds"], 3),
        "plain_cpu_seconds_per_page": round(plain["cpu"] / n, 3),
        "process_cpu_seconds_per_page": round(proc["cpu"] / n, 3),
        "cpu_ratio": round(plain["cpu"] / proc["cpu"], 3),
        # ru_maxrss of each side's processes: the largest one tesseract, or the largest of
        # the command and its OCR workers (per worker: ``pipeline_worker_peak_mb`` above).
        "plain_peak_mb": round(plain["peak_mb"], 1),
        "process_peak_mb": round(proc["peak_mb"], 1),
        "load_average": round(os.getloadavg()[0], 2),
    }


def format_process_report(r: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"end to end, {r['pages']} single-page scans x {r['repeat']}, {r['workers']} workers, "
            f"classifier: {r['classifier']}",
            f"plain tesseract: {r['plain_seconds']:.1f} s; aspa process: "
            f"{r['process_seconds']:.1f} s (start-up included); "
            f"ratio plain/process {r['wall_ratio']:.2f}",
            f"CPU s/page: plain {r['plain_cpu_seconds_per_page']:.2f}, aspa process "
            f"{r['process_cpu_seconds_per_page']:.2f}, ratio {r['cpu_ratio']:.2f} "
            f"(load average {r['load_average']})",
            f"peak memory: largest plain tesseract {r['plain_peak_mb']} MB; largest process of "
            f"aspa process (command or OCR worker) {r['process_peak_mb']} MB",
        ]
    )
