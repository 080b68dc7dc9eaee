"""Masked page images: identity codes, IBANs and the extracted fields blacked out.

Where the words are comes from a small interface, :class:`WordBoxes`: one call that returns
the boxes (in pixels of the rendered page) of every text span to hide. Two implementations:

* :class:`TextLayerBoxes` reads the searchable PDF's own text layer (the OCR result written
  into the PDF, so the boxes are the OCR's), with PDFium's text search for exact positions;
* :class:`TesseractBoxes` runs ``pytesseract.image_to_data`` on the rendered image, for
  originals without a text layer (a scan before OCR, an image).

:func:`masked_page` uses the text layer when the page has one and Tesseract otherwise, and
never answers an unmasked image when masking cannot run (it raises instead).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from pipeline.errors import CorruptFileError, ProcessingError

from .masking import HETU_TEXT, IBAN_TEXT

_lock = threading.Lock()  # PDFium is not thread-safe
PAD = 3  # pixels around each box, so no stroke of a digit shows
#: Distinct pieces to hide on one page (or field values to look for) beyond which all of its
#: text is hidden instead: each is a search of the whole page (16,000 identity codes on a page
#: took 11.5 s a preview; 16,000 field values looked for, 2 s).
MAX_SEARCHES = 200


def _too_many(extra: Sequence[str]) -> bool:
    return len(set(extra)) > MAX_SEARCHES


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float


class WordBoxes(Protocol):
    """Boxes (pixels of the rendered page) of the text that must not be shown."""

    def sensitive_boxes(self, extra: Sequence[str]) -> list[Box]: ...


def sensitive_spans(text: str, extra: Sequence[str] = ()) -> list[str]:
    """The literal pieces of ``text`` to hide: identity codes, IBANs, extracted field values."""
    found = [m.group(0) for m in HETU_TEXT.finditer(text)]
    found += [m.group(0) for m in IBAN_TEXT.finditer(text)]
    found += [v for v in extra if v and len(v) >= 4 and v in text]
    return list(dict.fromkeys(found))


class TextLayerBoxes:
    """Boxes from the PDF page's text layer (call inside the PDFium lock)."""

    def __init__(self, page: pdfium.PdfPage, scale: float) -> None:
        self.page, self.scale = page, scale
        self.textpage = page.get_textpage()
        self.text = self.textpage.get_text_range()

    def sensitive_boxes(self, extra: Sequence[str]) -> list[Box]:
        if _too_many(extra) or len(spans := sensitive_spans(self.text, extra)) > MAX_SEARCHES:
            return self._boxes(0, -1)  # a page (or document) that is mostly codes: every word
        out = []
        for span in spans:
            searcher = self.textpage.search(span, match_case=True)
            while (hit := searcher.get_next()) is not None:
                out += self._boxes(*hit)
        return out

    def _boxes(self, index: int, count: int) -> list[Box]:
        """The rectangles of ``count`` characters from ``index`` (-1: to the page's end)."""
        height, s = self.page.get_height(), self.scale
        out = []
        for i in range(self.textpage.count_rects(index, count)):
            left, bottom, right, top = self.textpage.get_rect(i)
            out.append(Box(left * s, (height - top) * s, right * s, (height - bottom) * s))
        return out


class TesseractBoxes:
    """Boxes from ``pytesseract.image_to_data`` over the rendered image (word by word)."""

    def __init__(self, image: Image.Image, languages: str = "fin+swe+eng") -> None:
        import pytesseract

        try:
            data = pytesseract.image_to_data(
                image, lang=languages, output_type=pytesseract.Output.DICT, timeout=60
            )
        except (pytesseract.TesseractError, RuntimeError, OSError) as e:
            raise ProcessingError("The preview could not be masked.") from e
        self.lines: dict[tuple[int, int, int], list[tuple[str, Box]]] = {}
        for i, word in enumerate(data["text"]):
            if not word.strip():
                continue
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            self.lines.setdefault(key, []).append((word, Box(x, y, x + w, y + h)))

    def sensitive_boxes(self, extra: Sequence[str]) -> list[Box]:
        if _too_many(extra):  # looking for each in every line would take seconds: every word
            return [box for words in self.lines.values() for _, box in words]
        out = []
        for words in self.lines.values():
            text, starts = "", []
            for word, _box in words:
                starts.append(len(text))
                text += word + " "
            for span in sensitive_spans(text, extra):
                for m in re.finditer(re.escape(span), text):
                    for (word, box), start in zip(words, starts, strict=True):
                        if start < m.end() and start + len(word) > m.start():
                            out.append(box)
        return out


def _black_out(image: Image.Image, boxes: Iterable[Box]) -> Image.Image:
    draw = ImageDraw.Draw(image)
    for b in boxes:
        draw.rectangle((b.left - PAD, b.top - PAD, b.right + PAD, b.bottom + PAD), fill=(0, 0, 0))
    return image


def page_count(data: bytes, media_type: str | None) -> int:
    if media_type and media_type.startswith("image/"):
        with Image.open(io.BytesIO(data)) as im:
            return getattr(im, "n_frames", 1)
    with _lock:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            raise CorruptFileError("The PDF cannot be previewed.") from e
        try:
            return len(pdf)
        finally:
            pdf.close()


def render_page(
    data: bytes,
    media_type: str | None,
    number: int,
    *,
    width_px: int,
    mask: bool,
    extra: Sequence[str] = (),
) -> Image.Image:
    """Page ``number`` (1-based) as an RGB image ``width_px`` wide, masked unless ``mask`` is off.

    Raises:
        CorruptFileError: the file cannot be rendered or has no such page.
        ProcessingError: masking could not run (no unmasked image is given out then).
    """
    if media_type and media_type.startswith("image/"):
        try:
            with Image.open(io.BytesIO(data)) as im:
                im.seek(number - 1)
                img = im.convert("RGB")
        except (OSError, ValueError, EOFError) as e:
            raise CorruptFileError("The image cannot be previewed.") from e
        if img.width > width_px:
            img = img.resize((width_px, max(1, round(img.height * width_px / img.width))))
        return _black_out(img, TesseractBoxes(img).sensitive_boxes(extra)) if mask else img
    boxes: list[Box] | None = None
    with _lock:
        try:
            pdf = pdfium.PdfDocument(data)
            try:
                page = pdf[number - 1]
                scale = width_px / max(1.0, page.get_width())
                rendered: Image.Image = page.render(scale=scale).to_pil().convert("RGB")
                img = rendered
                if mask:
                    layer = TextLayerBoxes(page, scale)
                    if layer.text.strip():
                        boxes = layer.sensitive_boxes(extra)
                page.close()
            finally:
                pdf.close()
        except (pdfium.PdfiumError, IndexError) as e:
            raise CorruptFileError("The PDF cannot be previewed.") from e
    if not mask:
        return img
    if boxes is None:  # no text layer: find the words on the image itself
        boxes = TesseractBoxes(img).sensitive_boxes(extra)
    return _black_out(img, boxes)


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def masked_pdf(data: bytes, media_type: str | None, extra: Sequence[str] = ()) -> bytes:
    """Every page masked, as an image-only PDF (nothing selectable, nothing hidden underneath)."""
    pages = [
        render_page(data, media_type, n, width_px=1240, mask=True, extra=extra)
        for n in range(1, page_count(data, media_type) + 1)
    ]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=150)
    return out.getvalue()
