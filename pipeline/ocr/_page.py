"""OCR of one page image: blank check, orientation, deskew, one tesseract run."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image

from pipeline.ocr import _engine, _layout, _preprocess
from pipeline.ocr._order import PageText, reading_text
from pipeline.ocr._pdf import BlankPage, OcrPage, OriginalPage, OverlayPage, Part
from pipeline.ocr._recognition import Recognition
from pipeline.ocr.types import OcrContext, PageResult

# The first OCR of a page looks wrong (turned page) when its mean word confidence is below
# this or when it found almost no real words. Measured on the samples: upright forms score
# 92-95 with 50+ real words; the same form upside down scores 42 with 16 real words, of
# which most are short garbage. Only such pages pay for OSD (0.6-2.9 s) and a second OCR.
SUSPECT_CONFIDENCE = 70.0
SUSPECT_REAL_WORD_SHARE = 0.3
# OSD is trusted only above this orientation confidence (tesseract's scale; upright pages
# and clear turns score 15-20 on the samples, noise scores below 2).
MIN_OSD_CONFIDENCE = 2.0


Form = _layout.FormLayout
_NO_FORM = _layout.FormLayout((), ())


@dataclass(frozen=True)
class PageOutcome:
    result: PageResult
    part: Part
    notes: tuple[str, ...] = ()


class OrientationHint:
    """Pages of one document tend to be turned alike: a stack fed into the scanner upside down.

    Once more pages of a document were turned than not, later pages ask OSD first (0.6 s)
    instead of paying for a garbage OCR (1.6-2.7x a normal one) before it. Shared by the
    document's page threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._turned = 0
        self._upright = 0

    def record(self, rotation: int) -> None:
        with self._lock:
            if rotation:
                self._turned += 1
            else:
                self._upright += 1

    def expects_turned(self) -> bool:
        with self._lock:
            return self._turned > self._upright


def _suspect(rec: Recognition) -> bool:
    if rec.confidence is None or rec.words == 0:
        return True
    return (
        rec.confidence < SUSPECT_CONFIDENCE or rec.real_words / rec.words < SUSPECT_REAL_WORD_SHARE
    )


def _better(a: Recognition, b: Recognition) -> bool:
    """Is ``a`` a better reading of the page than ``b``?"""
    return (a.confidence or 0.0) * max(a.real_words, 1) > (b.confidence or 0.0) * max(
        b.real_words, 1
    )


def ocr_image(
    img: Image.Image,
    number: int,
    dpi: int,
    work: Path,
    ctx: OcrContext,
    *,
    turned_first: bool = False,
    source_file: Path | None = None,
    original: OriginalPage | None = None,
) -> PageOutcome:
    """OCR one page image (already EXIF-transposed).

    ``source_file`` is a file holding exactly this page as it is (one frame, no EXIF turn).
    When the page needs no turning or deskewing, tesseract reads that file directly: no
    second encoding, and a JPEG goes into the PDF as it is. ``turned_first``: earlier pages
    of the document were turned, so orientation detection runs before the first reading.

    ``original`` is the PDF page ``img`` was rendered from: tesseract then writes only the
    invisible text, which is laid over that page (turned and deskew undone), so the output
    keeps the original page's pixels and size.

    Raises:
        OcrError: tesseract failed.
        OcrTimeoutError: a tesseract run took longer than ``ctx.timeout_seconds``.
    """
    start = time.perf_counter()
    gray = _preprocess.to_gray(img)
    width, height = gray.size
    layout = _preprocess.measure(gray)
    if layout.blank:
        part = BlankPage(width * 72.0 / dpi, height * 72.0 / dpi)
        res = PageResult(number, "", None, "blank", width_px=width, height_px=height)
        return PageOutcome(replace(res, seconds=time.perf_counter() - start), part)

    timeout = ctx.timeout_seconds
    engine = _engine.engine_for(ctx.backend, ctx.languages)
    notes: list[str] = []
    rotation = 0
    osd_done = False
    base = work / f"p{number:04d}"
    if layout.sideways or turned_first:
        # Text runs vertically, or earlier pages were turned: no need to waste a first OCR;
        # ask OSD which way is up.
        osd_done = True
        orient = engine.orientation(gray, None, base.with_name(base.name + "-osd"), dpi=dpi,
                                    timeout=timeout)  # fmt: skip
        if orient and orient.confidence >= MIN_OSD_CONFIDENCE and orient.rotate:
            rotation = orient.rotate
            gray = _preprocess.turn(gray, rotation)
            layout = _preprocess.measure(gray)
            notes.append(f"page {number}: turned {rotation}° (orientation detection before OCR)")

    skew = 0.0
    if _preprocess.needs_deskew(layout.skew):
        skew = layout.skew
        gray = _preprocess.deskew(gray, skew)
        notes.append(f"page {number}: deskewed {skew:+.1f}°")

    unchanged = rotation == 0 and skew == 0.0 and source_file is not None
    image_file = source_file if unchanged else None
    text_only = original is not None

    def read(page: Image.Image, page_file: Path | None, out: Path) -> tuple[Recognition, Form]:
        form = _layout.find_boxes(page, dpi) if ctx.form_layout else _NO_FORM
        if form.ticks and text_only:
            # Tick boxes are fields, not characters: tesseract does not see them. (Only when
            # the text is laid over the original page: tesseract's own page shows its input.)
            page, page_file = _layout.white_out(page, tuple(t.box for t in form.ticks)), None
        rec = engine.recognize(page, page_file, out, dpi=dpi, timeout=timeout, text_only=text_only)
        return rec, form

    rec, form = read(gray, image_file, base)
    if _suspect(rec) and not osd_done:
        orient = engine.orientation(gray, image_file, base.with_name(base.name + "-osd"),
                                    dpi=dpi, timeout=timeout)  # fmt: skip
        if orient and orient.confidence >= MIN_OSD_CONFIDENCE and orient.rotate:
            turned = _preprocess.turn(gray, orient.rotate)
            rec2, form2 = read(turned, None, base.with_name(base.name + f"-r{orient.rotate}"))
            if _better(rec2, rec):
                rec, form, rotation, gray = rec2, form2, orient.rotate, turned
                notes.append(
                    f"page {number}: turned {rotation}° "
                    "(orientation detection after a poor first reading)"
                )
    read_as = reading_text(rec.boxes, form, dpi) if ctx.form_layout else PageText(rec.text, (), 0)
    # Page images are large (8.7 MB for a gray A4 page at 300 dpi): drop them now rather than
    # when the whole document is done. Only the one-page PDF is needed for the merge.
    for leftover in work.glob(f"{base.name}*"):
        if leftover != rec.pdf_path:
            leftover.unlink(missing_ok=True)
    res = PageResult(
        number=number,
        text=read_as.text,
        confidence=None if rec.confidence is None else round(rec.confidence, 1),
        source="ocr",
        rotation=rotation,
        skew=skew,
        width_px=gray.width,
        height_px=gray.height,
        seconds=time.perf_counter() - start,
        checkboxes=read_as.checkboxes,
        signatures=read_as.signatures,
    )
    page: Part = OcrPage(rec.pdf_path)
    if original is not None:
        page = OverlayPage(original.src, original.index, rec.pdf_path, rotation, skew)
    return PageOutcome(res, page, tuple(notes))
