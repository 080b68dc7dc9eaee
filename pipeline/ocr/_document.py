"""OCR of one document: split into pages, run the pages in parallel, merge one PDF."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import AspaError, OcrError
from pipeline.ocr._page import OrientationHint, PageOutcome, ocr_image
from pipeline.ocr._pdf import (
    EXIF_TO_ROTATE,
    OriginalPage,
    Rasteriser,
    image_page,
    merge,
    text_layers,
)
from pipeline.ocr.types import OcrContext, OcrResult, PageResult

PDF_TYPE = "application/pdf"
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/tiff"})
MEDIA_TYPES = frozenset({PDF_TYPE, *IMAGE_TYPES})

Progress = Callable[[int, int], None]
Job = Callable[[], PageOutcome]

_A4_SHORT_INCHES = 8.27
_EXIF_ORIENTATION = 0x0112


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
    in parallel over ``ctx.workers`` tesseract processes.

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
        OcrTimeoutError: tesseract took longer than ``ctx.timeout_seconds`` on a page.
    """
    start = time.perf_counter()
    with _scratch(ctx) as work:
        if media_type == PDF_TYPE:
            jobs, closer = _pdf_jobs(src, ctx, work)
        elif media_type in IMAGE_TYPES:
            jobs, closer = _image_jobs(src, ctx, work), None
        else:
            raise OcrError(f"OCR does not handle the media type {media_type!r}.")
        try:
            outcomes = _run(jobs, ctx.workers, progress)
        finally:
            if closer is not None:
                closer()
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


def _image_dpi(img: Image.Image) -> int:
    """The scan resolution: the file's own when plausible, else estimated from A4 width."""
    dpi = img.info.get("dpi")
    try:
        x = float(dpi[0]) if isinstance(dpi, tuple) else float(dpi or 0)
    except (TypeError, ValueError):
        x = 0.0
    if 100 <= x <= 1200:
        return round(x)
    return int(min(max(min(img.size) / _A4_SHORT_INCHES, 100), 600))


def _guard(job: Callable[[], PageOutcome], number: int) -> Job:
    """Map image-library failures inside a page job to OcrError."""

    def run() -> PageOutcome:
        try:
            return job()
        except AspaError:
            raise
        except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as e:
            raise OcrError(f"Page {number} could not be read as an image.") from e

    return run


def _image_jobs(src: Path, ctx: OcrContext, work: Path) -> list[Job]:
    try:
        with Image.open(src) as im:
            frames = int(getattr(im, "n_frames", 1))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as e:
        raise OcrError("The image could not be opened.") from e

    hint = OrientationHint()

    def page(index: int) -> PageOutcome:
        kept = work / f"orig-{index + 1:04d}.pdf"
        with Image.open(src) as im:
            im.seek(index)
            dpi = _image_dpi(im)
            orientation = im.getexif().get(_EXIF_ORIENTATION, 1) or 1
            turned_by_exif = orientation != 1
            # Modes leptonica reads the same way we do: no alpha, palette, 16-bit or CMYK.
            plain_mode = im.mode in ("1", "L", "RGB")
            # The scan as it is (JPEG bytes, 1-bit pixels) in a page of its own; the OCR text
            # is laid over it. Other images fall back to tesseract's re-encoded page.
            rotate = EXIF_TO_ROTATE.get(orientation)
            original = (
                OriginalPage(kept, 0)
                if rotate is not None
                and image_page(im, src if frames == 1 else None, dpi, rotate, kept)
                else None
            )
            # exif_transpose copies the whole page even when there is nothing to turn.
            # Leaving the with-block closes the file, not the loaded pixels.
            upright = ImageOps.exif_transpose(im) if turned_by_exif else im
            upright.load()
        as_is = src if frames == 1 and plain_mode and not turned_by_exif else None
        out = ocr_image(
            upright, index + 1, dpi, work, ctx, hint, source_file=as_is, original=original
        )
        if out.result.source == "blank" and original is not None:
            return PageOutcome(out.result, original, out.notes)
        return out

    return [_guard(lambda i=i: page(i), i + 1) for i in range(frames)]  # type: ignore[misc]


def _pdf_jobs(src: Path, ctx: OcrContext, work: Path) -> tuple[list[Job], Callable[[], None]]:
    layers = text_layers(src)
    raster = Rasteriser(src) if any(t is None for t in layers) else None
    hint = OrientationHint()

    def kept(index: int, text: str) -> PageOutcome:
        return PageOutcome(
            PageResult(number=index + 1, text=text, confidence=None, source="text_layer"),
            OriginalPage(src, index),
        )

    def scanned(index: int) -> PageOutcome:
        assert raster is not None
        page = OriginalPage(src, index)
        img = raster.render(index, ctx.dpi)
        out = ocr_image(img, index + 1, ctx.dpi, work, ctx, hint, original=page)
        if out.result.source == "blank":  # keep the original sheet, not an empty page
            return PageOutcome(out.result, page, out.notes)
        return out

    jobs: list[Job] = []
    for i, text in enumerate(layers):
        if text is None:
            jobs.append(_guard(lambda i=i: scanned(i), i + 1))  # type: ignore[misc]
        else:
            jobs.append(lambda i=i, t=text: kept(i, t))  # type: ignore[misc]
    return jobs, (raster.close if raster is not None else (lambda: None))
