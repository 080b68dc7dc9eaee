"""OCR benchmark: the pipeline against the plain ``tesseract`` command on the same pages.

Both sides get the same page images, the same number of parallel tesseract processes, the same
cores, ``OMP_THREAD_LIMIT=1`` and the same language string. The plain side runs
``tesseract PAGE OUT -l LANGS`` (text only) for each page, ``workers`` at a time. The pipeline
side runs :func:`ocr_document` on each page file, ``workers`` documents at a time (as queue
workers would); with ``as_document`` it instead OCRs all pages as one multi-page TIFF
(``ctx.workers = workers``, the TIFF built before the clock starts). Everything the pipeline
does counts: preprocessing, blank/skew/orientation checks, text + PDF + confidences per page
and the merged searchable PDF.

Run it: ``python -m pipeline.ocr.bench [--workers N] [--repeat R] [PAGE ...]``; without pages
it uses the upright sample scans of ``samples/generated``.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from pipeline.ocr import _engine, _pool, _tesseract
from pipeline.ocr._document import ocr_document
from pipeline.ocr.types import Backend, OcrContext

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples" / "generated"
# Upright scans: the everyday case. Turned pages cost the pipeline an OSD run and a second OCR
# (the plain command just returns garbage for them), so they are left out of the default set.
DEFAULT_PAGES = (
    "kela_at1_asumistuki_fi.png",
    "kela_tt2r_arbetsloshetstid_sv.png",
    "vero_5010_verokortti_skewed.png",
    "mml_lainhuuto_photo.jpg",
    "te_starttiraha_2pages.tif",
)


def default_pages(samples_dir: Path = SAMPLES_DIR) -> list[Path]:
    """Page images of the default benchmark set: every frame of the upright sample scans.

    Multi-page files are split into single-page PNGs in a temporary folder (removed at exit),
    so both sides read one image per page.
    """
    out: list[Path] = []
    tmp = Path(tempfile.mkdtemp(prefix="aspa-bench-pages-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    for name in DEFAULT_PAGES:
        path = samples_dir / name
        with Image.open(path) as im:
            frames = int(getattr(im, "n_frames", 1))
            if frames == 1 and path.suffix.lower() == ".png":
                out.append(path)
                continue
            for i in range(frames):
                im.seek(i)
                page = ImageOps.exif_transpose(im)
                dest = tmp / f"{path.stem}-{i + 1}.png"
                page.save(dest, dpi=im.info.get("dpi", (300, 300)))
                out.append(dest)
    return out


def _as_document(pages: list[Path], dest: Path) -> Path:
    """All pages in one multi-page TIFF (the pipeline's input), built before timing."""
    frames = [Image.open(p) for p in pages]
    try:
        loaded = [ImageOps.exif_transpose(f) for f in frames]
        bilevel = all(f.mode == "1" for f in loaded)
        dpi = frames[0].info.get("dpi", (300, 300))
        loaded[0].save(
            dest,
            "TIFF",
            save_all=True,
            append_images=loaded[1:],
            compression="group4" if bilevel else "tiff_deflate",
            dpi=dpi,
        )
    finally:
        for f in frames:
            f.close()
    return dest


def _cpu() -> float:
    """CPU seconds (user + system) of this process, its finished children and the live OCR
    workers with their finished children (a worker's CPU reaches our RUSAGE_CHILDREN only
    when the pool is shut down)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime + _workers_cpu()


def _workers_cpu() -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _pool.worker_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / tick


def worker_peak_mb() -> list[float]:
    """Peak resident memory (VmHWM) of each live OCR worker process, MB."""
    out = []
    for pid in _pool.worker_pids():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                out.append(round(int(line.split()[1]) / 1024, 1))
    return out


#: Runs one command and prints its own peak resident memory in KiB (``wait4``), or -1.
_PEAK_HELPER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "print(usage.ru_maxrss if os.waitstatus_to_exitcode(status) == 0 else -1)\n"
)


def _plain_one(page: Path, out_base: Path, languages: str) -> None:
    """``tesseract PAGE OUT -l LANGS`` as ``_tesseract.plain_ocr`` runs it."""
    import subprocess

    cmd = [_tesseract.TESSERACT, str(page), str(out_base), "-l", languages]
    proc = subprocess.run(
        cmd, env=_tesseract.child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract failed on {page.name} ({proc.returncode})")


def plain_peak_mb(page: Path, out_base: Path, languages: str) -> float:
    """One plain tesseract's own peak resident memory on ``page``, MB (not timed).

    Measured from a small helper process: a child forked from this benchmark's process would
    carry the benchmark's resident pages into its ``ru_maxrss`` until its ``exec`` (the
    earlier figure, ~258 MB, was that copy; tesseract itself peaks near 100 MB)."""
    import subprocess
    import sys

    cmd = [_tesseract.TESSERACT, str(page), str(out_base), "-l", languages]
    out = subprocess.run(
        [sys.executable, "-c", _PEAK_HELPER, *cmd],
        env=_tesseract.child_env(), capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    kib = int(out.strip())
    if kib < 0:
        raise RuntimeError(f"tesseract failed on {page.name}")
    return kib / 1024


def generated_pages(dest: Path, n: int = 16, seed: int = 1300) -> list[Path]:
    """``n`` single-page scans the project has never seen: forms drawn from known text
    (``evaluate.form_page``), half clean 1-bit PNG, half noisy grey JPEG."""
    from pipeline.ocr.evaluate import DPI, form_page

    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        noisy = i % 2 == 1
        page = form_page(seed + i, noisy=noisy)
        path = dest / f"scan-{i + 1:02d}.{'jpg' if noisy else 'png'}"
        page.image.save(path, dpi=(DPI, DPI), quality=80 if noisy else 75)
        out.append(path)
    return out


def _plain_round(pages: list[Path], out_dir: Path, workers: int, languages: str) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [
            pool.submit(_plain_one, p, out_dir / f"plain-{i}", languages)
            for i, p in enumerate(pages)
        ]
        for f in futures:
            f.result()
    return time.perf_counter() - start


_MEDIA = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _media_type(path: Path) -> str:
    return _MEDIA.get(path.suffix.lower(), "image/tiff")


def _pipeline_round(
    pages: list[Path], doc: Path | None, out_dir: Path, ctx: OcrContext
) -> tuple[float, list[float]]:
    start = time.perf_counter()
    if doc is not None:
        result = ocr_document(doc, "image/tiff", out_dir / "pipeline.pdf", ctx)
        return time.perf_counter() - start, [p.seconds for p in result.pages]
    # Each page file is its own document, ``workers`` documents at a time (as queue workers
    # run them), so both sides read exactly the same files.
    # Each document its own page thread; the pages share the ``workers`` worker processes.
    one = ctx
    with ThreadPoolExecutor(max_workers=ctx.workers) as pool:
        futures = [
            pool.submit(ocr_document, p, _media_type(p), out_dir / f"pipeline-{i}.pdf", one)
            for i, p in enumerate(pages)
        ]
        results = [f.result() for f in futures]
    return time.perf_counter() - start, [pg.seconds for r in results for pg in r.pages]


def run_ocr_benchmark(
    pages: list[Path],
    *,
    workers: int,
    languages: str,
    repeat: int = 1,
    as_document: bool = False,
    backend: Backend = "auto",
) -> dict[str, Any]:
    """OCR the same pages with the plain tesseract command and with the pipeline.

    Args:
        pages: page images (PNG, JPEG, TIFF); each file is one page.
        workers: parallel tesseract processes on both sides.
        languages: tesseract language string for both sides.
        repeat: rounds; plain and pipeline alternate so machine load hits both alike.
        as_document: the pipeline OCRs all pages as one multi-page TIFF document with
            ``ctx.workers = workers`` (built before timing) instead of each page file as a
            one-page document, ``workers`` documents at a time.

    Returns:
        Rates in pages per second for both sides, their ratio (pipeline / plain), wall
        times and the pipeline's mean seconds per page (one worker's view).
    """
    if not pages:
        raise ValueError("the benchmark needs at least one page")
    ctx = OcrContext(languages=languages, workers=workers, backend=backend)
    plain_s = pipe_s = plain_cpu = pipe_cpu = 0.0
    page_secs: list[float] = []
    round_ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="aspa-bench-") as tmp:
        work = Path(tmp)
        doc = _as_document(pages, work / "document.tif") if as_document else None
        for round_no in range(repeat):
            # Alternate which side goes first, so a change in machine load hits both alike.
            for side in ("plain", "pipeline") if round_no % 2 == 0 else ("pipeline", "plain"):
                c0 = _cpu()
                if side == "plain":
                    plain_round = _plain_round(pages, work, workers, languages)
                    plain_s += plain_round
                    plain_cpu += _cpu() - c0
                else:
                    pipe_round, per_page = _pipeline_round(pages, doc, work, ctx)
                    pipe_s += pipe_round
                    pipe_cpu += _cpu() - c0
                    page_secs.extend(per_page)
            round_ratios.append(round(plain_round / pipe_round, 3))
        peaks = worker_peak_mb()
        # after the timed rounds: a clean and a noisy page, each through a small helper
        plain_peak = max(plain_peak_mb(p, work / "peak", languages) for p in pages[:2])
    n = len(pages) * repeat
    plain_rate, pipe_rate = n / plain_s, n / pipe_s
    return {
        "tesseract": _tesseract.version(),
        "pages": len(pages),
        "repeat": repeat,
        "workers": workers,
        "languages": languages,
        "mode": "one multi-page document" if as_document else "one document per page",
        "plain_seconds": round(plain_s, 3),
        "pipeline_seconds": round(pipe_s, 3),
        "plain_pages_per_second": round(plain_rate, 3),
        "pipeline_pages_per_second": round(pipe_rate, 3),
        "ratio": round(pipe_rate / plain_rate, 3),
        # Other machines' load moves single rounds a lot; the spread shows how much.
        "round_ratios": round_ratios,
        "median_round_ratio": statistics.median(round_ratios),
        # CPU seconds per page, plain / pipeline: steady where wall time is not.
        "cpu_ratio": round(plain_cpu / pipe_cpu, 3),
        "pipeline_mean_page_seconds": round(sum(page_secs) / len(page_secs), 3),
        # CPU time is steadier than wall time on a shared machine: compare these too.
        "plain_cpu_seconds_per_page": round(plain_cpu / n, 3),
        "pipeline_cpu_seconds_per_page": round(pipe_cpu / n, 3),
        "load_average": round(os.getloadavg()[0], 2),
        "backend": _engine.resolve(ctx.backend),
        "plain_peak_mb": round(plain_peak, 1),
        "pipeline_worker_peak_mb": peaks,
    }


def format_report(r: dict[str, Any]) -> str:
    """Human-readable lines for the CLI."""
    return "\n".join(
        [
            f"{r['tesseract']}, {r['pages']} pages x {r['repeat']}, {r['workers']} workers, "
            f"languages {r['languages']}, pipeline: {r['mode']}",
            f"plain tesseract: {r['plain_pages_per_second']:.2f} pages/s "
            f"({r['plain_seconds']:.1f} s)",
            f"pipeline:        {r['pipeline_pages_per_second']:.2f} pages/s "
            f"({r['pipeline_seconds']:.1f} s)",
            f"ratio pipeline/plain: {r['ratio']:.2f}",
            f"  per round: {', '.join(f'{x:.2f}' for x in r['round_ratios'])} "
            f"(median {r['median_round_ratio']:.2f})",
            f"CPU s/page: plain {r['plain_cpu_seconds_per_page']:.2f}, "
            f"pipeline {r['pipeline_cpu_seconds_per_page']:.2f}, ratio {r['cpu_ratio']:.2f} "
            f"(load average {r['load_average']})",
            f"peak memory: one plain tesseract {r['plain_peak_mb']} MB; pipeline workers "
            f"({r['backend']}) {', '.join(f'{m} MB' for m in r['pipeline_worker_peak_mb'])}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m pipeline.ocr.bench``."""
    ap = argparse.ArgumentParser(description="OCR benchmark: pipeline vs plain tesseract")
    ap.add_argument("pages", nargs="*", type=Path)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--languages", default="fin+swe+eng")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--as-document", action="store_true", help="pipeline: one multi-page TIFF")
    args = ap.parse_args(argv)
    pages = args.pages or default_pages()
    r = run_ocr_benchmark(
        pages,
        workers=args.workers,
        languages=args.languages,
        repeat=args.repeat,
        as_document=args.as_document,
    )
    print(json.dumps(r) if args.json else format_report(r))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
