"""Batch splitting: one scan of several customers' papers becomes one file per document.

Where a batch is cut:

- **Separator sheets** (:mod:`channels.separator`): when the batch holds at least one, it is cut
  only there (the counter said explicitly where each customer's papers begin). Separator pages
  are dropped, and so is a blank page right after one (the back of a sheet in a duplex scan).
- **Otherwise, at form first pages**: a new document starts at every page whose top text
  ``looks_like_first_page`` accepts (a form code such as ``AT 1`` or a form title; the lead wires
  this to the catalogue/rule classifier). Pages before the first such page stay with it.

Page numbers are 1-based everywhere in this module, like the printed page numbers and
``Document.page_range``; a part is a ``range`` of page numbers (``range(1, 3)`` = pages 1-2).
PDFs are cut with pypdf (pages copied as they are: no re-rendering, text layers kept);
multi-page TIFFs with Pillow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import FileNotDecryptedError, PyPdfError

from pipeline.errors import CorruptFileError, EncryptedPdfError

from .errors import NotABatchError
from .separator import is_separator

TopText = Callable[[Image.Image], str]
FirstPageTest = Callable[[str], bool]


@dataclass(frozen=True)
class PageInfo:
    """What splitting needs to know about one page."""

    number: int  # 1-based
    is_separator: bool = False
    top_text: str = ""
    is_blank: bool = False


@dataclass(frozen=True)
class SplitPart:
    """One document cut out of a batch."""

    path: Path
    pages: range  # page numbers in the original batch

    @property
    def page_range(self) -> str:
        return page_range_label(self.pages)


def page_range_label(pages: range) -> str:
    """``"3-5"`` for pages 3..5, ``"4"`` for one page (the ``Document.page_range`` format)."""
    first, last = pages[0], pages[-1]
    return str(first) if first == last else f"{first}-{last}"


def split_points(
    pages: Sequence[PageInfo],
    looks_like_first_page: FirstPageTest | None = None,
) -> list[range]:
    """Where to cut a batch.

    Args:
        pages: Every page of the batch, in order.
        looks_like_first_page: Recognises the top text of a form's first page; used only when
            the batch holds no separator sheet. ``None`` keeps a batch without separators whole.

    Returns:
        Ranges of 1-based page numbers, one per document, without separator pages (and without
        blank pages right after a separator). Empty when the batch is only separators.
    """
    if any(p.is_separator for p in pages):
        return _cut(pages, starts_new=lambda p: False, by_separators=True)
    if looks_like_first_page is None:
        return _cut(pages, starts_new=lambda p: False, by_separators=False)
    test = looks_like_first_page
    return _cut(pages, starts_new=lambda p: test(p.top_text), by_separators=False)


def _cut(
    pages: Sequence[PageInfo], *, starts_new: Callable[[PageInfo], bool], by_separators: bool
) -> list[range]:
    parts: list[range] = []
    current: list[int] = []
    has_start = False  # the current part already holds a form's first page
    after_separator = False

    def close() -> None:
        nonlocal has_start
        if current:
            parts.append(range(current[0], current[-1] + 1))
            current.clear()
        has_start = False

    for page in pages:
        if by_separators and page.is_separator:
            close()
            after_separator = True
            continue
        if after_separator and page.is_blank and not current:
            continue  # the back of the separator sheet
        after_separator = False
        is_start = starts_new(page)
        if current and ((is_start and has_start) or page.number != current[-1] + 1):
            close()
        has_start = has_start or is_start
        current.append(page.number)
    close()
    return parts


def is_blank(image: Image.Image, *, ink_ratio: float = 0.002) -> bool:
    """True when less than ``ink_ratio`` of the page is dark (scanner noise allowed)."""
    small = image.convert("L").resize((170, 240))
    dark = sum(small.histogram()[:128])
    return dark < ink_ratio * small.width * small.height


def page_images(src: Path, *, dpi: int = 100) -> Iterator[Image.Image]:
    """The pages of a PDF (rendered at ``dpi``) or a multi-page TIFF, one image at a time.

    Raises:
        NotABatchError: ``src`` is neither a PDF nor a TIFF.
        CorruptFileError: The file cannot be read.
    """
    kind = batch_kind(src)
    if kind == "pdf":
        import pypdfium2 as pdfium

        try:
            doc = pdfium.PdfDocument(str(src))
        except pdfium.PdfiumError as e:
            raise CorruptFileError() from e
        try:
            for i in range(len(doc)):
                page = doc[i]
                try:
                    yield page.render(scale=dpi / 72).to_pil()
                finally:
                    page.close()
        finally:
            doc.close()
        return
    try:
        with Image.open(src) as tif:
            for frame in ImageSequence.Iterator(tif):
                yield frame.copy()
    except (UnidentifiedImageError, OSError) as e:
        raise CorruptFileError() from e


def analyse_pages(
    src: Path,
    *,
    top_text: TopText | None = None,
    dpi: int = 100,
    top_fraction: float = 0.25,
) -> list[PageInfo]:
    """Look at every page of a batch: separator? blank? what is written at the top?

    Args:
        src: The batch (PDF or TIFF).
        top_text: Reads the text of an image (the lead passes OCR of the page's top part);
            ``None`` leaves ``top_text`` empty.
        dpi: Rendering resolution; 100 is enough for our 9 cm QR code.
        top_fraction: How much of the page height counts as its top.
    """
    infos: list[PageInfo] = []
    for number, image in enumerate(page_images(src, dpi=dpi), start=1):
        separator = is_separator(image)
        text = ""
        if top_text is not None and not separator:
            top = image.crop((0, 0, image.width, max(1, int(image.height * top_fraction))))
            text = top_text(top)
        infos.append(
            PageInfo(number, is_separator=separator, top_text=text, is_blank=is_blank(image))
        )
    return infos


def batch_kind(src: Path) -> str:
    """``"pdf"`` or ``"tiff"`` by magic bytes. Raises :class:`NotABatchError` otherwise."""
    with open(src, "rb") as f:
        head = f.read(1024)
    if b"%PDF-" in head:
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    raise NotABatchError()


def split_pdf(src: Path, parts: Sequence[range], out_dir: Path) -> list[Path]:
    """Write each part of a PDF to ``out_dir/<stem>-partNN.pdf``.

    Raises:
        EncryptedPdfError, CorruptFileError: The PDF cannot be read.
        ValueError: A part names a page the PDF does not have.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        reader = PdfReader(str(src))
        total = len(reader.pages)
    except FileNotDecryptedError as e:
        raise EncryptedPdfError() from e
    except (PyPdfError, ValueError, KeyError, RecursionError) as e:
        raise CorruptFileError() from e
    if reader.is_encrypted:
        raise EncryptedPdfError()
    _check(parts, total)
    paths: list[Path] = []
    for i, part in enumerate(parts, start=1):
        path = out_dir / f"{src.stem}-part{i:02}.pdf"
        try:  # pages are parsed lazily: a damaged page fails here, not at open
            writer = PdfWriter()
            for number in part:
                writer.add_page(reader.pages[number - 1])
            with open(path, "wb") as f:
                writer.write(f)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
            raise CorruptFileError() from e
        paths.append(path)
    return paths


def split_tiff(src: Path, parts: Sequence[range], out_dir: Path) -> list[Path]:
    """Write each part of a multi-page TIFF to ``out_dir/<stem>-partNN.tif``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with Image.open(src) as tif:
            frames = [f.copy() for f in ImageSequence.Iterator(tif)]
    except (UnidentifiedImageError, OSError) as e:
        raise CorruptFileError() from e
    _check(parts, len(frames))
    paths: list[Path] = []
    for i, part in enumerate(parts, start=1):
        chosen = [frames[n - 1] for n in part]
        path = out_dir / f"{src.stem}-part{i:02}.tif"
        compression = "group4" if chosen[0].mode == "1" else "tiff_lzw"
        dpi = chosen[0].info.get("dpi")
        extra = {"dpi": dpi} if dpi else {}
        chosen[0].save(
            path, save_all=True, append_images=chosen[1:], compression=compression, **extra
        )
        paths.append(path)
    return paths


def split_file(src: Path, parts: Sequence[range], out_dir: Path) -> list[Path]:
    """:func:`split_pdf` or :func:`split_tiff`, by the file's magic bytes."""
    if batch_kind(src) == "pdf":
        return split_pdf(src, parts, out_dir)
    return split_tiff(src, parts, out_dir)


def split_batch(
    src: Path,
    out_dir: Path,
    *,
    top_text: TopText | None = None,
    looks_like_first_page: FirstPageTest | None = None,
    dpi: int = 100,
) -> list[SplitPart]:
    """Analyse a batch, decide the cuts and write the parts (the whole flow in one call).

    Returns:
        One :class:`SplitPart` per document; a batch with no cut yields one part with all
        pages (written as a copy), and a batch of separator sheets only yields none.
    """
    pages = analyse_pages(src, top_text=top_text, dpi=dpi)
    parts = split_points(pages, looks_like_first_page)
    paths = split_file(src, parts, out_dir)
    return [SplitPart(path, pages) for path, pages in zip(paths, parts, strict=True)]


def _check(parts: Sequence[range], total: int) -> None:
    for part in parts:
        if len(part) == 0 or part[0] < 1 or part[-1] > total:
            raise ValueError(f"part {part} is outside pages 1..{total}")
