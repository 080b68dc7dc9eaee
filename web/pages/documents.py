"""Document resources shared by the roles' pages: masked page images and the masked PDF.

Every image is masked (identity codes, IBANs, extracted fields blacked out); the unmasked page
is the provider's audited reveal (``?reveal=1``), recorded like the reveal of the fields.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from auth import check_document_access
from auth.errors import ForbiddenError
from auth.models import Role
from pipeline.errors import ConflictError, NotFoundError

from ..redaction import masked_pdf
from ..thumbnails import page_png
from ._common import ReaderUser, audit_once, db, runtime

router = APIRouter(prefix="/documents", include_in_schema=False)

REVEAL_ROLES = (Role.provider, Role.admin)
WIDTHS = (600, 900, 1400)
NO_STORE = {"Cache-Control": "private, no-store"}


def _source(request: Request, user: ReaderUser, document_id: str) -> dict[str, Any]:
    with db(request) as s:
        doc = check_document_access(s, user, document_id)
        key: str | None = doc.pdf_key or doc.blob_key or doc.submission.blob_key
        media = "application/pdf" if doc.pdf_key else (doc.media_type or doc.submission.media_type)
        if doc.submission.quarantined and not doc.pdf_key:
            # A refused file may be a decompression bomb: it is never rendered.
            raise ConflictError("A refused file is not previewed.")
        if not key:
            raise ConflictError("The document has no file yet.")
        # Fields the masking covers (their masked form differs): black out their values too.
        extra = [
            str(f.get("value") or "")
            for f in doc.fields or []
            if f.get("masked") and f.get("masked") != f.get("value")
        ]
        return {"key": key, "media": media, "extra": extra, "id": doc.id, "pages": doc.page_count}


async def _page(
    request: Request, user: ReaderUser, document_id: str, number: int, width: int, reveal: bool
) -> Response:
    if reveal and not user.has_role(*REVEAL_ROLES):
        raise ForbiddenError()
    if number < 1:
        raise NotFoundError("No such page.")
    width = min(WIDTHS, key=lambda w: abs(w - width))

    def load() -> bytes:
        src = _source(request, user, document_id)
        if number > (src["pages"] or 1):
            raise NotFoundError("No such page.")
        data = runtime(request).store.read_bytes(src["key"])
        out = page_png(
            data, src["media"], number=number, width_px=width, mask=not reveal, extra=src["extra"]
        )
        with db(request) as s:
            action = "revealed_image" if reveal else "previewed"
            audit_once(s, user, action, src["id"], page=number)
        return out

    png = await run_in_threadpool(load)
    return Response(png, media_type="image/png", headers=NO_STORE)


@router.get("/{document_id}/page1.png")
async def page_preview(request: Request, document_id: str, user: ReaderUser) -> Response:
    """Page 1, masked (kept for links made before the page viewer)."""
    return await _page(request, user, document_id, 1, 600, False)


@router.get("/{document_id}/pages/{number}.png")
async def page_image(
    request: Request,
    document_id: str,
    number: int,
    user: ReaderUser,
    width: int = 900,
    reveal: bool = False,
) -> Response:
    """Page ``number`` masked; ``reveal=1`` unmasked for provider staff (recorded)."""
    return await _page(request, user, document_id, number, width, reveal)


@router.get("/{document_id}/masked.pdf")
async def masked_document(request: Request, document_id: str, user: ReaderUser) -> Response:
    """The whole document as a PDF of masked page images (for roles without the reveal)."""

    def load() -> bytes:
        src = _source(request, user, document_id)
        data = masked_pdf(runtime(request).store.read_bytes(src["key"]), src["media"], src["extra"])
        with db(request) as s:
            audit_once(s, user, "downloaded", src["id"], masked=True)
        return data

    pdf = await run_in_threadpool(load)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**NO_STORE, "Content-Disposition": f'inline; filename="{document_id}-masked.pdf"'},
    )
