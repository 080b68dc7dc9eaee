"""The two ways to run tesseract on a page, behind one small interface.

* :class:`LibraryEngine`: libtesseract through tesserocr, the models loaded once per OCR worker
  process and reused page after page (loading ``fin+swe+eng`` costs 0.12 s of CPU with the
  library, 0.35-0.4 s in every run of the command). Orientation detection has its own loaded
  engine (``osd``): asking the recognition engine aborted the process.
* :class:`CommandEngine`: the ``tesseract`` command per page (``_tesseract.py``), for a
  platform without the tesserocr wheel, and the reference in tests.

Both write the same one-page PDF (tesseract's own PDF renderer, text-only when the page is laid
over the original) and return the same :class:`Recognition` from tesseract's TSV.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PIL import Image

from pipeline.errors import OcrError, OcrTimeoutError
from pipeline.ocr import _tesseract
from pipeline.ocr._recognition import Orientation, Recognition, from_tsv
from pipeline.ocr.types import Backend

if TYPE_CHECKING:
    from tesserocr import PyTessBaseAPI

# Debian's tessdata (tesseract-ocr-* packages), which the wheel's libtesseract 5.5 reads.
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata/", "/usr/share/tessdata/")


class Engine(Protocol):
    name: str

    def recognize(
        self,
        img: Image.Image,
        image_file: Path | None,
        out_base: Path,
        *,
        dpi: int,
        timeout: float,
        text_only: bool,
    ) -> Recognition: ...

    def orientation(
        self, img: Image.Image, image_file: Path | None, out_base: Path, *, dpi: int, timeout: float
    ) -> Orientation | None: ...

    def quick(self, img: Image.Image, *, timeout: float) -> str:
        """Plain text of a small image read as one block (``--psm 6``)."""
        ...


def write_image(img: Image.Image, base: Path) -> Path:
    """The page as an uncompressed TIFF, which leptonica reads row by row with ``memcpy``.

    PNM was cheaper to write but leptonica reads it sample by sample: 12 % of tesseract's
    instructions on a grey A4 page (1.29 of 10.2 G, callgrind), 280 ms against 17 ms for the
    TIFF here; a 1-bit page 37 ms against 2 ms. Same pixels, same TSV. A 1-bit page stays
    1-bit, so tesseract embeds it with CCITT G4 (small) instead of JPEG."""
    path = base.with_suffix(".tif")
    img.save(path, "TIFF")
    return path


class CommandEngine:
    """One ``tesseract`` process per run."""

    name = "cli"

    def __init__(self, languages: str) -> None:
        self.languages = languages

    def recognize(
        self,
        img: Image.Image,
        image_file: Path | None,
        out_base: Path,
        *,
        dpi: int,
        timeout: float,
        text_only: bool,
    ) -> Recognition:
        path = image_file or write_image(img, out_base)
        return _tesseract.recognize(
            path, out_base, languages=self.languages, dpi=dpi, timeout=timeout, text_only=text_only
        )

    def orientation(
        self, img: Image.Image, image_file: Path | None, out_base: Path, *, dpi: int, timeout: float
    ) -> Orientation | None:
        path = image_file or write_image(img, out_base)
        return _tesseract.detect_orientation(path, dpi=dpi, timeout=timeout)

    def quick(self, img: Image.Image, *, timeout: float) -> str:
        return _tesseract.quick(img, languages=self.languages, timeout=timeout)


def library_available() -> bool:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return tessdata() is not None


def tessdata() -> str | None:
    for d in (os.environ.get("TESSDATA_PREFIX"), *TESSDATA_DIRS):
        if d and Path(d, "eng.traineddata").is_file():
            return d if d.endswith("/") else d + "/"
    return None


LOADS = 0  # engines loaded in this process (tests check that workers keep theirs)


class LibraryEngine:
    """libtesseract kept loaded: one recognition and one OSD engine, used by one thread."""

    name = "tesserocr"

    def __init__(self, languages: str) -> None:
        from tesserocr import PSM, PyTessBaseAPI

        self.languages = languages
        self._path = tessdata()
        try:
            self._api: PyTessBaseAPI = PyTessBaseAPI(
                path=self._path or "",
                lang=languages,
                psm=PSM.AUTO,
                variables=dict(_tesseract.RECOGNITION_VARIABLES),
            )
        except RuntimeError as e:
            raise OcrError(
                f"Tesseract could not load the languages {languages!r} "
                "(install tesseract-ocr-LANG, make deps)."
            ) from e
        self._osd: PyTessBaseAPI | None = None
        self._lock = threading.Lock()
        global LOADS
        LOADS += 1

    def recognize(
        self,
        img: Image.Image,
        image_file: Path | None,
        out_base: Path,
        *,
        dpi: int,
        timeout: float,
        text_only: bool,
    ) -> Recognition:
        # From a file, as the command reads it: ProcessPage (from memory) wrote a PDF without
        # header and trailer with tesserocr 2.13; ProcessPages brackets the page properly.
        path = image_file or write_image(img, out_base)
        api = self._api
        with self._lock:
            api.SetVariable("user_defined_dpi", str(dpi))
            api.SetVariable("tessedit_create_pdf", "1")
            api.SetVariable("textonly_pdf", "1" if text_only else "0")
            start = time.monotonic()
            ok = api.ProcessPages(str(out_base), str(path), timeout=max(1, int(timeout * 1000)))
            if not ok:
                if time.monotonic() - start >= timeout * 0.95:
                    raise OcrTimeoutError(
                        f"Text recognition of a page took longer than {timeout:g} s; "
                        "it will be retried."
                    )
                raise OcrError("Tesseract failed on a page.")
            text, tsv = api.GetUTF8Text(), api.GetTSVText(0)
            api.Clear()  # drop the page's results now, not at the next page
        pdf = out_base.with_suffix(".pdf")
        if not pdf.exists():
            raise OcrError("Tesseract wrote no PDF for a page.")
        return from_tsv(text, pdf, tsv)

    def orientation(
        self, img: Image.Image, image_file: Path | None, out_base: Path, *, dpi: int, timeout: float
    ) -> Orientation | None:
        from tesserocr import PSM, PyTessBaseAPI

        with self._lock:
            if self._osd is None:
                self._osd = PyTessBaseAPI(path=self._path or "", lang="osd", psm=PSM.OSD_ONLY)
            osd = self._osd
            osd.SetVariable("user_defined_dpi", str(dpi))
            osd.SetImage(img)
            try:
                found: dict[str, Any] | None = osd.DetectOrientationScript()
            finally:
                osd.Clear()
        if not found:
            return None  # too few characters
        # orient_deg is how far the page is turned clockwise; the command's "Rotate:" (and
        # Orientation.rotate) is the clockwise turn that makes it upright.
        return Orientation(-int(found["orient_deg"]) % 360, float(found["orient_conf"]))

    def quick(self, img: Image.Image, *, timeout: float) -> str:
        from tesserocr import PSM

        api = self._api
        with self._lock:
            api.SetPageSegMode(PSM.SINGLE_BLOCK)
            try:
                api.SetImage(img)
                if not api.Recognize(timeout=max(1, int(timeout * 1000))):
                    raise OcrTimeoutError(
                        f"Reading the top of a page took longer than {timeout:g} s."
                    )
                text: str = api.GetUTF8Text()
            finally:
                api.Clear()
                api.SetPageSegMode(PSM.AUTO)
        return text


_ENGINES: dict[tuple[str, str, int], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def resolve(backend: Backend) -> str:
    """The backend that runs: ``auto`` is tesserocr where it imports and finds tessdata."""
    if backend == "auto":
        return "tesserocr" if library_available() else "cli"
    return backend


def engine_for(backend: Backend, languages: str) -> Engine:
    """This thread's engine for these languages, loaded on first use and kept."""
    name = resolve(backend)
    key = (name, languages, threading.get_ident())
    with _ENGINES_LOCK:
        found = _ENGINES.get(key)
    if found is not None:
        return found
    if name == "tesserocr" and not library_available():
        raise OcrError(
            "ASPA_OCR_BACKEND=tesserocr, but tesserocr or the tessdata folder is missing; "
            "install it (pip install tesserocr) or set ASPA_OCR_BACKEND=cli."
        )
    made: Engine = LibraryEngine(languages) if name == "tesserocr" else CommandEngine(languages)
    with _ENGINES_LOCK:
        return _ENGINES.setdefault(key, made)
