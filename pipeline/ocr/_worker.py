"""One page job, as an OCR worker process runs it: open the page, read it, write its PDF part.

Everything that holds a page's pixels runs here, under the worker's memory limit: decoding the
image (or rendering the PDF page), preprocessing, tesseract. The parent only counts pages,
reads PDF text layers and merges the parts. A job and its outcome are small picklable values.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, ImageOps, UnidentifiedImageError

from pipeline.errors import AspaError, OcrError, OcrResourceLimitError
from pipeline.ocr import _engine
from pipeline.ocr._page import PageOutcome, ocr_image
from pipeline.ocr._pdf import EXIF_TO_ROTATE, OriginalPage, Rasteriser, image_page
from pipeline.ocr.types import OcrContext

_A4_SHORT_INCHES = 8.27
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class PageJob:
    kind: Literal["image", "pdf"]
    src: Path
    index: int  # 0-based page (PDF) or frame (image)
    frames: int  # frames of an image file (1 for PDF pages)
    work: Path  # scratch folder of the document
    ctx: OcrContext
    turned_first: bool = False  # earlier pages of the document were turned: OSD first


def run_page(job: PageJob) -> PageOutcome:
    """Run one page job; image-library failures and memory exhaustion become OcrError."""
    try:
        if job.kind == "pdf":
            return _pdf_page(job)
        return _image_page(job)
    except AspaError:
        raise
    except MemoryError:
        pass  # handled below, outside the except block: see there
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as e:
        raise OcrError(f"Page {job.index + 1} could not be read as an image.") from e
    # Out of memory. The traceback holds the frames that hold the page's pixels: drop it (no
    # chaining) and collect, so the worker is back to its usual size for the next page.
    gc.collect()
    raise OcrResourceLimitError(
        f"Page {job.index + 1} needs more memory than text recognition may use "
        f"({job.ctx.memory_limit_mb} MB); scan it again at 300 dpi."
    )


def warm_up(backend: str, languages: str) -> None:
    """Load the engine before the first page (worker start-up)."""
    # On failure the first page job reports it with its own message.
    with contextlib.suppress(AspaError, RuntimeError):
        _engine.engine_for(backend, languages)  # type: ignore[arg-type]


def image_dpi(img: Image.Image) -> int:
    """The scan resolution: the file's own when plausible, else estimated from A4 width."""
    dpi = img.info.get("dpi")
    try:
        x = float(dpi[0]) if isinstance(dpi, tuple) else float(dpi or 0)
    except (TypeError, ValueError):
        x = 0.0
    if 100 <= x <= 1200:
        return round(x)
    return int(min(max(min(img.size) / _A4_SHORT_INCHES, 100), 600))


def _image_page(job: PageJob) -> PageOutcome:
    src, index, frames, ctx = job.src, job.index, job.frames, job.ctx
    kept = job.work / f"orig-{index + 1:04d}.pdf"
    with Image.open(src) as im:
        im.seek(index)
        dpi = image_dpi(im)
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
        upright,
        index + 1,
        dpi,
        job.work,
        ctx,
        turned_first=job.turned_first,
        source_file=as_is,
        original=original,
    )
    if out.result.source == "blank" and original is not None:
        return PageOutcome(out.result, original, out.notes)
    return out


def _pdf_page(job: PageJob) -> PageOutcome:
    ctx = job.ctx
    page = OriginalPage(job.src, job.index)
    raster = Rasteriser(job.src)
    try:
        img = raster.render(job.index, ctx.dpi)
    finally:
        raster.close()
    out = ocr_image(
        img, job.index + 1, ctx.dpi, job.work, ctx, turned_first=job.turned_first, original=page
    )
    if out.result.source == "blank":  # keep the original sheet, not an empty page
        return PageOutcome(out.result, page, out.notes)
    return out
