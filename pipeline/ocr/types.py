"""Values passed into and out of the OCR stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PageSource = Literal["text_layer", "ocr", "blank"]
Backend = Literal["auto", "tesserocr", "cli"]


@dataclass(frozen=True)
class OcrContext:
    """What the OCR stage needs to know; built by the caller from settings."""

    languages: str = "fin+swe+eng"
    dpi: int = 300
    workers: int = 2
    timeout_seconds: float = 180.0
    work_dir: Path | None = None  # scratch space; a temporary folder when None
    # "tesserocr": libtesseract kept loaded in each OCR worker process; "cli": the tesseract
    # command per page; "auto": tesserocr when it can be imported, else the command.
    backend: Backend = "auto"
    # Address-space limit of each OCR worker process (tesseract, image decoders, the PDF
    # renderer); a page that needs more fails with ``resource_limit``. 0 = no limit.
    memory_limit_mb: int = 2048
    # Read the page as a form: text in reading order from the word boxes, tick boxes as
    # fields, signatures left out. False: tesseract's own text (for before/after measures).
    form_layout: bool = True


@dataclass(frozen=True)
class Checkbox:
    """A tick box found on a page: whether it is ticked and the words that label it."""

    label: str
    ticked: bool
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels of the OCR'd page


@dataclass(frozen=True)
class PageResult:
    number: int  # 1-based
    text: str
    confidence: float | None  # mean word confidence 0..100; None for text-layer or blank pages
    source: PageSource
    rotation: int = 0  # degrees the page was turned before OCR (0, 90, 180, 270)
    skew: float = 0.0  # degrees of deskew applied
    width_px: int | None = None
    height_px: int | None = None
    seconds: float = 0.0  # wall time spent on this page (preprocessing, OCR, OSD)
    checkboxes: tuple[Checkbox, ...] = ()  # tick boxes, in reading order; not in ``text``
    signatures: int = 0  # signature areas left out of ``text``


@dataclass(frozen=True)
class OcrResult:
    pages: tuple[PageResult, ...]
    pdf_path: Path  # one searchable PDF for the whole document
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """All pages' text, pages separated by form feeds."""
        return "\f".join(p.text for p in self.pages)

    @property
    def checkboxes(self) -> tuple[Checkbox, ...]:
        """Every page's tick boxes, in page order."""
        return tuple(c for p in self.pages for c in p.checkboxes)

    @property
    def mean_confidence(self) -> float | None:
        vals = [p.confidence for p in self.pages if p.confidence is not None]
        return sum(vals) / len(vals) if vals else None
