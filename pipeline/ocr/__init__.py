"""The OCR stage: a document in, its text and one searchable PDF out.

Public entry point: :func:`ocr_document`. The per-document orchestration is in
``_document.py``; pages run in OCR worker processes (``_pool.py``, memory limit) as page jobs
(``_worker.py``: open or render the page, then ``_page.py``). Tesseract is reached through
``_engine.py`` (libtesseract kept loaded via tesserocr, or the command in ``_tesseract.py``),
its TSV read in ``_recognition.py``; cheap image measurements are in ``_preprocess.py``, ruled
boxes and tick boxes in ``_layout.py``, the reading order in ``_order.py`` and PDF input/output
in ``_pdf.py``. Benchmarks: :mod:`pipeline.ocr.bench` (against the plain ``tesseract``
command) and :mod:`pipeline.ocr.evaluate` (error rates on pages drawn from known text).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pipeline.ocr.types import Checkbox, OcrContext, OcrResult, PageResult, PageSource

if TYPE_CHECKING:
    from pipeline.ocr._document import IMAGE_TYPES, MEDIA_TYPES, PDF_TYPE, ocr_document
    from pipeline.ocr._pool import prestart
    from pipeline.ocr._tesseract import languages as tesseract_languages

# Imported on first use: the settings import ``types`` for every command (``aspa --help``
# needs no multiprocessing), and ``aspa process`` starts the OCR workers (``prestart``) before
# it loads the rest of the stage (numpy, PIL, pikepdf: ~0.2 s) in its own process.
_LAZY = {
    "IMAGE_TYPES": ("_document", "IMAGE_TYPES"),
    "MEDIA_TYPES": ("_document", "MEDIA_TYPES"),
    "PDF_TYPE": ("_document", "PDF_TYPE"),
    "ocr_document": ("_document", "ocr_document"),
    "prestart": ("_pool", "prestart"),
    "tesseract_languages": ("_tesseract", "languages"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


__all__ = [
    "IMAGE_TYPES",
    "MEDIA_TYPES",
    "PDF_TYPE",
    "Checkbox",
    "OcrContext",
    "OcrResult",
    "PageResult",
    "PageSource",
    "ocr_document",
    "prestart",
    "tesseract_languages",
]
