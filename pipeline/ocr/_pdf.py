"""PDF input and output: text layers (pdfplumber), rasterising (pypdfium2), merging (pypdf)."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from pipeline.errors import OcrError

# A text layer is "real" with at least this many letters and digits. Below, the page is
# scanned (or nearly empty) and goes to OCR.
_MIN_TEXT_CHARS = 20
# A page mostly covered by an image with only a little text is a scan with a stamp or a
# scanner's caption: OCR it.
_SCAN_IMAGE_COVER = 0.5
_SCAN_MAX_TEXT_CHARS = 200

# Glyphs without a Unicode mapping come out as "(cid:123)" or U+FFFD: not real text.
_UNMAPPED = re.compile(r"\(cid:\d+\)|\ufffd")

# PDFium is not thread-safe, not even across documents: one lock for the process.
_PDFIUM_LOCK = threading.Lock()

POINTS_PER_INCH = 72.0


def text_layers(src: Path) -> list[str | None]:
    """Each page's own text when it is real text, else None (the page needs OCR).

    Raises:
        OcrError: the PDF cannot be parsed.
    """
    out: list[str | None] = []
    try:
        with pdfplumber.open(src) as pdf:
            for page in pdf.pages:
                text = (page.extract_text() or "").strip()
                chars = sum(ch.isalnum() for ch in _UNMAPPED.sub("", text))
                if chars < _MIN_TEXT_CHARS:
                    out.append(None)
                    continue
                area = float(page.width * page.height) or 1.0
                covered = sum(
                    float((im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) for im in page.images
                )
                if covered / area > _SCAN_IMAGE_COVER and chars < _SCAN_MAX_TEXT_CHARS:
                    out.append(None)
                else:
                    out.append(text)
                page.flush_cache()
    except Exception as e:  # pdfminer raises many unrelated types on damaged files
        raise OcrError("The PDF could not be read for text extraction.") from e
    return out


class Rasteriser:
    """Renders pages of one PDF to grayscale images; safe to call from several threads."""

    def __init__(self, src: Path) -> None:
        with _PDFIUM_LOCK:
            try:
                self._doc = pdfium.PdfDocument(str(src))
            except pdfium.PdfiumError as e:
                raise OcrError("The PDF could not be opened for rendering.") from e

    def render(self, index: int, dpi: int) -> Image.Image:
        with _PDFIUM_LOCK:
            try:
                page = self._doc[index]
                bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
                img: Image.Image = bitmap.to_pil()
                page.close()
            except pdfium.PdfiumError as e:
                raise OcrError(f"Page {index + 1} of the PDF could not be rendered.") from e
        return img.convert("L") if img.mode != "L" else img

    def page_size(self, index: int) -> tuple[float, float]:
        with _PDFIUM_LOCK:
            w, h = self._doc.get_page_size(index)
        return float(w), float(h)

    def close(self) -> None:
        with _PDFIUM_LOCK:
            self._doc.close()


@dataclass(frozen=True)
class OcrPage:
    """A one-page PDF made by tesseract."""

    pdf: Path


@dataclass(frozen=True)
class OriginalPage:
    """A page kept from the source PDF (it has its own text layer)."""

    src: Path
    index: int


@dataclass(frozen=True)
class BlankPage:
    width_pt: float
    height_pt: float


Part = OcrPage | OriginalPage | BlankPage


def merge(parts: list[Part], out_pdf: Path) -> None:
    """Write the pages, in order, into one PDF (atomically: a temporary file, then rename).

    Raises:
        OcrError: a page PDF cannot be read or the output cannot be written.
    """
    writer = PdfWriter()
    readers: dict[Path, PdfReader] = {}
    try:
        for part in parts:
            if isinstance(part, BlankPage):
                writer.add_blank_page(width=part.width_pt, height=part.height_pt)
                continue
            path = part.pdf if isinstance(part, OcrPage) else part.src
            index = 0 if isinstance(part, OcrPage) else part.index
            reader = readers.get(path)
            if reader is None:
                reader = readers[path] = PdfReader(path)
            writer.add_page(reader.pages[index])
        writer.add_metadata({"/Producer": "aspa-docflow OCR (tesseract, pypdf)"})
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_pdf.with_name(f".{out_pdf.name}.{os.getpid()}.part")
        with tmp.open("wb") as fh:
            writer.write(fh)
        tmp.replace(out_pdf)
    except (PyPdfError, OSError, ValueError) as e:
        raise OcrError("The searchable PDF could not be assembled.") from e
