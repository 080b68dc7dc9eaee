"""PDF input and output: text layers (pdfplumber), rasterising (pypdfium2), merging (pypdf)."""

from __future__ import annotations

import io
import math
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, TiffImagePlugin
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

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
    # Imported here: only PDF documents need it (30 ms of CPU at every start of the command
    # and of the OCR fork server otherwise).
    import pdfplumber

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
        # Imported here: only PDF documents are rendered (the main process and the image
        # pages' workers do not need it).
        import pypdfium2 as pdfium

        self._error = pdfium.PdfiumError
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
            except self._error as e:
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


@dataclass(frozen=True)
class OverlayPage:
    """A scanned page of the source PDF kept as it is, with tesseract's text-only page on top.

    The text page was made from the page as rendered (its ``/Rotate`` applied), then turned
    ``turn`` degrees clockwise and deskewed by ``skew`` degrees. The original page gets
    ``turn`` added to its ``/Rotate`` (it shows upright, its pixels untouched) and the text
    page is turned back by ``skew`` so the words sit on the original, still skewed, pixels.
    """

    src: Path
    index: int
    text_pdf: Path
    turn: int = 0
    skew: float = 0.0


Part = OcrPage | OriginalPage | BlankPage | OverlayPage


# Up to this skew the text layer is turned to lie on the scan's own slanted lines and the page
# stays exactly as it was. Beyond it, lines drift by more than their height across the page
# and pdftotext mixes words of neighbouring lines (2.5 degrees on the skewed sample turned
# "Verohallinto 5010" into "Verohall000i52nVERtOo"); the original page is then drawn turned
# upright (same image stream, only a rotation matrix) under an upright text layer.
MAX_TEXT_SKEW = 1.0

# (u, v) on the page as displayed -> (x, y) in user space, for each /Rotate (clockwise), for a
# crop box at (x0, y0) of size (w, h); and the way back.
_TO_USER = {
    0: lambda x0, y0, w, h: (1.0, 0.0, 0.0, 1.0, x0, y0),
    90: lambda x0, y0, w, h: (0.0, 1.0, -1.0, 0.0, x0 + w, y0),
    180: lambda x0, y0, w, h: (-1.0, 0.0, 0.0, -1.0, x0 + w, y0 + h),
    270: lambda x0, y0, w, h: (0.0, -1.0, 1.0, 0.0, x0, y0 + h),
}
_TO_DISPLAY = {
    0: lambda x0, y0, w, h: (1.0, 0.0, 0.0, 1.0, -x0, -y0),
    90: lambda x0, y0, w, h: (0.0, -1.0, 1.0, 0.0, -y0, x0 + w),
    180: lambda x0, y0, w, h: (-1.0, 0.0, 0.0, -1.0, x0 + w, y0 + h),
    270: lambda x0, y0, w, h: (0.0, 1.0, -1.0, 0.0, y0 + h, -x0),
}


@dataclass(frozen=True)
class _Frame:
    """The displayed page: crop box, rotation and displayed size."""

    box: tuple[float, float, float, float]  # x0, y0, width, height in user space
    rotate: int
    width: float
    height: float


def _rotation(page: PageObject) -> int:
    """The page's ``/Rotate`` as PDFium reads it: a value that is no multiple of 90 (invalid)
    is cut toward zero to one."""
    try:
        value = int(page.get("/Rotate", 0) or 0)
    except (TypeError, ValueError):
        value = 0
    return (int(value / 90) % 4) * 90


def _frame(page: PageObject, turn: int) -> _Frame:
    box = page.cropbox
    x0, y0, w, h = float(box.left), float(box.bottom), float(box.width), float(box.height)
    rot = (_rotation(page) + turn) % 360
    disp_w, disp_h = (h, w) if rot in (90, 270) else (w, h)
    return _Frame((x0, y0, w, h), rot, disp_w, disp_h)


def _about_centre(angle: float, width: float, height: float) -> Transformation:
    """Turn ``angle`` degrees counter-clockwise (PDF space) around the centre of a page."""
    return (
        Transformation()
        .translate(-width / 2, -height / 2)
        .rotate(angle)
        .translate(width / 2, height / 2)
    )


def _as_form(writer: PdfWriter, page: PageObject) -> IndirectObject | None:
    """``page`` as a form XObject in ``writer``: its one content stream copied as it is (still
    compressed), its resources, its media box as the form's box. None for a page this does
    not cover (several content streams, annotations): the caller merges it with pypdf."""
    contents = page.get("/Contents")
    raw = contents.get_object() if contents is not None else None
    if not isinstance(raw, StreamObject) or "/Annots" in page:
        return None
    form = raw.clone(writer, force_duplicate=True, ignore_fields=("/Length",))
    box = page.mediabox
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(
        [
            FloatObject(box.left),
            FloatObject(box.bottom),
            FloatObject(box.right),
            FloatObject(box.top),
        ]
    )
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.clone(writer)
    ref = form.indirect_reference
    return ref if isinstance(ref, IndirectObject) else writer._add_object(form)


def _draw(
    writer: PdfWriter, page: PageObject, forms: list[tuple[IndirectObject, Transformation]]
) -> None:
    """Draw each form over ``page``'s own content (kept in its own graphics state), with its
    matrix: what pypdf's ``merge_transformed_page`` does, without parsing and rewriting the
    content streams (tesseract's text layer is one operator per word: 60-70 % of the
    searchable PDF's CPU went there)."""
    resources = page.get("/Resources")
    res = DictionaryObject(resources.get_object() if resources is not None else {})
    xobjects = res.get("/XObject")
    xobj = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
    ops = []
    for i, (form, ctm) in enumerate(forms):
        name = f"/AspaLayer{i}"
        while name in xobj:
            name += "x"
        xobj[NameObject(name)] = form
        # Written as pypdf's merge writes a matrix (FloatObject's precision): same positions.
        matrix = " ".join(FloatObject(v).myrepr() for v in ctm.ctm)
        ops.append(f"q {matrix} cm {name} Do Q")
    res[NameObject("/XObject")] = xobj
    page[NameObject("/Resources")] = res
    existing = page.get("/Contents")
    if existing is None:
        streams: list[object] = []
    elif isinstance(existing.get_object(), ArrayObject):
        streams = list(existing.get_object())
    else:
        streams = [existing]
    head, tail = DecodedStreamObject(), DecodedStreamObject()
    head.set_data(b"q\n")
    tail.set_data(("\nQ\n" + "\n".join(ops) + "\n").encode())
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(head), *streams, writer._add_object(tail)]
    )


def _overlay(writer: PdfWriter, original: PageObject, text: PageObject, part: OverlayPage) -> None:
    frame = _frame(original, part.turn)
    tw, th = float(text.mediabox.width), float(text.mediabox.height)
    to_display = Transformation().scale(frame.width / tw, frame.height / th)
    text_form = _as_form(writer, text)
    if abs(part.skew) <= MAX_TEXT_SKEW:
        # Keep the page object; the text is laid on the scan's slant and rotated into user
        # space. (u, v) text -> slanted -> displayed -> user.
        page = writer.add_page(original)
        page[NameObject("/Rotate")] = NumberObject(frame.rotate)
        ctm = _about_centre(part.skew, tw, th) if part.skew else Transformation()
        ctm = ctm.transform(to_display).transform(
            Transformation(_TO_USER[frame.rotate](*frame.box))
        )
        if text_form is not None:
            _draw(writer, page, [(text_form, ctm)])
            return
        page.merge_transformed_page(text, ctm, over=True)
        page.compress_content_streams()  # the merge leaves the text's stream uncompressed
        return
    # Draw the original page upright: user -> displayed -> deskewed (clockwise by skew).
    page = writer.add_blank_page(width=frame.width, height=frame.height)
    ctm = Transformation(_TO_DISPLAY[frame.rotate](*frame.box)).transform(
        _about_centre(-part.skew, frame.width, frame.height)
    )
    # The original's own content is a few operators: merged by pypdf as before (a viewer
    # resamples the image exactly as it did), the text layer drawn over it as a form.
    page.merge_transformed_page(original, ctm)
    if text_form is not None:
        page.compress_content_streams()
        _draw(writer, page, [(text_form, to_display)])
        return
    page.merge_transformed_page(text, to_display, over=True)
    page.compress_content_streams()


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
            if isinstance(part, OverlayPage):
                _overlay(writer, reader.pages[index], PdfReader(part.text_pdf).pages[0], part)
            else:
                writer.add_page(reader.pages[index])
        if len(parts) > 1:
            # Every text page brings its own copy of tesseract's glyphless font: keep one.
            writer.compress_identical_objects()
        writer.add_metadata({"/Producer": "aspa-docflow OCR (tesseract, pypdf)"})
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        tmp = out_pdf.with_name(f".{out_pdf.name}.{os.getpid()}.part")
        with tmp.open("wb") as fh:
            writer.write(fh)
        tmp.replace(out_pdf)
    except (PyPdfError, OSError, ValueError) as e:
        raise OcrError("The searchable PDF could not be assembled.") from e


# EXIF orientation -> the page /Rotate that shows the stored pixels upright (clockwise).
# Mirrored orientations (2, 4, 5, 7) cannot be shown by /Rotate alone.
EXIF_TO_ROTATE = {1: 0, 3: 180, 6: 90, 8: 270}
_JPEG_COLOUR = {"L": "/DeviceGray", "RGB": "/DeviceRGB"}


def image_page(img: Image.Image, src: Path | None, dpi: int, rotate: int, dest: Path) -> bool:
    """Write a one-page PDF that holds a page image exactly as it was scanned.

    A JPEG file (``src``) goes in byte for byte (DCTDecode); a 1-bit image as CCITT G4 (the
    same bits, losslessly). ``rotate`` (from EXIF) is set as the page's ``/Rotate``.

    Returns:
        False when the image is neither (the caller falls back to tesseract's own page).
    """
    w, h = img.size
    if src is not None and img.format == "JPEG" and img.mode in _JPEG_COLOUR:
        data = src.read_bytes()
        fields = {
            "/Filter": NameObject("/DCTDecode"),
            "/ColorSpace": NameObject(_JPEG_COLOUR[img.mode]),
            "/BitsPerComponent": NumberObject(8),
        }
    elif img.mode == "1":
        buf = io.BytesIO()
        img.save(buf, "TIFF", compression="group4", strip_size=math.ceil(w / 8) * h)
        buf.seek(0)
        with TiffImagePlugin.TiffImageFile(buf) as tif:
            offsets, counts = tif.tag_v2[273], tif.tag_v2[279]  # StripOffsets, StripByteCounts
        if len(offsets) != 1:
            return False
        data = buf.getvalue()[offsets[0] : offsets[0] + counts[0]]
        parms = DictionaryObject()
        parms.update(
            {
                NameObject("/K"): NumberObject(-1),
                NameObject("/Columns"): NumberObject(w),
                NameObject("/Rows"): NumberObject(h),
                NameObject("/BlackIs1"): BooleanObject(True),
            }
        )
        fields = {
            "/Filter": NameObject("/CCITTFaxDecode"),
            "/DecodeParms": parms,
            "/ColorSpace": NameObject("/DeviceGray"),
            "/BitsPerComponent": NumberObject(1),
        }
    else:
        return False
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(k): v for k, v in fields.items()})
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(w),
            NameObject("/Height"): NumberObject(h),
        }
    )
    pw, ph = w * POINTS_PER_INCH / dpi, h * POINTS_PER_INCH / dpi
    writer = PdfWriter()
    page = writer.add_blank_page(width=pw, height=ph)
    xobjects = DictionaryObject({NameObject("/Im0"): writer._add_object(stream)})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    content = DecodedStreamObject()
    content.set_data(f"q {pw:.4f} 0 0 {ph:.4f} 0 0 cm /Im0 Do Q".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    if rotate:
        page.rotate(rotate)
    with dest.open("wb") as fh:
        writer.write(fh)
    return True
