"""Document resources shared by the roles' pages: the page-1 preview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from auth import check_document_access
from pipeline.errors import ConflictError

from ..thumbnails import page_png
from ._common import ReaderUser, audit, db, runtime

router = APIRouter(prefix="/documents", include_in_schema=False)


@router.get("/{document_id}/page1.png")
async def page_preview(request: Request, document_id: str, user: ReaderUser) -> Response:
    """Page 1 of the searchable PDF (or of the original before OCR) as PNG; audited."""

    def load() -> bytes:
        rt = runtime(request)
        with db(request) as s:
            doc = check_document_access(s, user, document_id)
            key: str | None = doc.pdf_key or doc.blob_key or doc.submission.blob_key
            media = (
                "application/pdf" if doc.pdf_key else (doc.media_type or doc.submission.media_type)
            )
            if doc.submission.quarantined and not doc.pdf_key:
                # A refused file may be a decompression bomb: it is never rendered.
                raise ConflictError("A refused file is not previewed.")
            if not key:
                raise ConflictError("The document has no file yet.")
            audit(s, user, "previewed", doc.id)
        return page_png(rt.store.read_bytes(key), media)

    png = await run_in_threadpool(load)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-store"})
