"""A quick read of part of a page (batch splitting looks at the top of each page)."""

from __future__ import annotations

from PIL import Image

from pipeline.ocr import _engine, _pool, _tesseract
from pipeline.ocr.types import OcrContext


def quick_text(
    image: Image.Image, *, languages: str, timeout: float = 60.0, ctx: OcrContext | None = None
) -> str:
    """OCR a small image (e.g. the top quarter of a page at 100–150 dpi) to plain text.

    With ``ctx`` it runs in an OCR worker with the engine kept loaded (a batch of 20 pages no
    longer pays 20 model loads); without, one ``tesseract`` command.

    Raises:
        OcrError: tesseract failed.
        OcrTimeoutError: the run took longer than ``timeout``.
    """
    if ctx is None:
        return _tesseract.quick(image, languages=languages, timeout=timeout)
    return _pool.run(ctx, _in_worker, image.convert("L"), ctx.backend, languages, timeout)


def _in_worker(image: Image.Image, backend: str, languages: str, timeout: float) -> str:
    engine = _engine.engine_for(backend, languages)  # type: ignore[arg-type]
    return engine.quick(image, timeout=timeout)
