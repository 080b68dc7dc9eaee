"""OCR of one document: split into pages, run the pages in parallel, merge one PDF."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline.errors import OcrError
from pipeline.ocr import _pool
from pipeline.ocr._page import OrientationHint, PageOutcome
from pipeline.ocr._pdf import OriginalPage, merge, text_layers
from pipeline.ocr._worker import PageJob, run_page
from pipeline.ocr.types import OcrContext, OcrResult, PageResult

PDF_TYPE = "application/pdf"
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/tiff"})
MEDIA_TYPES = frozenset({PDF_TYPE, *IMAGE_TYPES})

Progress = Callable[[int, int], None]
Job = Callable[[], PageOutcome]


def ocr_document(
    src: Path,
    media_type: str,
    out_pdf: Path,
    ctx: OcrContext,
    *,
    progress: Progress | None = None,
) -> OcrResult:
    """Read the text of a document and write it as one searchable PDF.

    PDF pages with a real text layer keep their text and their original page; other pages are
    rasterised at ``ctx.dpi`` and OCRed. Image pages (every frame of a TIFF) get EXIF
    orientation, grayscale, deskew and, only when the first reading looks wrong or the text
    runs vertically, Tesseract orientation detection. Blank pages give empty text. Pages run
    in parallel in ``ctx.workers`` OCR worker processes (``_pool``), each with its tesseract
    engine kept loaded, under ``ctx.memory_limit_mb``.

    Args:
        src: the document, already checked by intake.
        media_type: ``application/pdf``, ``image/png``, ``image/jpeg`` or ``image/tiff``.
        out_pdf: where the searchable PDF goes (written atomically).
        ctx: languages, dpi, workers, timeout and scratch folder.
        progress: called as ``progress(done, total)`` after each page.

    Returns:
        The pages' text, sources and confidences and the path of the PDF.

    Raises:
        OcrError: the document cannot be read or tesseract failed.
        OcrResourceLimitError: a page needed more memory than ``ctx.memory_limit_mb``.
        OcrTimeoutError: tesseract took longer than ``ctx.timeout_seconds`` on a page.
    """
    start = time.perf_counter()
    with _scratch(ctx) as work:
        if media_type == PDF_TYPE:
            jobs = _pdf_jobs(src, ctx, work)
        elif media_type in IMAGE_TYPES:
            jobs = _image_jobs(src, ctx, work)
        else:
            raise OcrError(f"OCR does not handle the media type {media_type!r}.")
        outcomes = _run(jobs, ctx.workers, progress)
        merge([o.part for o in outcomes], out_pdf)
    notes = tuple(n for o in outcomes for n in o.notes)
    return OcrResult(
        pages=tuple(o.result for o in outcomes),
        pdf_path=out_pdf,
        seconds=time.perf_counter() - start,
        notes=notes,
    )


@contextmanager
def _scratch(ctx: OcrContext) -> Iterator[Path]:
    if ctx.work_dir is not None:
        ctx.work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aspa-ocr-", dir=ctx.work_dir) as tmp:
        yield Path(tmp)


def _run(jobs: list[Job], workers: int, progress: Progress | None) -> list[PageOutcome]:
    total = len(jobs)
    if total == 0:
        raise OcrError("The document has no pages.")
    results: list[PageOutcome | None] = [None] * total
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, total)), thread_name_prefix="ocr")
    try:
        futures: dict[Future[PageOutcome], int] = {pool.submit(j): i for i, j in enumerate(jobs)}
        for done, fut in enumerate(as_completed(futures), start=1):
            results[futures[fut]] = fut.result()
            if progress is not None:
                progress(done, total)
    finally:
        # On a failure, pages not yet started are dropped; running ones end within the timeout.
        pool.shutdown(wait=True, cancel_futures=True)
    return [r for r in results if r is not None]


def _pooled(ctx: OcrContext, hint: OrientationHint, job: PageJob) -> Job:
    """A page job for the worker pool; the document's orientation hint is read when the
    page starts and updated when it is done (pages run ``ctx.workers`` at a time)."""

    def run() -> PageOutcome:
        turned_first = hint.expects_turned()
        out = _pool.run(ctx, run_page, replace(job, turned_first=turned_first))
        if out.result.source == "ocr":
            hint.record(out.result.rotation)
        return out

    return run


def _image_jobs(src: Path, ctx: OcrContext, work: Path) -> list[Job]:
    try:
        with Image.open(src) as im:
            frames = int(getattr(im, "n_frames", 1))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as e:
        raise OcrError("The image could not be opened.") from e
    hint = OrientationHint()
    return [_pooled(ctx, hint, PageJob("image", src, i, frames, work, ctx)) for i in range(frames)]


def _pdf_jobs(src: Path, ctx: OcrContext, work: Path) -> list[Job]:
    layers = text_layers(src)
    hint = OrientationHint()

    def kept(index: int, text: str) -> Job:
        return lambda: PageOutcome(
            PageResult(number=index + 1, text=text, confidence=None, source="text_layer"),
            OriginalPage(src, index),
        )

    return [
        _pooled(ctx, hint, PageJob("pdf", src, i, 1, work, ctx)) if text is None else kept(i, text)
        for i, text in enumerate(layers)
    ]
