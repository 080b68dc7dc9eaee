"""Documents: state, classification, error and the searchable PDF."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from auth import CurrentUser, check_document_access, require_role, visible_document_filter
from auth.models import Role
from pipeline.db import session_scope
from pipeline.errors import ConflictError
from pipeline.masking import mask_text
from pipeline.models import AuditEvent, Document
from pipeline.search import MAX_PER_PAGE, SORTS, DocumentQuery, search
from pipeline.service import describe

from ..deps import ActorDep, RuntimeDep
from ..schemas import DocumentList, DocumentSummary, DocumentView

router = APIRouter(
    prefix="/api/v1/documents",
    tags=["documents"],
    dependencies=[
        Depends(require_role(Role.advisor, Role.provider, Role.operator, scope="documents:read"))
    ],
)


@router.get("", response_model=DocumentList)
def list_documents(
    rt: RuntimeDep,
    user: CurrentUser,
    q: Annotated[str, Query(max_length=200, description="Words of the OCR text.")] = "",
    authority: str | None = None,
    service: str | None = None,
    state: str | None = None,
    returned: bool | None = None,
    since: Annotated[date | None, Query(description="Received on or after (Finnish date).")] = None,
    until: Annotated[date | None, Query(description="Received on or before.")] = None,
    language: str | None = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    max_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    sort: Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$")] = "received",
    order: Literal["asc", "desc"] = "desc",
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50,
) -> DocumentList:
    """Search the documents the caller may see: full text (Finnish and Swedish inflections
    found: ``asumistuen`` finds ``asumistuki``), filters, sorting and paging.

    Advisors see their service point's documents, provider staff those delivered to their
    authority; the total counts every match.
    """
    query = DocumentQuery(
        q=q, authority=authority, service=service, state=state, returned=returned,
        since=since, until=until, language=language, min_confidence=min_confidence,
        max_confidence=max_confidence, sort=sort, descending=order == "desc", page=page,
        per_page=per_page,
    )  # fmt: skip
    with session_scope(rt.session_factory) as s:
        result = search(s, query, scope=visible_document_filter(user))
        rows = [
            DocumentSummary(
                document_id=d.id,
                name=mask_text(d.source_name or d.submission.filename or ""),
                state=d.state,
                authority=d.authority,
                service=d.service,
                confidence=d.confidence,
                language=d.language,
                pages=d.page_count,
                service_point=d.submission.service_point,
                received_at=d.submission.received_at.isoformat(),
            )
            for d in result.documents
        ]
    return DocumentList(
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        pages=result.pages,
        documents=rows,
    )


@router.get("/{document_id}", response_model=DocumentView)
def get_document(
    document_id: str, rt: RuntimeDep, actor: ActorDep, user: CurrentUser, text: bool = False
) -> DocumentView:
    """A document's state, classification, masked fields, deliveries and error.

    Provider staff see only documents delivered to their authority, advisors those of their
    service point; any other id answers 404. With ``text=true`` the OCR text is included with
    identity codes and IBANs masked; only a caller with the reveal permission (provider staff,
    admins; tokens with ``documents:reveal``) gets it unmasked, audited as ``revealed_text``.
    """
    with session_scope(rt.session_factory) as s:
        check_document_access(s, user, document_id)
    view = describe(rt, document_id, with_text=text)
    reveal = text and user.may_reveal
    if text and not reveal:
        view["text"] = mask_text(view.get("text") or "")
    if user.role == Role.provider:
        view["deliveries"] = [d for d in view["deliveries"] if d["authority"] == user.authority]
    with session_scope(rt.session_factory) as s:
        action = "revealed_text" if reveal else "viewed"
        s.add(AuditEvent(actor=actor, action=action, document_id=document_id))
    return DocumentView(**view)


@router.get(
    "/{document_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def get_pdf(document_id: str, rt: RuntimeDep, actor: ActorDep, user: CurrentUser) -> Response:
    """The searchable PDF (after OCR)."""

    def load() -> bytes:
        with session_scope(rt.session_factory) as s:
            doc: Document = check_document_access(s, user, document_id)
            if not doc.pdf_key:
                raise ConflictError("The searchable PDF is not ready yet.")
            s.add(AuditEvent(actor=actor, action="downloaded", document_id=document_id))
            key = doc.pdf_key
        return rt.store.read_bytes(key)

    data = await run_in_threadpool(load)
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{document_id}.pdf"'},
    )
