"""Every call to the ``tesseract`` command lives here.

Failures become :class:`~pipeline.errors.OcrError`, timeouts
:class:`~pipeline.errors.OcrTimeoutError` (transient: the document is retried). Children run
with ``OMP_THREAD_LIMIT=1``: we parallelise pages, not threads (OpenMP threads made tesseract
1.5x slower on the shared 2-core machines).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
from pathlib import Path

from PIL import Image

from pipeline.errors import OcrError, OcrTimeoutError
from pipeline.ocr._recognition import Orientation, Recognition, from_tsv

TESSERACT = "tesseract"  # the program; tests point it elsewhere to inject failures

# Tesseract variables for every page, both backends. ``textord_all_prop``: the text is
# proportional, so layout analysis skips its fixed-pitch search (``tune_row_pitch`` for every
# row: 2.6 % of tesseract's instructions on a form page, callgrind); LSTM reads each row whole
# and sets the spaces itself, and the texts stayed the same (evaluate, samples).
RECOGNITION_VARIABLES: dict[str, str] = {"textord_all_prop": "1"}


def child_env() -> dict[str, str]:
    """The environment of every tesseract child."""
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


# Several documents may be OCR'd at once (queue worker threads), each over its pages: cap the
# tesseract processes of this Python process at the core count, since one process per core is
# fastest (OMP_THREAD_LIMIT=1) and more only adds switching. ASPA_OCR_PROCESSES overrides.
_SLOTS = threading.BoundedSemaphore(
    int(os.environ.get("ASPA_OCR_PROCESSES") or os.cpu_count() or 1)
)


def _run(args: list[str], *, timeout: float) -> subprocess.CompletedProcess[bytes]:
    try:
        with _SLOTS:
            return subprocess.run(
                args, capture_output=True, timeout=timeout, env=child_env(), check=False
            )
    except subprocess.TimeoutExpired as e:
        raise OcrTimeoutError(
            f"Text recognition of a page took longer than {timeout:g} s; it will be retried."
        ) from e
    except OSError as e:
        raise OcrError(
            "The tesseract program could not be started. Install tesseract-ocr (make deps)."
        ) from e


def _failure(proc: subprocess.CompletedProcess[bytes], what: str) -> OcrError:
    lines = [ln for ln in proc.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    detail = lines[-1][:200] if lines else "no message"
    return OcrError(f"Tesseract failed {what} (exit {proc.returncode}: {detail}).")


def languages(*, timeout: float = 30.0) -> frozenset[str]:
    """The language data tesseract has installed (``tesseract --list-langs``), e.g. ``osd``.

    Raises:
        OcrError: tesseract is missing or failed.
    """
    proc = _run([TESSERACT, "--list-langs"], timeout=timeout)
    if proc.returncode != 0:
        raise _failure(proc, "listing its languages")
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    # The first line is a header ('List of available languages in "/usr/share/…" (4):').
    return frozenset(ln.strip() for ln in lines[1:] if ln.strip())


def recognize(
    image: Path,
    out_base: Path,
    *,
    languages: str,
    dpi: int,
    timeout: float,
    text_only: bool = False,
) -> Recognition:
    """OCR one page image: text, a searchable one-page PDF and word confidences in one run.

    Args:
        image: a page image tesseract can read (TIFF/PNG/JPEG/PNM).
        out_base: output path without suffix; ``.txt``, ``.pdf`` and ``.tsv`` are written.
        languages: tesseract language string, e.g. ``fin+swe+eng``.
        dpi: resolution of the image (sets the PDF page size).
        timeout: seconds before the run is killed.
        text_only: the PDF holds only the invisible text, not the image (``textonly_pdf``):
            for laying over the original page.

    Raises:
        OcrError: tesseract failed (e.g. a missing language).
        OcrTimeoutError: the run took longer than ``timeout``.
    """
    args = [TESSERACT, str(image), str(out_base), "-l", languages, "--dpi", str(dpi)]
    for name, value in RECOGNITION_VARIABLES.items():
        args += ["-c", f"{name}={value}"]
    if text_only:
        args += ["-c", "textonly_pdf=1"]
    proc = _run([*args, "txt", "pdf", "tsv"], timeout=timeout)
    txt, pdf, tsv = (out_base.with_suffix(s) for s in (".txt", ".pdf", ".tsv"))
    if proc.returncode != 0 or not pdf.exists():
        raise _failure(proc, "on a page")
    text = txt.read_text(encoding="utf-8", errors="replace")
    return from_tsv(text, pdf, tsv.read_text(encoding="utf-8", errors="replace"))


_ROTATE = re.compile(rb"Rotate:\s*(\d+)")
_ORIENT_CONF = re.compile(rb"Orientation confidence:\s*([\d.]+)")


def detect_orientation(image: Path, *, dpi: int, timeout: float) -> Orientation | None:
    """Tesseract OSD (``--psm 0``) on one page; None when the page has too little text.

    Raises:
        OcrError: tesseract failed for another reason (e.g. osd.traineddata missing).
        OcrTimeoutError: the run took longer than ``timeout``.
    """
    proc = _run([TESSERACT, str(image), "-", "--psm", "0", "--dpi", str(dpi)], timeout=timeout)
    out = proc.stdout + proc.stderr
    rot, conf = _ROTATE.search(out), _ORIENT_CONF.search(out)
    if rot and conf:
        return Orientation(int(rot.group(1)) % 360, float(conf.group(1)))
    if b"Too few characters" in out or b"Empty page" in out:
        return None
    if proc.returncode != 0:
        raise _failure(proc, "detecting the page orientation")
    return None


def version() -> str:
    """The first line of ``tesseract --version`` (for benchmark reports)."""
    proc = _run([TESSERACT, "--version"], timeout=30)
    if proc.returncode != 0:
        raise _failure(proc, "reporting its version")
    return (proc.stdout + proc.stderr).decode("utf-8", "replace").splitlines()[0].strip()


def plain_ocr(image: Path, out_base: Path, *, languages: str, timeout: float) -> None:
    """The plain command the benchmark compares against: ``tesseract IMG OUT -l LANGS``."""
    proc = _run([TESSERACT, str(image), str(out_base), "-l", languages], timeout=timeout)
    if proc.returncode != 0:
        raise _failure(proc, "on a benchmark page")


def quick(image: Image.Image, *, languages: str, timeout: float) -> str:
    """``tesseract IMG - -l LANGS --psm 6`` on a small image (the top of a page)."""
    with tempfile.TemporaryDirectory(prefix="aspa-quick-") as tmp:
        src = Path(tmp) / "part.png"
        image.convert("L").save(src)
        proc = _run([TESSERACT, str(src), "-", "-l", languages, "--psm", "6"], timeout=timeout)
        if proc.returncode != 0:
            raise _failure(proc, "reading the top of a page")
        return proc.stdout.decode("utf-8", "replace")
