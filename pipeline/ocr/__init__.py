"""The OCR stage: a document in, its text and one searchable PDF out.

Public entry point: :func:`ocr_document`. Tesseract calls live in ``_tesseract.py``, cheap
image measurements in ``_preprocess.py``, PDF input/output in ``_pdf.py``, one page in
``_page.py`` and the per-document orchestration in ``_document.py``. The benchmark against the
plain ``tesseract`` command is :func:`pipeline.ocr.bench.run_ocr_benchmark`.
"""

from __future__ import annotations

from pipeline.ocr._document import IMAGE_TYPES, MEDIA_TYPES, PDF_TYPE, ocr_document
from pipeline.ocr._tesseract import languages as tesseract_languages
from pipeline.ocr.types import OcrContext, OcrResult, PageResult, PageSource

__all__ = [
    "IMAGE_TYPES",
    "MEDIA_TYPES",
    "PDF_TYPE",
    "OcrContext",
    "OcrResult",
    "PageResult",
    "PageSource",
    "ocr_document",
    "tesseract_languages",
]
