"""Intake: recognise the file from its bytes, enforce the limits, store the original.

Every file that reaches intake is kept: a good file under ``originals/<sha256>``, a bad one under
``quarantine/<sha256>`` with a ``rejected`` document that says why; only an oversize file's bytes
are not kept (its submission row records hash, size, who and when). The same bytes submitted
again at the same service point are linked to the first submission instead of being processed
twice; at another service point they make that point's own document.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, cast

from PIL import Image, UnidentifiedImageError
from sqlalchemy import String, select
from sqlalchemy.orm import Session

from ._pdfimages import embedded_images
from .errors import (
    ERROR_CODES,
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    ImageTooLargeError,
    ImageTooSmallError,
    InputError,
    TooLargeError,
    TooManyPagesError,
    TooManyPixelsError,
    UnsupportedTypeError,
)
from .filetypes import PDF, sniff
from .models import AuditEvent, Document, Submission
from .states import DocState
from .storage import BlobStore, sha256_file


@dataclass(frozen=True)
class Limits:
    """Input limits, all checked from headers before anything is decoded or rendered.

    ``max_pixels`` bounds one page or one embedded image, ``max_total_pixels`` the whole
    document (every page as rasterised plus every embedded image as decoded), ``min_side`` the
    smaller side of an image page (a 1 × 1 pixel file is no scan).
    """

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 100
    max_pixels: int = 60_000_000
    dpi: int = 300  # a PDF page is rasterised at this resolution, so it counts for max_pixels
    max_total_pixels: int = 1_000_000_000  # 100 A4 pages at 300 dpi, with room to spare
    min_side: int = 64
    max_files: int = 50  # files in one upload request
    time_budget_s: float = 1800.0  # OCR of one document, checked between pages


@dataclass(frozen=True)
class Inspection:
    media_type: str
    pages: int


@dataclass(frozen=True)
class IntakeResult:
    submission_id: str
    document_ids: tuple[str, ...]
    duplicate_of: str | None = None
    error: InputError | None = None


def inspect_file(path: Path, limits: Limits) -> Inspection:
    """Check a file against the type and the limits without trusting its name.

    Raises:
        InputError: one subclass per reason (empty, unsupported, corrupt, encrypted, too large,
            too many pages, too many pixels).
    """
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError()
    if size > limits.max_bytes:
        raise TooLargeError(
            f"The file is {size / 1048576:.1f} MiB; the limit is "
            f"{limits.max_bytes / 1048576:.0f} MiB. Split it or scan at a lower resolution."
        )
    with open(path, "rb") as f:
        head = f.read(2048)
    media_type = sniff(head)
    if media_type is None:
        raise UnsupportedTypeError()
    if media_type == PDF:
        return Inspection(PDF, _inspect_pdf(path, limits))
    return Inspection(media_type, _inspect_image(path, limits))


def _inspect_pdf(path: Path, limits: Limits) -> int:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise EncryptedPdfError()
                except (FileNotDecryptedError, NotImplementedError) as e:
                    raise EncryptedPdfError() from e
            pages = len(reader.pages)
            if pages == 0:
                raise CorruptFileError("The PDF has no pages. Scan or export it again.")
            if pages > limits.max_pages:
                raise TooManyPagesError(
                    f"The PDF has {pages} pages; the limit is {limits.max_pages}. "
                    "Split it into smaller parts."
                )
            total = 0
            for page in reader.pages:
                box = page.mediabox
                w = float(box.width) / 72 * limits.dpi
                h = float(box.height) / 72 * limits.dpi
                if w * h > limits.max_pixels:
                    mm_w, mm_h = float(box.width) / 72 * 25.4, float(box.height) / 72 * 25.4
                    raise ImageTooLargeError(
                        "A page of the PDF is too large to rasterise safely "
                        f"({mm_w:.0f} × {mm_h:.0f} mm)."
                    )
                total += int(w * h)
                # Embedded images are decoded when the page is rendered: a 1.5 MB file can
                # hold one 40000 × 40000 image (1.6 Gpx, gigabytes of memory).
                for iw, ih in embedded_images(page):
                    if iw * ih > limits.max_pixels:
                        raise ImageTooLargeError(
                            f"The PDF holds an image of {iw} × {ih} pixels "
                            f"({iw * ih / 1e6:.0f} Mpx); the limit is "
                            f"{limits.max_pixels / 1e6:.0f} Mpx. Scan at 300 dpi."
                        )
                    total += iw * ih
                _check_total(total, limits)
    except InputError:
        raise
    # PyPdfError covers pypdf's own limits (LimitReachedError) as well as read errors; a
    # crafted deep object graph can exhaust the recursion limit of its parser.
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        RecursionError,
    ) as e:
        raise CorruptFileError() from e
    return pages


def _check_total(total: int, limits: Limits) -> None:
    if total > limits.max_total_pixels:
        raise TooManyPixelsError(
            f"The document holds {total / 1e6:.0f} Mpx in all; the limit is "
            f"{limits.max_total_pixels / 1e6:.0f} Mpx. Split it or scan at 300 dpi."
        )


def _inspect_image(path: Path, limits: Limits) -> int:
    # Header-only checks of every frame come before any decoding; Pillow's own bomb check
    # (Image.MAX_IMAGE_PIXELS, left as it is for the whole process) is a second line.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                frames = getattr(img, "n_frames", 1)
                if frames > limits.max_pages:
                    raise TooManyPagesError(
                        f"The image has {frames} pages; the limit is {limits.max_pages}."
                    )
                total = 0
                for i in range(frames):
                    img.seek(i)
                    w, h = img.size
                    if w * h > limits.max_pixels:
                        raise ImageTooLargeError(
                            f"The image is {w} × {h} pixels ({w * h / 1e6:.0f} Mpx); the limit is "
                            f"{limits.max_pixels / 1e6:.0f} Mpx. Scan at 300 dpi."
                        )
                    if min(w, h) < limits.min_side:
                        raise ImageTooSmallError(
                            f"The image is only {w} × {h} pixels; a scan of a form is at least "
                            f"{limits.min_side} pixels on each side. Scan the page again."
                        )
                    total += w * h
                    _check_total(total, limits)
                for i in range(frames):  # decoding is bounded by the checks above
                    img.seek(i)
                    if img.format == "JPEG":
                        # Decoding at 1/8 scale still reads every entropy-coded block (a
                        # truncated or corrupt file fails alike) at ~60 % of the CPU.
                        w, h = img.size
                        img.draft(img.mode, (max(1, w // 8), max(1, h // 8)))
                    img.load()
    except InputError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ImageTooLargeError() from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as e:
        raise CorruptFileError() from e
    return frames


#: The length of the columns a file's name goes into (Submission.filename, Document.source_name).
MAX_FILENAME = min(
    cast(String, column.type).length or 10**9
    for column in (Submission.__table__.c.filename, Document.__table__.c.source_name)
)


def _fitting_name(name: str | None) -> str | None:
    """``name`` cut to its columns' length, keeping a short extension.

    An upload's name comes as the client sent it; PostgreSQL refused one over 500 characters
    with an error that became a 500 answer (the channels shorten their names already).
    """
    if name is None or len(name) <= MAX_FILENAME:
        return name
    suffix = PurePosixPath(name).suffix
    suffix = suffix if len(suffix) <= 10 else ""
    return name[: MAX_FILENAME - len(suffix)] + suffix


def accept_file(
    session: Session,
    store: BlobStore,
    path: Path,
    *,
    filename: str | None,
    channel: str,
    service_point: str,
    submitted_by: str | None,
    limits: Limits,
    hint: str | None = None,
    meta: dict[str, object] | None = None,
) -> IntakeResult:
    """Take one file into the system. Never raises for bad input: it becomes a rejected document.

    The caller commits the session; only then should the OCR stage be enqueued.
    """
    sha = sha256_file(path)
    actor = submitted_by or "system"
    filename = _fitting_name(filename)

    def submission(**kw: object) -> Submission:
        sub = Submission(
            channel=channel,
            service_point=service_point,
            submitted_by=submitted_by,
            filename=filename,
            sha256=sha,
            size_bytes=path.stat().st_size,
            meta=dict(meta or {}),
            **kw,
        )
        session.add(sub)
        session.flush()
        return sub

    def document(sub: Submission, action: str, details: dict[str, object], **kw: object) -> str:
        doc = Document(submission_id=sub.id, source_name=filename, hint=hint, **kw)
        session.add(doc)
        session.flush()
        session.add(AuditEvent(actor=actor, action=action, document_id=doc.id, details=details))
        return doc.id

    # Dedupe within the service point only: the same bytes at another point are that point's
    # own customer's document, and an answer must never carry another point's ids.
    first = session.scalar(
        select(Submission)
        .where(
            Submission.sha256 == sha,
            Submission.service_point == service_point,
            Submission.duplicate_of.is_(None),
        )
        .order_by(Submission.received_at)
        .limit(1)
    )
    if first is not None:
        sub = submission(
            media_type=first.media_type,
            blob_key=first.blob_key,
            quarantined=first.quarantined,
            duplicate_of=first.id,
        )
        doc_ids = tuple(
            session.scalars(
                select(Document.id)
                .where(Document.submission_id == first.id)
                .order_by(Document.part)
            )
        )
        session.add(
            AuditEvent(
                actor=actor,
                action="duplicate_received",
                details={"submission_id": sub.id, "duplicate_of": first.id},
            )
        )
        return IntakeResult(
            sub.id,
            doc_ids,
            duplicate_of=first.id,
            error=_rejection(session, doc_ids) if first.quarantined else None,
        )

    try:
        info = inspect_file(path, limits)
    except InputError as err:
        # An oversize file is refused without keeping its bytes: the submission row (hash, size,
        # who, when) is the quarantine record. Anything else is kept for a person to look at.
        key = "" if isinstance(err, TooLargeError) else f"quarantine/{sha}"
        if key:
            store.put_file(key, path)
        sub = submission(media_type=None, blob_key=key, quarantined=True)
        doc_id = document(
            sub,
            "rejected",
            {"code": err.code},
            state=DocState.rejected,
            error_code=err.code,
            error_message=err.message,
        )
        return IntakeResult(sub.id, (doc_id,), error=err)

    key = f"originals/{sha}"
    if not store.exists(key):
        store.put_file(key, path, content_type=info.media_type)
    sub = submission(media_type=info.media_type, blob_key=key)
    doc_id = document(
        sub,
        "received",
        {"channel": channel, "pages": info.pages},
        state=DocState.received,
        blob_key=key,
        media_type=info.media_type,
        page_count=info.pages,
    )
    return IntakeResult(sub.id, (doc_id,))


def _rejection(session: Session, doc_ids: tuple[str, ...]) -> InputError | None:
    """The input error an earlier submission of the same bytes was rejected with."""
    rejected = session.get(Document, doc_ids[0]) if doc_ids else None
    cls = ERROR_CODES.get(rejected.error_code or "") if rejected else None
    if rejected is None or cls is None or not issubclass(cls, InputError):
        return None
    return cls(rejected.error_message)


def copy_stream_to_temp(src: BinaryIO) -> Path:
    """Spool an upload stream to a temp file (the caller deletes it)."""
    fd, name = tempfile.mkstemp(prefix="aspa-up-")
    with open(fd, "wb") as out:
        shutil.copyfileobj(src, out, length=1 << 20)
    return Path(name)
